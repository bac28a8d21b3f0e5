-- Clientele schema, SQLite flavour. Kept in step with migrations/postgres/0001_init.sql.
-- Times are Unix milliseconds (UTC); flags are 0/1 integers; ids come from id_sequence.
-- Every key of business data starts with business_id (SPEC §11).

CREATE TABLE id_sequence (
    singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    next_id INTEGER NOT NULL
);
INSERT INTO id_sequence (singleton, next_id) VALUES (1, 1);

CREATE TABLE businesses (
    id INTEGER NOT NULL PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    locale TEXT NOT NULL,
    default_ban_message TEXT,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX businesses_slug ON businesses (slug);

CREATE TABLE staff_users (
    business_id INTEGER NOT NULL REFERENCES businesses (id),
    id INTEGER NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, id),
    UNIQUE (business_id, email)
);
-- Login only knows the email: a lookup index, not a key.
CREATE INDEX staff_users_email ON staff_users (email);

CREATE TABLE staff_sessions (
    business_id INTEGER NOT NULL,
    token_hash TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, token_hash),
    FOREIGN KEY (business_id, user_id) REFERENCES staff_users (business_id, id) ON DELETE CASCADE
);

CREATE TABLE api_keys (
    business_id INTEGER NOT NULL REFERENCES businesses (id),
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, id),
    UNIQUE (business_id, key_hash)
);

CREATE TABLE clients (
    business_id INTEGER NOT NULL REFERENCES businesses (id),
    id INTEGER NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    name_words TEXT NOT NULL,
    email TEXT,
    email_lower TEXT,
    phone TEXT,
    phone_digits TEXT,
    notes TEXT NOT NULL DEFAULT '',
    has_account INTEGER NOT NULL DEFAULT 0,
    banned INTEGER NOT NULL DEFAULT 0,
    ban_message TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Latest non-canceled start, future ones included: the "past" filter.
    last_appointment_at INTEGER,
    -- Latest non-canceled start at or before business_counters.activity_as_of, and the
    -- first one after it: the "recent" filter without looking at appointments.
    last_visit_at INTEGER,
    next_appointment_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (business_id, id)
);
CREATE INDEX clients_sort ON clients (business_id, sort_key, id);
CREATE INDEX clients_name_key ON clients (business_id, name_key);
CREATE INDEX clients_email ON clients (business_id, email_lower);
CREATE INDEX clients_last_appointment ON clients (business_id, last_appointment_at, created_at);
CREATE INDEX clients_last_visit ON clients (business_id, last_visit_at);
CREATE INDEX clients_next_appointment ON clients (business_id, next_appointment_at);

-- One row per folded word of a client's names: prefix search by index range.
CREATE TABLE client_words (
    business_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    -- Copies of the client's, so that a name search never reads the wide client rows.
    sort_key TEXT NOT NULL,
    name_words TEXT NOT NULL,
    PRIMARY KEY (business_id, word, client_id)
) WITHOUT ROWID;

-- Substring search on email and phone digits (SQLite's answer to pg_trgm). It keeps
-- its own narrow copy of the searched columns, plus the ids and sort key, so that
-- collecting a search's matches never reads the wide client rows. rowid = clients.rowid.
CREATE VIRTUAL TABLE client_contacts_fts USING fts5 (
    email_lower, phone_digits, business_id UNINDEXED, client_id UNINDEXED, sort_key UNINDEXED,
    tokenize = 'trigram'
);
CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients
WHEN new.email_lower IS NOT NULL OR new.phone_digits IS NOT NULL BEGIN
    INSERT INTO client_contacts_fts (rowid, email_lower, phone_digits, business_id, client_id, sort_key)
    VALUES (new.rowid, new.email_lower, new.phone_digits, new.business_id, new.id, new.sort_key);
END;
CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients
WHEN old.email_lower IS NOT NULL OR old.phone_digits IS NOT NULL BEGIN
    DELETE FROM client_contacts_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER clients_fts_update AFTER UPDATE OF email_lower, phone_digits, sort_key ON clients BEGIN
    DELETE FROM client_contacts_fts WHERE rowid = old.rowid;
    INSERT INTO client_contacts_fts (rowid, email_lower, phone_digits, business_id, client_id, sort_key)
    SELECT new.rowid, new.email_lower, new.phone_digits, new.business_id, new.id, new.sort_key
    WHERE new.email_lower IS NOT NULL OR new.phone_digits IS NOT NULL;
END;

CREATE TABLE appointment_types (
    business_id INTEGER NOT NULL REFERENCES businesses (id),
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    price_cents INTEGER,
    form TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (business_id, id)
);

CREATE TABLE appointments (
    business_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    appointment_type_id INTEGER NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'canceled')),
    form_answers TEXT NOT NULL DEFAULT '[]',
    booked_with_account INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    canceled_at INTEGER,
    confirmation_sent_at INTEGER,
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, client_id) REFERENCES clients (business_id, id),
    FOREIGN KEY (business_id, appointment_type_id) REFERENCES appointment_types (business_id, id)
);
CREATE INDEX appointments_client ON appointments (business_id, client_id, start_at);
