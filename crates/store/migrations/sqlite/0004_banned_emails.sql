-- A ban follows the email (SPEC §8). When a banned profile merges into one with another
-- email, its email stays banned here, attached to the kept client (unbanning it lifts it).
CREATE TABLE banned_emails (
    business_id INTEGER NOT NULL,
    email_lower TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    message TEXT,
    PRIMARY KEY (business_id, email_lower)
);
CREATE INDEX banned_emails_client ON banned_emails (business_id, client_id);
