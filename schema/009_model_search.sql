-- Word search over the models list of the web UI (issue 7): each model's name, description and tags and every
-- version's description, card, metrics, lineage and tags in one document, with a trigram index so that
-- `document ILIKE '%word%'` is an index lookup, not a pass over every model and version.
--
-- Derived data like every projection, kept by triggers on the current-state tables (so the projector, `replay` and
-- every path that writes them keep it without knowing it exists), and only on changes that touch the document.
-- `replay` truncates `models`, which empties it; `replay --check` writes temporary tables with no triggers.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE model_search (
    model_id uuid PRIMARY KEY,
    document text NOT NULL
);
CREATE INDEX model_search_document ON model_search USING gin (document gin_trgm_ops);

CREATE FUNCTION model_search_refresh(p_model uuid) RETURNS void LANGUAGE sql AS $$
    DELETE FROM model_search WHERE model_id = p_model;
    INSERT INTO model_search (model_id, document)
    SELECT m.model_id,
           m.name || ' ' || m.description || ' ' || m.tags::text || ' ' || coalesce((
               SELECT string_agg(v.description || ' ' || coalesce(v.card::text, '') || ' ' || v.metrics::text || ' '
                                 || v.lineage::text || ' ' || v.tags::text, ' ' ORDER BY v.version)
               FROM model_versions v WHERE v.model_id = m.model_id), '')
    FROM models m WHERE m.model_id = p_model;
$$;

CREATE FUNCTION model_search_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM model_search_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.model_id ELSE NEW.model_id END);
    RETURN NULL;
END
$$;

CREATE FUNCTION model_search_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE model_search;
    RETURN NULL;
END
$$;

CREATE TRIGGER models_search_insert_delete AFTER INSERT OR DELETE ON models
    FOR EACH ROW EXECUTE FUNCTION model_search_on_change();
CREATE TRIGGER models_search_update AFTER UPDATE ON models
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description
                       OR OLD.tags IS DISTINCT FROM NEW.tags)
    EXECUTE FUNCTION model_search_on_change();
CREATE TRIGGER models_search_truncate AFTER TRUNCATE ON models
    FOR EACH STATEMENT EXECUTE FUNCTION model_search_clear();
CREATE TRIGGER model_versions_search_insert_delete AFTER INSERT OR DELETE ON model_versions
    FOR EACH ROW EXECUTE FUNCTION model_search_on_change();
CREATE TRIGGER model_versions_search_update AFTER UPDATE ON model_versions
    FOR EACH ROW WHEN (OLD.description IS DISTINCT FROM NEW.description OR OLD.card IS DISTINCT FROM NEW.card
                       OR OLD.metrics IS DISTINCT FROM NEW.metrics OR OLD.lineage IS DISTINCT FROM NEW.lineage
                       OR OLD.tags IS DISTINCT FROM NEW.tags)
    EXECUTE FUNCTION model_search_on_change();

-- Models registered before this migration.
SELECT model_search_refresh(model_id) FROM models;

ALTER TABLE model_search OWNER TO modelreg_owner;
GRANT SELECT, INSERT, DELETE, TRUNCATE ON model_search TO modelreg_app;

-- The models list in the past, in name order: the names (and deletions) in force at a point for every model are
-- one scan of this index rather than of every metadata row.
CREATE INDEX model_names_across_models ON model_metadata_history USING gist (key, valid, known)
    WHERE key IN ('registered', 'name', 'deleted');
