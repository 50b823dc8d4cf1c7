-- Issue 24: Intuit meters the calls that take data out of QuickBooks (CorePlus) per app and month. The BFF
-- counts its own, by company, month and purpose (the port that made them), for the operator's view.
CREATE TABLE IF NOT EXISTS qbo_metered_calls (
  realm_id text NOT NULL,
  month text NOT NULL,
  purpose text NOT NULL,
  calls integer NOT NULL DEFAULT 0,
  PRIMARY KEY (realm_id, month, purpose)
);
