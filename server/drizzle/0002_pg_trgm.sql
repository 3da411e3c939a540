-- Trigram matching for the orders list's text search (the indexes are in the next migration).
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
