-- Sign-in for people: passwords, a TOTP second factor and server-side sessions, beside the API tokens
-- that machines keep using. Same accounts (users), same roles.

-- One row per account that has a password or a second factor. Token-only accounts have none.
CREATE TABLE user_credentials (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  password_hash TEXT,                        -- 'scrypt$<log2 N>$<r>$<p>$<salt>$<key>' (src/core/trust/password.ts)
  password_changed_at TEXT,
  password_must_change INTEGER NOT NULL DEFAULT 0 CHECK (password_must_change IN (0, 1)), -- set by an admin: changed at first sign-in
  totp_secret TEXT,                          -- base32; kept as is because every check needs it (a hash would not do)
  totp_confirmed_at TEXT,                    -- NULL: enrolment started, not yet confirmed by a first code (not active)
  totp_last_step INTEGER                     -- last time step accepted: a code is never accepted twice
);

-- A person's session. The cookie holds the secret; only its SHA-256 is kept. The CSRF token is derived
-- from the secret (src/core/trust/session-token.ts), so it needs no column.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,                       -- public handle, e.g. 'ses_3f9a1c2b7d4e' (lists, audit); not the secret
  user_id INTEGER NOT NULL REFERENCES users(id),
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
  second_factor INTEGER NOT NULL CHECK (second_factor IN (0, 1)), -- a TOTP code was given at sign-in or enrolment
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,                -- idle timeout counts from here
  expires_at TEXT NOT NULL,                  -- absolute lifetime, whatever the activity
  revoked_at TEXT,
  revoked_reason TEXT,                       -- 'sign-out', 'password-change', 'admin', 'totp-reset', 'disabled'
  address TEXT NOT NULL DEFAULT '',          -- client address and user agent at sign-in, for the person's own view
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id, revoked_at);
