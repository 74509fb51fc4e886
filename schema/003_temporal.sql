-- Temporal projections: what the registry held about each model, for every pair of instants (DESIGN.md §5).
--
-- One row says: from `valid` (valid time: when it was so) as known during `known` (transaction time: when the
-- registry held it), `key` of a model had `value`. A key's value comes from one event (`position`); a later
-- event for the key ends the row's valid range where it takes over, and a back-dated event or a retraction
-- closes the rows it changes in transaction time and writes their successors, so what was known before stays
-- answerable exactly. `value` NULL means the key had no value (an alias removed, a grant revoked).
--
-- Kinds and keys:
--   model     'registered' {name, owner}, 'description' (string), 'tags' (object), 'protected_aliases' (array)
--   version   the version number; value = the VersionRegistered payload
--   alias     the alias name; value = the AliasSet payload
--   grant     role || ':' || principal; value = the AccessGranted payload
--   approval  the approving event's position; value = the VersionApproved payload
--
-- Like every projection it is derived data: `modelreg replay` rebuilds it and `replay --check` compares it.
-- The functions below only ever name `model_history` (never a partition), unqualified, so the check's temporary
-- shadow table receives the rebuild.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE model_history (
    model_id    uuid        NOT NULL,
    kind        text        NOT NULL,
    key         text        NOT NULL,
    value       jsonb,
    valid       tstzrange   NOT NULL CHECK (NOT isempty(valid)),
    known       tstzrange   NOT NULL CHECK (NOT isempty(known)),
    position    bigint      NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor       text        NOT NULL
) PARTITION BY LIST (kind);

CREATE TABLE model_metadata_history PARTITION OF model_history FOR VALUES IN ('model');
CREATE TABLE version_history PARTITION OF model_history FOR VALUES IN ('version');
CREATE TABLE alias_history PARTITION OF model_history FOR VALUES IN ('alias');
CREATE TABLE grant_history PARTITION OF model_history FOR VALUES IN ('grant');
CREATE TABLE approval_history PARTITION OF model_history FOR VALUES IN ('approval');

-- The bitemporal invariant, enforced: a key never has two values for the same pair of instants. The GiST index
-- behind each constraint is also the as-of lookup for one model: (model, key) and the point (at, known_at).
ALTER TABLE model_metadata_history ADD CONSTRAINT model_metadata_history_bitemporal
    EXCLUDE USING gist (model_id WITH =, key WITH =, valid WITH &&, known WITH &&);
ALTER TABLE version_history ADD CONSTRAINT version_history_bitemporal
    EXCLUDE USING gist (model_id WITH =, key WITH =, valid WITH &&, known WITH &&);
ALTER TABLE alias_history ADD CONSTRAINT alias_history_bitemporal
    EXCLUDE USING gist (model_id WITH =, key WITH =, valid WITH &&, known WITH &&);
ALTER TABLE grant_history ADD CONSTRAINT grant_history_bitemporal
    EXCLUDE USING gist (model_id WITH =, key WITH =, valid WITH &&, known WITH &&);
ALTER TABLE approval_history ADD CONSTRAINT approval_history_bitemporal
    EXCLUDE USING gist (model_id WITH =, key WITH =, valid WITH &&, known WITH &&);

-- Across models: "where did `production` point at T for every model" is one GiST scan.
CREATE INDEX alias_history_across_models ON alias_history USING gist (key, valid, known);
-- Maintenance finds the rows still believed now, by key and by the event that wrote them.
CREATE INDEX model_history_believed ON model_history (model_id, kind, key, lower(valid)) WHERE upper_inf(known);
CREATE INDEX model_history_by_event ON model_history (model_id, position) WHERE upper_inf(known);

-- Records that `key` took `value` from `p_effective` on, as known from `p_recorded`: the value holds until the
-- next event for the key in valid time (if any). The row it cuts into is closed in transaction time and its part
-- before `p_effective` written again. Answers whether a later event of the key stays in force after this one (the
-- event is back-dated before it), so the caller knows the current state did not change.
CREATE FUNCTION history_assert(
    p_model uuid, p_kind text, p_key text, p_value jsonb, p_effective timestamptz, p_recorded timestamptz,
    p_position bigint, p_actor text
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    cut         model_history;
    valid_until timestamptz;
BEGIN
    -- The believed rows of a key do not overlap: the one starting last at or before p_effective is the only
    -- candidate (the partial btree index finds it without visiting the key's closed rows).
    SELECT * INTO cut FROM model_history
    WHERE model_id = p_model AND kind = p_kind AND key = p_key AND upper_inf(known) AND lower(valid) <= p_effective
    ORDER BY lower(valid) DESC LIMIT 1;
    IF FOUND AND cut.valid @> p_effective THEN
        UPDATE model_history SET known = tstzrange(lower(known), p_recorded)
        WHERE model_id = p_model AND kind = p_kind AND key = p_key AND upper_inf(known) AND lower(valid) = lower(cut.valid);
        IF lower(cut.valid) < p_effective THEN
            INSERT INTO model_history (model_id, kind, key, value, valid, known, position, recorded_at, actor)
            VALUES (p_model, p_kind, p_key, cut.value, tstzrange(lower(cut.valid), p_effective), tstzrange(p_recorded, NULL),
                    cut.position, cut.recorded_at, cut.actor);
        END IF;
        valid_until := upper(cut.valid);
    ELSE
        SELECT min(lower(valid)) INTO valid_until FROM model_history
        WHERE model_id = p_model AND kind = p_kind AND key = p_key AND upper_inf(known) AND lower(valid) > p_effective;
    END IF;
    INSERT INTO model_history (model_id, kind, key, value, valid, known, position, recorded_at, actor)
    VALUES (p_model, p_kind, p_key, p_value, tstzrange(p_effective, valid_until), tstzrange(p_recorded, NULL),
            p_position, p_recorded, p_actor);
    RETURN valid_until IS NOT NULL;
END
$$;

-- Their statements name the partition by a parameter (kind); generic plans prune partitions at run time, while the
-- custom plans the plan cache would otherwise keep choosing re-plan a partitioned query on every call.
ALTER FUNCTION history_assert SET plan_cache_mode = force_generic_plan;

-- Several keys of one event at once (a registration sets four): true when any of them is superseded later.
CREATE FUNCTION history_assert_all(
    p_model uuid, p_kinds text[], p_keys text[], p_values jsonb[], p_effective timestamptz, p_recorded timestamptz,
    p_position bigint, p_actor text
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    superseded boolean := false;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(p_kinds), 0) LOOP
        IF history_assert(p_model, p_kinds[i], p_keys[i], p_values[i], p_effective, p_recorded, p_position, p_actor) THEN
            superseded := true;
        END IF;
    END LOOP;
    RETURN superseded;
END
$$;

-- Events withdrawn by a retraction, and from when. Part of the projection: the timeline of a key is recomputed
-- from the events still standing.
CREATE TABLE model_history_retractions (
    model_id     uuid        NOT NULL,
    position     bigint      NOT NULL,
    retracted_at timestamptz NOT NULL,
    PRIMARY KEY (model_id, position)
);

-- The valid-time timeline of one key from the events still standing: each in force from its effective time until
-- the next in (effective, position) order. A row's valid range always starts at its event's effective time (rows
-- are only ever cut on the right), so every event of the key can be read back from its rows, current or not.
CREATE FUNCTION history_timeline(p_model uuid, p_kind text, p_key text)
RETURNS TABLE (event_position bigint, value jsonb, recorded_at timestamptz, actor text, valid tstzrange)
LANGUAGE sql STABLE AS $$
    SELECT position, value, recorded_at, actor, valid FROM (
        SELECT e.position, e.value, e.recorded_at, e.actor,
               tstzrange(e.effective, lead(e.effective) OVER (ORDER BY e.effective, e.position)) AS valid
        FROM (
            SELECT DISTINCT ON (h.position) h.position, lower(h.valid) AS effective, h.value, h.recorded_at, h.actor
            FROM model_history h
            WHERE h.model_id = p_model AND h.kind = p_kind AND h.key = p_key
              AND NOT EXISTS (SELECT 1 FROM model_history_retractions r WHERE r.model_id = p_model AND r.position = h.position)
            ORDER BY h.position
        ) e
    ) t
    -- An event superseded at the same instant by a later-recorded one is never in force.
    WHERE NOT isempty(valid)
$$;

-- Withdraws what event `p_position` asserted, from `p_recorded` on: each key it set gets its timeline recomputed
-- without it; rows that change are closed in transaction time and their successors written.
CREATE FUNCTION history_retract(p_model uuid, p_position bigint, p_recorded timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    fact record;
BEGIN
    INSERT INTO model_history_retractions (model_id, position, retracted_at) VALUES (p_model, p_position, p_recorded)
    ON CONFLICT DO NOTHING;
    FOR fact IN SELECT DISTINCT h.kind, h.key FROM model_history h WHERE h.model_id = p_model AND h.position = p_position LOOP
        UPDATE model_history h SET known = tstzrange(lower(h.known), p_recorded)
        WHERE h.model_id = p_model AND h.kind = fact.kind AND h.key = fact.key AND upper_inf(h.known)
          AND NOT EXISTS (SELECT 1 FROM history_timeline(p_model, fact.kind, fact.key) t
                          WHERE t.event_position = h.position AND t.valid = h.valid);
        INSERT INTO model_history (model_id, kind, key, value, valid, known, position, recorded_at, actor)
        SELECT p_model, fact.kind, fact.key, t.value, t.valid, tstzrange(p_recorded, NULL), t.event_position, t.recorded_at, t.actor
        FROM history_timeline(p_model, fact.kind, fact.key) t
        WHERE NOT EXISTS (SELECT 1 FROM model_history h
                          WHERE h.model_id = p_model AND h.kind = fact.kind AND h.key = fact.key AND upper_inf(h.known)
                            AND h.position = t.event_position AND h.valid = t.valid);
    END LOOP;
END
$$;

-- Rewrites a model's current-state rows from what the history holds now (valid and known open-ended): after a
-- back-dated fact or a retraction, the newest event is no longer necessarily the one in force.
CREATE FUNCTION history_refresh_current(p_model uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM model_aliases WHERE model_id = p_model;
    INSERT INTO model_aliases (model_id, alias, version, since, set_by)
    SELECT model_id, key, (value ->> 'version')::integer, lower(valid), actor FROM model_history
    WHERE model_id = p_model AND kind = 'alias' AND upper_inf(valid) AND upper_inf(known) AND value IS NOT NULL;

    DELETE FROM model_grants WHERE model_id = p_model;
    INSERT INTO model_grants (model_id, principal, role, expires_at, granted_by, granted_at, reason)
    SELECT model_id, value ->> 'principal', value ->> 'role', (value ->> 'expires_at')::timestamptz, actor, lower(valid),
           value ->> 'reason'
    FROM model_history
    WHERE model_id = p_model AND kind = 'grant' AND upper_inf(valid) AND upper_inf(known) AND value IS NOT NULL;

    DELETE FROM model_approvals WHERE model_id = p_model;
    INSERT INTO model_approvals (position, model_id, version, alias, decision, approver, notes, approved_at)
    SELECT position, model_id, (value ->> 'version')::integer, value ->> 'alias', value ->> 'decision', value ->> 'approver',
           value ->> 'notes', lower(valid)
    FROM model_history WHERE model_id = p_model AND kind = 'approval' AND upper_inf(known);

    UPDATE models m SET
        description = coalesce((SELECT h.value #>> '{}' FROM model_history h WHERE h.model_id = p_model AND h.kind = 'model'
                                 AND h.key = 'description' AND upper_inf(h.valid) AND upper_inf(h.known)), m.description),
        tags = coalesce((SELECT h.value FROM model_history h WHERE h.model_id = p_model AND h.kind = 'model' AND h.key = 'tags'
                          AND upper_inf(h.valid) AND upper_inf(h.known)), m.tags),
        protected_aliases = coalesce((SELECT array(SELECT jsonb_array_elements_text(h.value)) FROM model_history h
                                       WHERE h.model_id = p_model AND h.kind = 'model' AND h.key = 'protected_aliases'
                                       AND upper_inf(h.valid) AND upper_inf(h.known)), m.protected_aliases),
        updated_at = (SELECT max(lower(h.valid)) FROM model_history h WHERE h.model_id = p_model AND upper_inf(h.known))
    WHERE m.model_id = p_model;
END
$$;

ALTER FUNCTION history_retract SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION history_refresh_current SET plan_cache_mode = force_generic_plan;

ALTER TABLE model_history OWNER TO modelreg_owner;
ALTER TABLE model_metadata_history OWNER TO modelreg_owner;
ALTER TABLE version_history OWNER TO modelreg_owner;
ALTER TABLE alias_history OWNER TO modelreg_owner;
ALTER TABLE grant_history OWNER TO modelreg_owner;
ALTER TABLE approval_history OWNER TO modelreg_owner;
ALTER TABLE model_history_retractions OWNER TO modelreg_owner;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE
    ON model_history, model_metadata_history, version_history, alias_history, grant_history, approval_history,
       model_history_retractions
    TO modelreg_app;
