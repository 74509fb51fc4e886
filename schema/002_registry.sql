-- Current-state projections of the ledger, updated in the same transaction as each append and rebuilt by
-- `modelreg replay`. They are derived data: the ledger is the record.

CREATE TABLE models (
    model_id          uuid        PRIMARY KEY,
    name              text        NOT NULL,
    description       text        NOT NULL,
    tags              jsonb       NOT NULL,
    owner             text        NOT NULL,
    protected_aliases text[]      NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        text        NOT NULL,
    updated_at        timestamptz NOT NULL,
    version_count     integer     NOT NULL,
    stream_version    bigint      NOT NULL,
    last_position     bigint      NOT NULL
);
-- Name uniqueness among models is enforced here, in the append transaction.
CREATE UNIQUE INDEX models_name ON models (name);

CREATE TABLE model_versions (
    model_id        uuid        NOT NULL REFERENCES models (model_id),
    version         integer     NOT NULL,
    artifact_sha256 text        NOT NULL,
    artifact_size   bigint      NOT NULL,
    format          text        NOT NULL,
    description     text        NOT NULL,
    signature       jsonb,
    card            jsonb,
    metrics         jsonb       NOT NULL,
    lineage         jsonb       NOT NULL,
    tags            jsonb       NOT NULL,
    registrant      text        NOT NULL,
    registered_at   timestamptz NOT NULL,
    PRIMARY KEY (model_id, version)
);

CREATE TABLE model_aliases (
    model_id uuid        NOT NULL REFERENCES models (model_id),
    alias    text        NOT NULL,
    version  integer     NOT NULL,
    since    timestamptz NOT NULL,
    set_by   text        NOT NULL,
    PRIMARY KEY (model_id, alias)
);

CREATE TABLE model_approvals (
    position    bigint      PRIMARY KEY,
    model_id    uuid        NOT NULL REFERENCES models (model_id),
    version     integer     NOT NULL,
    alias       text        NOT NULL,
    decision    text        NOT NULL,
    approver    text        NOT NULL,
    notes       text        NOT NULL,
    approved_at timestamptz NOT NULL
);
CREATE INDEX model_approvals_version ON model_approvals (model_id, version);

CREATE TABLE model_grants (
    model_id   uuid        NOT NULL REFERENCES models (model_id),
    principal  text        NOT NULL,
    role       text        NOT NULL,
    expires_at timestamptz,
    granted_by text        NOT NULL,
    granted_at timestamptz NOT NULL,
    reason     text,
    PRIMARY KEY (model_id, principal, role)
);
CREATE INDEX model_grants_principal ON model_grants (principal);

CREATE TABLE principals (
    name           text        PRIMARY KEY,
    kind           text        NOT NULL,
    display_name   text        NOT NULL,
    roles          text[]      NOT NULL,
    created_at     timestamptz NOT NULL,
    stream_version bigint      NOT NULL
);

CREATE TABLE principal_tokens (
    token_id   text        PRIMARY KEY,
    principal  text        NOT NULL REFERENCES principals (name),
    label      text        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz
);

-- Not a projection: the SHA-256 of each token's secret, written with its TokenIssued event. The ledger never
-- sees it, replay never touches it. Tokens are shown once at issue and cannot be recovered from this table.
CREATE TABLE token_secrets (
    token_id    text  PRIMARY KEY,
    secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32)
);

-- Responses to requests that carried an Idempotency-Key: the same key replays the same answer.
CREATE TABLE idempotency_keys (
    principal    text        NOT NULL,
    key          text        NOT NULL,
    request_hash bytea       NOT NULL,
    status       integer     NOT NULL,
    content_type text        NOT NULL,
    body         bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);

-- Content-addressed artifacts, stored once, immutable like the log. Bytes live in 1 MiB chunks.
CREATE TABLE artifacts (
    sha256     text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       bigint      NOT NULL CHECK (size >= 0),
    chunk_size integer     NOT NULL,
    blob_id    uuid        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_by text        NOT NULL
);
CREATE TABLE artifact_chunks (
    blob_id     uuid    NOT NULL,
    chunk_index integer NOT NULL,
    data        bytea   NOT NULL,
    PRIMARY KEY (blob_id, chunk_index)
);
ALTER TABLE artifact_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TRIGGER artifacts_append_only BEFORE UPDATE OR DELETE ON artifacts
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER artifacts_no_truncate BEFORE TRUNCATE ON artifacts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER artifact_chunks_append_only BEFORE UPDATE OR DELETE ON artifact_chunks
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change();
CREATE TRIGGER artifact_chunks_no_truncate BEFORE TRUNCATE ON artifact_chunks
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();

ALTER TABLE models OWNER TO modelreg_owner;
ALTER TABLE model_versions OWNER TO modelreg_owner;
ALTER TABLE model_aliases OWNER TO modelreg_owner;
ALTER TABLE model_approvals OWNER TO modelreg_owner;
ALTER TABLE model_grants OWNER TO modelreg_owner;
ALTER TABLE principals OWNER TO modelreg_owner;
ALTER TABLE principal_tokens OWNER TO modelreg_owner;
ALTER TABLE token_secrets OWNER TO modelreg_owner;
ALTER TABLE idempotency_keys OWNER TO modelreg_owner;
ALTER TABLE artifacts OWNER TO modelreg_owner;
ALTER TABLE artifact_chunks OWNER TO modelreg_owner;

-- Projections are rebuilt by replay, so the server may rewrite them; the ledger and artifacts stay append-only.
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE
    ON models, model_versions, model_aliases, model_approvals, model_grants, principals, principal_tokens
    TO modelreg_app;
GRANT SELECT, INSERT ON token_secrets, artifacts, artifact_chunks TO modelreg_app;
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO modelreg_app;
