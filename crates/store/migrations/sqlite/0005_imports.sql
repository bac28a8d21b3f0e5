-- Import batches (SPEC §9): who imported which file when, with counts, and what each
-- row changed, so that an import can be undone while its clients are untouched since.
CREATE TABLE import_batches (
    business_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('csv', 'vcard')),
    created_at INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    undone_at INTEGER,
    PRIMARY KEY (business_id, id)
);

CREATE TABLE import_changes (
    business_id INTEGER NOT NULL,
    batch_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('created', 'updated')),
    -- For an update: the client's fields before it, as JSON.
    before TEXT,
    version_after INTEGER NOT NULL,
    PRIMARY KEY (business_id, batch_id, client_id)
);
