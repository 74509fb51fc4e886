-- The prediction log: the high-volume lane of DESIGN.md §3. Every prediction the registry serves (or reconstructs
-- for an enquiry) is a row here, append-only like the ledger, range-partitioned by the time it was recorded, and
-- written in batches. Each batch is sealed in the same transaction by one `PredictionBatchSealed` ledger event that
-- carries the RFC 6962 Merkle root of the batch's leaves, so the ledger's hash chain vouches for every prediction.

CREATE TABLE prediction_batches (
    batch_id      uuid        PRIMARY KEY,
    size          integer     NOT NULL CHECK (size > 0),
    merkle_root   bytea       NOT NULL CHECK (octet_length(merkle_root) = 32),
    seal_position bigint      NOT NULL UNIQUE,
    sealed_at     timestamptz NOT NULL
);

CREATE TABLE predictions (
    prediction_id  uuid        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    batch_id       uuid        NOT NULL,
    leaf_index     integer     NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('served', 'reconstructed', 'reported')),
    model_id       uuid        NOT NULL,
    version        integer     NOT NULL,
    alias          text,
    caller         text        NOT NULL,
    request_id     text        NOT NULL,
    -- The canonical JSON the Merkle leaf hashes, as UTF-8 (every field above and the inputs and output, sorted
    -- keys): kept character for character so anyone can recompute the leaf.
    leaf           text        NOT NULL,
    PRIMARY KEY (recorded_at, prediction_id)
) PARTITION BY RANGE (recorded_at);

-- Rows outside the prepared months land here; `modelreg migrate` (and `serve`) prepare the months around now.
CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;
CREATE INDEX predictions_by_id ON predictions (prediction_id);
CREATE INDEX predictions_by_model ON predictions (model_id, recorded_at);

-- Creates the monthly partition holding `p_instant` if it does not exist yet (as the tables' owner).
CREATE FUNCTION prediction_prepare_month(p_instant timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    first_day timestamptz := date_trunc('month', p_instant AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    name      text := 'predictions_' || to_char(first_day AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF predictions FOR VALUES FROM (%L) TO (%L)',
                       name, first_day, first_day + interval '1 month');
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION ledger_reject_change()',
                       name || '_append_only', name);
    END IF;
    RETURN name;
EXCEPTION WHEN others THEN
    -- A concurrent creation, or rows of that month already in the default partition: they stay there.
    RETURN 'predictions_default';
END
$$;

CREATE TRIGGER predictions_default_append_only BEFORE UPDATE OR DELETE ON predictions_default
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER predictions_no_truncate BEFORE TRUNCATE ON predictions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER prediction_batches_append_only BEFORE UPDATE OR DELETE ON prediction_batches
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER prediction_batches_no_truncate BEFORE TRUNCATE ON prediction_batches
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- The owner creates monthly partitions (from the server, through the function), so it may create in the schema.
GRANT CREATE ON SCHEMA public TO modelreg_owner;
ALTER TABLE prediction_batches OWNER TO modelreg_owner;
ALTER TABLE predictions OWNER TO modelreg_owner;
ALTER TABLE predictions_default OWNER TO modelreg_owner;
ALTER FUNCTION prediction_prepare_month(timestamptz) OWNER TO modelreg_owner;
REVOKE EXECUTE ON FUNCTION prediction_prepare_month(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prediction_prepare_month(timestamptz) TO modelreg_app;
GRANT SELECT, INSERT ON prediction_batches, predictions TO modelreg_app;

SELECT prediction_prepare_month(now());
SELECT prediction_prepare_month(now() + interval '1 month');
