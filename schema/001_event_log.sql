-- The ledger: the append-only, hash-chained log of every registry event (DESIGN.md §3).
--
-- Privileges: the tables and the append function belong to modelreg_owner, a role that cannot log in.
-- The server works as modelreg_app, which may read the ledger and call ledger_append() — nothing else.
-- Triggers refuse UPDATE, DELETE and TRUNCATE for everyone, with no setting that turns them off.

-- Roles belong to the whole cluster, so two databases migrating at once may race to create them: the loser of the
-- race waits for the winner and then finds the role there.
DO $$
BEGIN
    BEGIN
        CREATE ROLE modelreg_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
    END;
    BEGIN
        CREATE ROLE modelreg_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
    END;
    -- The migrating user must be able to hand objects to the owner role and to work as the application role.
    EXECUTE format('GRANT modelreg_owner, modelreg_app TO %I', current_user);
END
$$;

GRANT USAGE ON SCHEMA public TO modelreg_app;

CREATE TABLE ledger_events (
    position        bigint      PRIMARY KEY CHECK (position > 0),
    event_id        uuid        NOT NULL UNIQUE,
    stream          text        NOT NULL CHECK (stream <> ''),
    stream_version  bigint      NOT NULL CHECK (stream_version > 0),
    type            text        NOT NULL CHECK (type <> ''),
    recorded_at     timestamptz NOT NULL,
    effective_at    timestamptz NOT NULL,
    actor           text        NOT NULL,
    -- json (not jsonb) keeps the exact text that was hashed.
    data            json        NOT NULL,
    metadata        json        NOT NULL,
    prev_hash       bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    UNIQUE (stream, stream_version)
);
CREATE INDEX ledger_events_recorded_at ON ledger_events (recorded_at);
CREATE INDEX ledger_events_type ON ledger_events (type, position);

-- One row: the last position, its hash and its recorded_at. Locking it serialises appends.
CREATE TABLE ledger_head (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    position    bigint      NOT NULL,
    hash        bytea       NOT NULL,
    recorded_at timestamptz NOT NULL
);
INSERT INTO ledger_head (singleton, position, hash, recorded_at)
VALUES (true, 0, decode(repeat('00', 32), 'hex'), '-infinity');

CREATE FUNCTION ledger_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'MR010';
END
$$;

CREATE TRIGGER ledger_events_append_only BEFORE UPDATE OR DELETE ON ledger_events
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER ledger_events_no_truncate BEFORE TRUNCATE ON ledger_events
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER ledger_head_no_delete BEFORE DELETE ON ledger_head
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER ledger_head_no_truncate BEFORE TRUNCATE ON ledger_head
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

-- A length-prefixed field of the hash layout: 4-byte big-endian byte length, then the UTF-8 bytes.
CREATE FUNCTION ledger_field(p_value text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT int4send(octet_length(p_value)) || convert_to(p_value, 'UTF8')
$$;

-- Microseconds since 1970-01-01T00:00:00Z, the hash layout's form of a timestamp.
CREATE FUNCTION ledger_micros(p_value timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (extract(epoch FROM p_value) * 1000000)::bigint
$$;

-- hash = SHA-256(prev_hash ‖ canonical bytes); the layout is documented in README.md ("Hash chain").
CREATE FUNCTION ledger_event_hash(
    p_prev_hash bytea, p_position bigint, p_event_id uuid, p_stream text, p_stream_version bigint, p_type text,
    p_recorded_at timestamptz, p_effective_at timestamptz, p_actor text, p_data text, p_metadata text
) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT sha256(
        p_prev_hash
        || int8send(p_position)
        || ledger_field(p_event_id::text)
        || ledger_field(p_stream)
        || int8send(p_stream_version)
        || ledger_field(p_type)
        || int8send(ledger_micros(p_recorded_at))
        || int8send(ledger_micros(p_effective_at))
        || ledger_field(p_actor)
        || ledger_field(p_data)
        || ledger_field(p_metadata)
    )
$$;

-- The append path. In the order DESIGN.md §3 gives: idempotency, expected version, and last the head lock,
-- so the lock is held only for the inserts and the commit.
--   p_expected_version: NULL = any, 0 = the stream must not exist yet, n = the stream must be at version n.
--   p_effective_at[i]: NULL = same as recorded_at; otherwise a back-dated valid time (never in the future).
-- Errors: MR001 version conflict (DETAIL = current version), MR002 event id reused with other content,
--         MR003 effective_at in the future, MR004 malformed call.
CREATE FUNCTION ledger_append(
    p_stream text, p_expected_version bigint, p_actor text,
    p_event_ids uuid[], p_types text[], p_effective_at timestamptz[], p_data text[], p_metadata text[]
) RETURNS TABLE (
    out_position bigint, out_stream_version bigint, out_recorded_at timestamptz, out_effective_at timestamptz,
    out_prev_hash bytea, out_hash bytea, out_already_appended boolean
)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n               int := coalesce(cardinality(p_event_ids), 0);
    matching        int;
    found_ids       int;
    current_version bigint;
    head_position   bigint;
    head_hash       bytea;
    head_recorded   timestamptz;
    new_hash        bytea;
    effective       timestamptz;
BEGIN
    IF n = 0 OR coalesce(cardinality(p_types), 0) <> n OR coalesce(cardinality(p_effective_at), 0) <> n
       OR coalesce(cardinality(p_data), 0) <> n OR coalesce(cardinality(p_metadata), 0) <> n THEN
        RAISE EXCEPTION 'ledger_append needs equally long, non-empty arrays' USING ERRCODE = 'MR004';
    END IF;

    SELECT count(*), count(*) FILTER (
               WHERE e.stream = p_stream AND e.actor = p_actor
                 AND e.type = p_types[array_position(p_event_ids, e.event_id)]
                 AND e.data::text = p_data[array_position(p_event_ids, e.event_id)])
      INTO found_ids, matching
      FROM ledger_events e WHERE e.event_id = ANY (p_event_ids);
    IF found_ids > 0 THEN
        IF found_ids = n AND matching = n THEN
            RETURN QUERY
                SELECT e.position, e.stream_version, e.recorded_at, e.effective_at, e.prev_hash, e.hash, true
                  FROM ledger_events e WHERE e.event_id = ANY (p_event_ids) ORDER BY e.position;
            RETURN;
        END IF;
        RAISE EXCEPTION 'event ids were already appended with other content' USING ERRCODE = 'MR002';
    END IF;

    SELECT coalesce(max(e.stream_version), 0) INTO current_version FROM ledger_events e WHERE e.stream = p_stream;
    IF p_expected_version IS NOT NULL AND p_expected_version <> current_version THEN
        RAISE EXCEPTION 'stream % is at version %, expected %', p_stream, current_version, p_expected_version
            USING ERRCODE = 'MR001', DETAIL = current_version::text;
    END IF;

    SELECT h.position, h.hash, h.recorded_at INTO head_position, head_hash, head_recorded
      FROM ledger_head h WHERE h.singleton FOR UPDATE;

    FOR i IN 1 .. n LOOP
        head_position := head_position + 1;
        current_version := current_version + 1;
        -- clock_timestamp(), not now(): now() is the transaction start and would break the order.
        head_recorded := greatest(clock_timestamp(), head_recorded + interval '1 microsecond');
        effective := coalesce(p_effective_at[i], head_recorded);
        IF effective > head_recorded THEN
            RAISE EXCEPTION 'effective_at % is in the future', effective USING ERRCODE = 'MR003';
        END IF;
        new_hash := ledger_event_hash(head_hash, head_position, p_event_ids[i], p_stream, current_version, p_types[i],
                                      head_recorded, effective, p_actor, p_data[i], p_metadata[i]);
        INSERT INTO ledger_events (position, event_id, stream, stream_version, type, recorded_at, effective_at, actor,
                                   data, metadata, prev_hash, hash)
        VALUES (head_position, p_event_ids[i], p_stream, current_version, p_types[i], head_recorded, effective, p_actor,
                p_data[i]::json, p_metadata[i]::json, head_hash, new_hash);
        out_position := head_position;
        out_stream_version := current_version;
        out_recorded_at := head_recorded;
        out_effective_at := effective;
        out_prev_hash := head_hash;
        out_hash := new_hash;
        out_already_appended := false;
        RETURN NEXT;
        head_hash := new_hash;
    END LOOP;

    UPDATE ledger_head SET position = head_position, hash = head_hash, recorded_at = head_recorded WHERE singleton;
END
$$;

-- Holds the head lock until the caller's transaction ends: replay and its check keep the ledger still with it.
CREATE FUNCTION ledger_lock_head() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT h.position FROM ledger_head h WHERE h.singleton FOR UPDATE
$$;

ALTER TABLE ledger_events OWNER TO modelreg_owner;
ALTER TABLE ledger_head OWNER TO modelreg_owner;
ALTER FUNCTION ledger_append(text, bigint, text, uuid[], text[], timestamptz[], text[], text[]) OWNER TO modelreg_owner;
REVOKE ALL ON ledger_events, ledger_head FROM PUBLIC;
GRANT SELECT ON ledger_events, ledger_head TO modelreg_app;
REVOKE ALL ON FUNCTION ledger_append(text, bigint, text, uuid[], text[], timestamptz[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_append(text, bigint, text, uuid[], text[], timestamptz[], text[], text[]) TO modelreg_app;
ALTER FUNCTION ledger_lock_head() OWNER TO modelreg_owner;
REVOKE ALL ON FUNCTION ledger_lock_head() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_lock_head() TO modelreg_app;
