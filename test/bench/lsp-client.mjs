// A benchmark's LSP client of the server over stdio, as VS Code declares itself: pull diagnostics with refresh,
// workspace configuration answered with `settings`, the status notifications the extension asks for.
import rpc from 'vscode-languageserver-protocol/node.js';

/** Connects to the server process `proc` (stdio piped), initializes it with `textDocument` capabilities added to pull diagnostics; the connection. */
export async function initializedConnection(proc, settings, textDocument = {}) {
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onNotification(() => undefined);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null, locale: 'en',
    capabilities: { workspace: { configuration: true, diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {}, ...textDocument } },
    initializationOptions: { statusNotifications: true },
  });
  await conn.sendNotification('initialized', {});
  return conn;
}
