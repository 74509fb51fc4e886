-- Evaluations computed by the registry itself: the dataset a model's linear versions are evaluated on, the metrics
-- computed for each version, and promotion gates on those metrics. Current-state columns; their history is in
-- model_history (kind 'model', keys 'evaluation' and 'gate:<alias>'; kind 'version', key '<n>:computed').

ALTER TABLE models ADD COLUMN evaluation jsonb;
ALTER TABLE models ADD COLUMN gates jsonb NOT NULL DEFAULT '{}';
ALTER TABLE model_versions ADD COLUMN computed_metrics jsonb;
