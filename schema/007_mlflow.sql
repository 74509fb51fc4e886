-- What MLflow compatibility needs (docs/MLFLOW.md): deletions, renames, version updates and stages in the
-- current-state projections, and the file tree behind MLflow's artifact proxy.
--
-- New keys of model_history (schema/003): kind 'model', keys 'name' (string, after a rename) and 'deleted' (true);
-- kind 'version', keys '<n>:description' (string), '<n>:tags' (object), '<n>:archived' (boolean), '<n>:deleted'
-- (true). The events behind them cannot be back-dated or retracted, so history_refresh_current needs none of them.

-- A deleted model leaves the current-state tables (its name becomes free for a new model) and is listed here, so
-- a question about the past can still find it by name. Its history stays in model_history and the ledger.
CREATE TABLE deleted_models (
    model_id   uuid        PRIMARY KEY,
    name       text        NOT NULL,
    owner      text        NOT NULL,
    deleted_at timestamptz NOT NULL
);
CREATE INDEX deleted_models_name ON deleted_models (name, deleted_at);

-- MLflow's Archived stage (Staging and Production are the aliases of those names).
ALTER TABLE model_versions ADD COLUMN archived boolean NOT NULL DEFAULT false;

-- The mlflow-artifacts proxy's file tree: a path names a content-addressed artifact. Paths may be overwritten and
-- deleted as in MLflow; a registered version never depends on them, because its artifact is a manifest of the
-- files' digests taken when it was registered (and the artifacts themselves are immutable).
CREATE TABLE mlflow_artifact_files (
    path        text        PRIMARY KEY CHECK (path <> '' AND path !~ '(^|/)\.\.?(/|$)' AND path !~ '^/' AND path !~ '//'),
    sha256      text        NOT NULL REFERENCES artifacts (sha256),
    size        bigint      NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    uploaded_by text        NOT NULL
);
-- Listing a directory is a prefix range scan.
CREATE INDEX mlflow_artifact_files_prefix ON mlflow_artifact_files (path text_pattern_ops);

ALTER TABLE deleted_models OWNER TO modelreg_owner;
ALTER TABLE mlflow_artifact_files OWNER TO modelreg_owner;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON deleted_models TO modelreg_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON mlflow_artifact_files TO modelreg_app;
