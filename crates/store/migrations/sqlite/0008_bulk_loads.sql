-- A CSV import indexes its new clients for contact search, and counts them, once per
-- few thousand rows instead of row by row (SPEC §12's import speed): FTS5 flushes its
-- pending terms at every statement, so row-by-row triggers left it thousands of tiny
-- segments to merge. Inside its own transaction the import marks its business here;
-- no other connection ever sees the row (the import deletes it before committing, and
-- a rollback takes it away), and while it is there the two insert triggers stand
-- aside. See store sql/import_deferred.rs. PostgreSQL needs none of this: its counter
-- trigger is per statement and its trigram indexes have their own pending list.
CREATE TABLE bulk_loads (
    business_id INTEGER NOT NULL PRIMARY KEY
);

DROP TRIGGER clients_fts_insert;
CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients
WHEN (new.email_lower IS NOT NULL OR new.phone_digits IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM bulk_loads WHERE business_id = new.business_id) BEGIN
    INSERT INTO client_contacts_fts (rowid, email_lower, phone_digits, business_id, client_id, sort_key)
    VALUES (new.rowid, new.email_lower, new.phone_digits, new.business_id, new.id, new.sort_key);
END;

DROP TRIGGER clients_count_insert;
CREATE TRIGGER clients_count_insert AFTER INSERT ON clients
WHEN NOT EXISTS (SELECT 1 FROM bulk_loads WHERE business_id = new.business_id) BEGIN
    INSERT INTO business_counters (business_id, clients) VALUES (new.business_id, 1)
    ON CONFLICT (business_id) DO UPDATE SET clients = clients + 1;
END;
