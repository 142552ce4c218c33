// The size of the language server's answers to an archive check of a large CSV whose archives are all missing
// (one A14-missing error a row): `nhiImaging/checkArchives` as the extension asks it (`complete: false`), the same
// with `complete: true` (every row's summary and the Markdown report, the default for other clients), and
// `nhiImaging/archiveReport`, the report the editor fetches when it shows it. Sizes are of the JSON of each result.
// Run: npm run build && node scripts/archive-answer-size.mjs [rows]     (100,000 rows unless given)
// ARCHIVE_ANSWER_SERVER=FILE measures another server bundle (one without archiveReport says so).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { initializedConnection } from '../test/bench/lsp-client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = await tsImport('../test/fixtures/rows.ts', import.meta.url);
const { SERVER_NODE_OPTIONS } = await tsImport('../server/src/shared/serverProcess.ts', import.meta.url);
const SERVER = process.env.ARCHIVE_ANSWER_SERVER ?? path.join(root, 'dist/server.js');
const n = Number(process.argv[2] ?? 100_000);

const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
const mb = (b) => `${(b / 1e6).toFixed(2)} MB (${b} bytes)`;

const dir = mkdtempSync(path.join(tmpdir(), 'nhi-archive-answer-'));
const proc = spawn(process.execPath, [...SERVER_NODE_OPTIONS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
try {
  const conn = await initializedConnection(proc, { language: 'en', deadlineReferenceTime: new Date(rows.FIXTURE_NOW).toISOString() });
  const csvPath = path.join(dir, rows.FIXTURE_FILE_NAME);
  const text = rows.validCsv(n, '\r\n');
  writeFileSync(csvPath, text);
  const uri = pathToFileURL(csvPath).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
  console.log(`server ${path.relative(root, SERVER)}; ${n} rows, every archive missing`);
  const answer = await conn.sendRequest('nhiImaging/checkArchives', { uri, complete: false });
  console.log(`nhiImaging/checkArchives { uri, complete: false }: ${mb(bytes(answer))}; ${answer.summaries.length} summaries, errors ${answer.findings.errors}`);
  const complete = await conn.sendRequest('nhiImaging/checkArchives', { uri, complete: true });
  console.log(`nhiImaging/checkArchives { uri, complete: true }: ${mb(bytes(complete))}; ${complete.summaries.length} summaries, report ${mb(Buffer.byteLength(complete.report ?? ''))}`);
  const report = await conn.sendRequest('nhiImaging/archiveReport', { uri }).catch((e) => ({ failed: e.message }));
  if (report.failed) console.log(`nhiImaging/archiveReport: not answered (${report.failed})`);
  else console.log(`nhiImaging/archiveReport { uri }: ${mb(bytes(report))}; the same report as complete's: ${report.report === complete.report}`);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await new Promise((r) => proc.on('exit', r));
} finally {
  proc.kill();
  rmSync(dir, { recursive: true, force: true });
}
