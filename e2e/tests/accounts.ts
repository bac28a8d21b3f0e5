// The accounts and data set the global setup creates (see ../server.ts).

/** Owner of "Salon Hélène": the seeded, read-only business. */
export const OWNER = { email: 'owner@e2e.test', password: 'e2e-owner-Passw0rd!' };

/** Owner of "Atelier Essai": the business the tests add clients to and delete from. */
export const ATELIER = { email: 'atelier@e2e.test', password: 'e2e-atelier-Passw0rd!' };

export const SEEDED_CLIENTS = 1250;
export const SEEDED_APPOINTMENTS = 3000;
