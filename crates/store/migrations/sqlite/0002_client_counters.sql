-- The unfiltered list shows a total on every page: keep it as a counter instead of
-- counting a million rows each time. Triggers keep it exact whatever code path
-- inserts or deletes clients.
CREATE TABLE business_counters (
    business_id INTEGER NOT NULL PRIMARY KEY,
    clients INTEGER NOT NULL DEFAULT 0,
    -- The instant clients.last_visit_at and next_appointment_at are computed for; moved
    -- forward (or back) by the list before a "recent" filter, see store sql/activity.rs.
    activity_as_of INTEGER NOT NULL DEFAULT 0
);
INSERT INTO business_counters (business_id, clients)
SELECT id, (SELECT count(*) FROM clients c WHERE c.business_id = b.id) FROM businesses b;

CREATE TRIGGER clients_count_insert AFTER INSERT ON clients BEGIN
    INSERT INTO business_counters (business_id, clients) VALUES (new.business_id, 1)
    ON CONFLICT (business_id) DO UPDATE SET clients = clients + 1;
END;
CREATE TRIGGER clients_count_delete AFTER DELETE ON clients BEGIN
    UPDATE business_counters SET clients = clients - 1 WHERE business_id = old.business_id;
END;
