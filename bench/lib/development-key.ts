// Benchmarks run on simulated populations in scratch files: they use the development mode's key file
// beside each database (src/storage/keyring.ts), unless HOMEWARD_KEY or HOMEWARD_KEY_FILE names a key.
// Imported for this side effect before any database is opened.
process.env.HOMEWARD_DEV ??= '1'
