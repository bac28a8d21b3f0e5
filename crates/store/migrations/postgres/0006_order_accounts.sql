-- An order placed online under a client account shows in that account's codes.
ALTER TABLE orders ADD COLUMN account_id BIGINT;
