// Loaded into every test process (package.json "tap"."node-arg"): the service refuses to open a database
// without an encryption key outside the development mode (src/storage/keyring.ts), so tests run with one,
// fixed for the whole run so that a test's server, CLI children and own connections share it. A test
// that checks the refusal or the development mode removes it from the environment it passes on.
process.env.HOMEWARD_KEY ??= 'dGVzdC1vbmx5IGtleSBmb3IgSG9tZXdhcmQgdGVzdHM='
