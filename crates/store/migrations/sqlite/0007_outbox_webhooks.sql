-- The outbox (SPEC §10, §11): every email and webhook delivery is written in the
-- transaction of the change that causes it, then delivered by a worker that claims due
-- rows (FOR UPDATE SKIP LOCKED) under a lease, so that several servers never deliver the
-- same row at once and a worker that dies mid-delivery only delays it.
CREATE TABLE outbox (
    business_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    -- email: confirmation, resend, test, verification; webhook: the event name.
    kind TEXT NOT NULL,
    -- email: the address; webhook: the URL.
    recipient TEXT NOT NULL,
    subject TEXT,
    -- email: the text part; webhook: the event as stored (the payload is rendered from it).
    body TEXT NOT NULL,
    body_html TEXT,
    -- Sent by the system on its own (not at a staff request): suppressed for a banned address.
    automatic INTEGER NOT NULL DEFAULT 0,
    appointment_id INTEGER,
    webhook_id INTEGER,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'not_sent', 'suppressed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    -- Wall-clock Unix ms (not the business clock): when the row is next due.
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    -- While 'sending': until when the claiming worker owns the row, and its claim token.
    lease_until INTEGER,
    lease_token TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    PRIMARY KEY (business_id, id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_listing ON outbox (business_id, channel, id);

CREATE TABLE webhooks (
    business_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    url TEXT NOT NULL,
    -- The HMAC-SHA256 key of the signatures.
    secret TEXT NOT NULL,
    -- The subscribed event names, space-separated with a space at each end (` a b `).
    events TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, id)
);

-- Client accounts confirm their email before bookings under the account link to the
-- client of that email.
ALTER TABLE client_accounts ADD COLUMN email_verified_at INTEGER;
ALTER TABLE client_accounts ADD COLUMN verification_hash TEXT;
