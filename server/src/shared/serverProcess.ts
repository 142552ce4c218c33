/**
 * Node options the VS Code extension starts the language server with (the LSP benchmark too; other editors may
 * add them to `node dist/server.js --stdio`). A young generation of up to 2 × 64 MB instead of 2 × 16 MB: opening
 * a large CSV makes millions of short-lived objects, and with the default size the server's thread spent about a
 * quarter of a 100,000-row open collecting them and copying the rows it keeps; with this size that open took about
 * 100 ms less and 60 MB less memory (BENCHMARKS.md). Young space grows only as it is used: a small file's is small.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=64'];
