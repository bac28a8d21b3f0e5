-- How many appointments a client has (canceled ones included), kept with the client
-- like its activity columns (store sql/activity.rs): the CSV export wrote it for every
-- row by counting in the appointments index, which halved its speed on a million
-- clients with five million appointments (SPEC §12).
ALTER TABLE clients ADD COLUMN appointment_count INTEGER NOT NULL DEFAULT 0;
UPDATE clients SET appointment_count = (
    SELECT count(*) FROM appointments a
    WHERE a.business_id = clients.business_id AND a.client_id = clients.id
)
WHERE EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.business_id = clients.business_id AND a.client_id = clients.id
);
