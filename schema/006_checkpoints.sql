-- Signed tree heads over the ledger (docs/VERIFYING.md §3). The registry signs the size and RFC 6962 root of the
-- ledger's Merkle tree with its Ed25519 key (kept outside the database) every N events or M minutes and on
-- demand. They are stored here so proofs can name them, and meant to be published elsewhere: a database superuser
-- who rewrites the ledger cannot sign new ones, and cannot make the old ones match.

CREATE TABLE ledger_checkpoints (
    tree_size   bigint      PRIMARY KEY CHECK (tree_size > 0),
    root_hash   bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    -- The exact RFC 3339 text that was signed, next to the same instant as a timestamp for range queries.
    recorded_at text        NOT NULL,
    signed_at   timestamptz NOT NULL,
    key_id      text        NOT NULL,
    public_key  text        NOT NULL,
    signature   text        NOT NULL
);

CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- Records a signed head. Heads only grow and never pass the ledger's head; a head of a size already recorded is
-- answered with the recorded one (two signers racing agree on the tree, not on the signature bytes' instant).
CREATE FUNCTION checkpoint_record(
    p_tree_size bigint, p_root_hash bytea, p_recorded_at text, p_signed_at timestamptz, p_key_id text, p_public_key text, p_signature text
) RETURNS SETOF ledger_checkpoints
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ledger_size bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ledger_checkpoints'));
    SELECT position INTO ledger_size FROM ledger_head WHERE singleton;
    IF p_tree_size > ledger_size THEN
        RAISE EXCEPTION 'a checkpoint of % events is beyond the ledger head %', p_tree_size, ledger_size USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger_checkpoints WHERE tree_size = p_tree_size) THEN
        INSERT INTO ledger_checkpoints VALUES (p_tree_size, p_root_hash, p_recorded_at, p_signed_at, p_key_id, p_public_key, p_signature);
    END IF;
    RETURN QUERY SELECT * FROM ledger_checkpoints WHERE tree_size = p_tree_size;
END
$$;

ALTER TABLE ledger_checkpoints OWNER TO modelreg_owner;
ALTER FUNCTION checkpoint_record(bigint, bytea, text, timestamptz, text, text, text) OWNER TO modelreg_owner;
REVOKE ALL ON ledger_checkpoints FROM PUBLIC;
GRANT SELECT ON ledger_checkpoints TO modelreg_app;
REVOKE ALL ON FUNCTION checkpoint_record(bigint, bytea, text, timestamptz, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION checkpoint_record(bigint, bytea, text, timestamptz, text, text, text) TO modelreg_app;
