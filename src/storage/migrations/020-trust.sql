-- Trust: accounts, API tokens (stored hashed) and the append-only, hash-chained audit trail.

-- An account: a lab, a caseworker, an administrator or an auditor. The role belongs to the account,
-- so a lab keeps its imports across token rotations. Accounts are disabled, never deleted, because
-- the audit trail names them.
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  role TEXT NOT NULL CHECK (role IN ('lab', 'caseworker', 'admin', 'auditor')),
  created_at TEXT NOT NULL,
  disabled_at TEXT
);

-- A token is shown once at creation; only its SHA-256 is kept (see src/core/token.ts for why).
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,                       -- public handle, e.g. 'tok_3f9a1c2b7d4e', used to revoke
  user_id INTEGER NOT NULL REFERENCES users(id),
  label TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,                  -- every token expires
  revoked_at TEXT,
  created_by TEXT NOT NULL                   -- the account name, or 'cli'
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- The audit trail. seq is assigned by the writer as last + 1 inside an IMMEDIATE transaction, so the
-- chain has no gaps; hash = SHA-256(prev_hash + "\n" + canonical JSON of the entry) (src/core/audit-chain.ts).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT,
  action TEXT NOT NULL,
  target_json TEXT NOT NULL,                 -- identifiers only: never genotypes, tokens or personal data
  status INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_by_action ON audit_log (action, seq);
CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);

-- Append-only: the database itself refuses to change or remove an entry, whoever asks.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
