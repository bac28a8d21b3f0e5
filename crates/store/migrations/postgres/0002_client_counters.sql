-- The unfiltered list shows a total on every page: keep it as a counter instead of
-- counting a million rows each time. Statement-level triggers with transition tables
-- keep it exact and touch the counter row once per statement, so bulk loads stay fast.
CREATE TABLE business_counters (
    business_id BIGINT NOT NULL PRIMARY KEY,
    clients BIGINT NOT NULL DEFAULT 0,
    -- The instant clients.last_visit_at and next_appointment_at are computed for; moved
    -- forward (or back) by the list before a "recent" filter, see store sql/activity.rs.
    activity_as_of BIGINT NOT NULL DEFAULT 0
);
INSERT INTO business_counters (business_id, clients)
SELECT id, (SELECT count(*) FROM clients c WHERE c.business_id = b.id) FROM businesses b;

CREATE FUNCTION clients_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO business_counters AS bc (business_id, clients)
    SELECT business_id, count(*) FROM inserted GROUP BY business_id
    ON CONFLICT (business_id) DO UPDATE SET clients = bc.clients + excluded.clients;
    RETURN NULL;
END $$;

CREATE FUNCTION clients_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE business_counters bc SET clients = bc.clients - d.n
    FROM (SELECT business_id, count(*) AS n FROM deleted GROUP BY business_id) d
    WHERE bc.business_id = d.business_id;
    RETURN NULL;
END $$;

CREATE TRIGGER clients_count_insert AFTER INSERT ON clients
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION clients_count_insert();
CREATE TRIGGER clients_count_delete AFTER DELETE ON clients
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION clients_count_delete();
