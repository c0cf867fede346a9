// Stand-in for the "server-only" package under Vitest: its real entry throws unless the
// bundler resolves the react-server condition, which a test runner does not. Importing it
// must still be a no-op, so server modules load in tests.
export {};
