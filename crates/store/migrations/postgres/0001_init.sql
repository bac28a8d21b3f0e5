-- Clientele schema, PostgreSQL flavour. Kept in step with migrations/sqlite/0001_init.sql.
-- Times are Unix milliseconds (UTC) in BIGINT; flags are 0/1 SMALLINT so that both
-- backends read the same way; ids come from one sequence.
-- Every key of business data starts with business_id (SPEC §11): a Citus cluster can
-- distribute these tables by business_id; businesses is a reference table.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE SEQUENCE clientele_ids;

CREATE TABLE businesses (
    id BIGINT NOT NULL PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    locale TEXT NOT NULL,
    default_ban_message TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX businesses_slug ON businesses (slug);

CREATE TABLE staff_users (
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    id BIGINT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (business_id, id),
    UNIQUE (business_id, email)
);
CREATE INDEX staff_users_email ON staff_users (email);

CREATE TABLE staff_sessions (
    business_id BIGINT NOT NULL,
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (business_id, token_hash),
    FOREIGN KEY (business_id, user_id) REFERENCES staff_users (business_id, id) ON DELETE CASCADE
);

CREATE TABLE api_keys (
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (business_id, id),
    UNIQUE (business_id, key_hash)
);

CREATE TABLE clients (
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    id BIGINT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    name_words TEXT COLLATE "C" NOT NULL,
    email TEXT,
    email_lower TEXT COLLATE "C",
    phone TEXT,
    phone_digits TEXT COLLATE "C",
    notes TEXT NOT NULL DEFAULT '',
    has_account SMALLINT NOT NULL DEFAULT 0,
    banned SMALLINT NOT NULL DEFAULT 0,
    ban_message TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Latest non-canceled start, future ones included: the "past" filter.
    last_appointment_at BIGINT,
    -- Latest non-canceled start at or before business_counters.activity_as_of, and the
    -- first one after it: the "recent" filter without looking at appointments.
    last_visit_at BIGINT,
    next_appointment_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (business_id, id)
);
CREATE INDEX clients_sort ON clients (business_id, sort_key, id);
CREATE INDEX clients_name_key ON clients (business_id, name_key);
CREATE INDEX clients_email ON clients (business_id, email_lower);
CREATE INDEX clients_last_appointment ON clients (business_id, last_appointment_at, created_at);
CREATE INDEX clients_last_visit ON clients (business_id, last_visit_at);
CREATE INDEX clients_next_appointment ON clients (business_id, next_appointment_at);
CREATE INDEX clients_email_trgm ON clients USING gin (email_lower public.gin_trgm_ops);
CREATE INDEX clients_phone_trgm ON clients USING gin (phone_digits public.gin_trgm_ops);

CREATE TABLE client_words (
    business_id BIGINT NOT NULL,
    word TEXT COLLATE "C" NOT NULL,
    client_id BIGINT NOT NULL,
    -- Copies of the client's, so that a name search never reads the wide client rows.
    sort_key TEXT COLLATE "C" NOT NULL,
    name_words TEXT COLLATE "C" NOT NULL,
    -- Covering: a name search is an index-only scan, no heap visit per match.
    PRIMARY KEY (business_id, word, client_id) INCLUDE (sort_key, name_words)
);

CREATE TABLE appointment_types (
    business_id BIGINT NOT NULL REFERENCES businesses (id),
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    price_cents BIGINT,
    form TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (business_id, id)
);

CREATE TABLE appointments (
    business_id BIGINT NOT NULL,
    id BIGINT NOT NULL,
    client_id BIGINT NOT NULL,
    appointment_type_id BIGINT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'canceled')),
    form_answers TEXT NOT NULL DEFAULT '[]',
    booked_with_account SMALLINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    canceled_at BIGINT,
    confirmation_sent_at BIGINT,
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, client_id) REFERENCES clients (business_id, id),
    FOREIGN KEY (business_id, appointment_type_id) REFERENCES appointment_types (business_id, id)
);
CREATE INDEX appointments_client ON appointments (business_id, client_id, start_at);
