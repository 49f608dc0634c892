-- Encryption at rest (issue 16): genotypes, haplotypes and personal fields are sealed per value with
-- AES-256-GCM (src/storage/field-cipher.ts) under a key kept outside the database (HOMEWARD_KEY_FILE or
-- HOMEWARD_KEY, src/storage/keyring.ts). The database keeps only what tells a wrong key from the right
-- one: each key's id and check value (HMAC-SHA256 of a fixed text under the key), never the key.
-- A key is retired once `homeward key rotate` has resealed every value under a newer one; the keys
-- not retired are those a start must be given, or it is refused.
CREATE TABLE encryption_keys (
  key_id TEXT PRIMARY KEY CHECK (length(key_id) = 16),
  check_value TEXT NOT NULL CHECK (length(check_value) = 64),
  added_at TEXT NOT NULL,
  retired_at TEXT
);

-- Values stored before this migration are plain. The first start (openDatabase) seals them in bounded
-- transactions and then sets plain_sealed_at, so later starts skip the pass; `homeward key rotate`
-- also seals any plain value it meets.
CREATE TABLE encryption_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  plain_sealed_at TEXT
);
