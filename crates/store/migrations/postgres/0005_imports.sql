-- Import batches (SPEC §9): who imported which file when, with counts, and what each
-- row changed, so that an import can be undone while its clients are untouched since.
CREATE TABLE import_batches (
    business_id BIGINT NOT NULL,
    id BIGINT NOT NULL,
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('csv', 'vcard')),
    created_at BIGINT NOT NULL,
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    undone_at BIGINT,
    PRIMARY KEY (business_id, id)
);

CREATE TABLE import_changes (
    business_id BIGINT NOT NULL,
    batch_id BIGINT NOT NULL,
    client_id BIGINT NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('created', 'updated')),
    -- For an update: the client's fields before it, as JSON.
    before TEXT,
    version_after BIGINT NOT NULL,
    PRIMARY KEY (business_id, batch_id, client_id)
);
