// One open of the language server over stdio, as the LSP benchmark's first open: didOpen of `OPEN_ONLY_ROWS` valid
// generated rows (100,000) → the pulled diagnostics, in a server that opened nothing before, or `OPEN_ONLY_BEFORE` rows
// first (then closed them; the code compiled). Prints {"ms", "items"} as one JSON line; run it several times, alternating
// with another server (OPEN_ONLY_SERVER=FILE) or other Node options (OPEN_ONLY_NODE_ARGS, the extension's unless given).
// Run: npm run build && node --import tsx test/bench/open-only.mjs
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';
import { initializedConnection } from './lsp-client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rows = await tsImport('../fixtures/rows.ts', import.meta.url);
const { SERVER_NODE_OPTIONS } = await tsImport('../../server/src/shared/serverProcess.ts', import.meta.url);
const SERVER = process.env.OPEN_ONLY_SERVER ?? path.join(root, 'dist/server.js');
const N = Number(process.env.OPEN_ONLY_ROWS ?? 100_000);
const BEFORE = Number(process.env.OPEN_ONLY_BEFORE ?? 0);
const NODE_ARGS = process.env.OPEN_ONLY_NODE_ARGS === undefined ? [...SERVER_NODE_OPTIONS] : process.env.OPEN_ONLY_NODE_ARGS.split(' ').filter(Boolean);

const proc = spawn(process.execPath, [...NODE_ARGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = await initializedConnection(proc, { deadlineReferenceTime: new Date(rows.FIXTURE_NOW).toISOString(), language: 'en' });
await new Promise((resolve) => setTimeout(resolve, 300));

async function open(count, folder) {
  const uri = `file:///bench/${folder}/${rows.FIXTURE_FILE_NAME}`;
  const text = rows.validCsv(count);
  const t0 = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
  const report = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const ms = performance.now() - t0;
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { ms: Math.round(ms), items: report.items?.length };
}

if (BEFORE > 0) await open(BEFORE, 'before');
console.log(JSON.stringify(await open(N, 'open')));
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
await new Promise((resolve) => proc.on('exit', resolve));
