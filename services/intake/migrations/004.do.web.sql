-- Web channel: the SHA-256 (hex) of the private tracking token given to the citizen. The token
-- itself is never stored; the confirmation page checks a presented token against this hash.
ALTER TABLE request ADD COLUMN tracking_token_hash text CHECK (tracking_token_hash ~ '^[0-9a-f]{64}$');

-- Open311 status of the request ("open" | "closed"), followed from request.status-changed by
-- intake's own durable consumer (intake-status). status_changed_at orders late redeliveries.
ALTER TABLE request ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed'));
ALTER TABLE request ADD COLUMN status_changed_at timestamptz(3);
