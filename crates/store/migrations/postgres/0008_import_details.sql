-- What an import reported beyond its counts (its rejected lines, first ones only, and
-- unknown columns), as JSON written by the server: the result page of an import is
-- shown again from here, so that reloading it never imports the file twice.
ALTER TABLE import_batches ADD COLUMN details TEXT;
