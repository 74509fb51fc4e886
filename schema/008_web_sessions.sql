-- Browser sessions of the web UI (issue 7). A session is a bearer token presented once at sign-in: the cookie holds
-- a random 256-bit secret and only its SHA-256 is stored here. A session lasts while its token does: revoking or
-- expiring the token ends every session opened with it, with no extra bookkeeping. Sessions are not registry facts
-- (who signed in is not a model's history), so they are a plain table, not events. No foreign keys: principals and
-- their tokens are projections that `modelreg replay` truncates and rebuilds (with the same token ids, so sessions
-- survive a replay); every lookup joins them anyway.
CREATE TABLE web_sessions (
    session_hash bytea       PRIMARY KEY CHECK (octet_length(session_hash) = 32),
    principal    text        NOT NULL,
    token_id     text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

ALTER TABLE web_sessions OWNER TO modelreg_owner;
GRANT SELECT, INSERT, DELETE ON web_sessions TO modelreg_app;
