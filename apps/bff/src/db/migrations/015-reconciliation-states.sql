-- Issue 19: a month with no activity is not a matched month. Additive: older instances leave it false (their
-- empty months stay as they were stored).
ALTER TABLE reconciliation_months ADD COLUMN empty boolean NOT NULL DEFAULT false;
