-- Weekly report e-mails already sent: at most one per manager (address hashed) and week.
CREATE TABLE weekly_report_sent (
  week_start date NOT NULL,
  recipient_hash text NOT NULL,
  sent_at timestamptz(3) NOT NULL,
  PRIMARY KEY (week_start, recipient_hash)
);
