-- Client accounts, orders (packages, gift certificates, subscriptions), the audit log,
-- and what a delete leaves when active orders keep a profile (SPEC §7, §8).

CREATE TABLE client_accounts (
    business_id INTEGER NOT NULL REFERENCES businesses (id),
    id INTEGER NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, id),
    UNIQUE (business_id, email)
);

CREATE TABLE client_sessions (
    business_id INTEGER NOT NULL,
    token_hash TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, token_hash),
    FOREIGN KEY (business_id, account_id) REFERENCES client_accounts (business_id, id) ON DELETE CASCADE
);

-- The client account an appointment was booked under (NULL: booked without one).
ALTER TABLE appointments ADD COLUMN account_id INTEGER;
CREATE INDEX appointments_account ON appointments (business_id, account_id);

-- Set when staff deleted the client but active orders keep the profile.
ALTER TABLE clients ADD COLUMN delete_requested_at INTEGER;

CREATE TABLE orders (
    business_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('package', 'gift_certificate', 'subscription')),
    code TEXT NOT NULL,
    remaining INTEGER,
    expires_at INTEGER,
    status TEXT NOT NULL CHECK (status IN ('active', 'used', 'expired')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, id),
    UNIQUE (business_id, code),
    FOREIGN KEY (business_id, client_id) REFERENCES clients (business_id, id)
);
CREATE INDEX orders_client ON orders (business_id, client_id);

-- Who did what, when, with counts; never a client's contact data.
CREATE TABLE audit_log (
    business_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id INTEGER,
    details TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (business_id, id)
);
