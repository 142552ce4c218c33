// Opening a document where every row has findings (a wrong export template), over a real stdio LSP connection,
// against the open of as many valid rows in the same run: time from didOpen to the diagnostics answer (pull, as
// VS Code uses it), the server's peak memory, and the first code action asked right after (VS Code asks at the
// cursor when diagnostics arrive; its client declares what VS Code does, resolving edits, so quick fixes are made of the
// range's rows while the rest of the findings are built).
// Cases, each in a fresh server: valid rows (the baseline); every row with its birth date written in Gregorian
// (one error a row, with a fix); every value of every row wrong (17 findings a row).
// Run: npm run bench -- bad-rows     (or: npm run build && node test/bench/bad-rows.bench.mjs)
// BENCH_BAD_ROWS_SERVER=FILE runs another server bundle; BENCH_BAD_ROWS_SIZES=100000,30000 the rows of the
// one-error and the all-wrong cases.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';
import { initializedConnection } from './lsp-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rows = await tsImport('../fixtures/rows.ts', import.meta.url);
const { SERVER_NODE_OPTIONS } = await tsImport('../../server/src/shared/serverProcess.ts', import.meta.url);
const SERVER = process.env.BENCH_BAD_ROWS_SERVER ?? path.join(root, 'dist/server.js');
const [ONE_ERROR_ROWS, ALL_WRONG_ROWS] = (process.env.BENCH_BAD_ROWS_SIZES ?? '100000,30000').split(',').map(Number);

const gregorianBirth = (r) => {
  r[8] = String(Number(r[8].slice(0, 3)) + 1911) + r[8].slice(3);
  return r;
};
const CASES = [
  { name: 'valid', n: ONE_ERROR_ROWS, line: (i) => rows.validLine(i) },
  { name: 'Gregorian birth date', n: ONE_ERROR_ROWS, line: (i) => gregorianBirth(rows.validRow(i)).join(',') },
  { name: 'valid', n: ALL_WRONG_ROWS, line: (i) => rows.validLine(i) },
  { name: 'every value wrong', n: ALL_WRONG_ROWS, line: (i) => Array.from({ length: 17 }, (_, k) => `x${i}y${k}`).join(',') },
];

function peakMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function run({ n, line }) {
  const proc = spawn(process.execPath, [...SERVER_NODE_OPTIONS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const settings = { deadlineReferenceTime: new Date(rows.FIXTURE_NOW).toISOString(), language: 'en' };
  // The code action capabilities VS Code declares: literals, and resolving an action's edit from its data.
  const codeAction = { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, resolveSupport: { properties: ['edit'] }, dataSupport: true };
  const conn = await initializedConnection(proc, settings, { codeAction });
  await new Promise((r) => setTimeout(r, 300));
  const text = Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';
  const uri = `file:///bench/${rows.FIXTURE_FILE_NAME}`;
  const t0 = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
  const report = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const openMs = performance.now() - t0;
  const at = { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } };
  const t1 = performance.now();
  await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics: [], triggerKind: 2 } });
  const actionMs = performance.now() - t1;
  const total = /(\d+) problems in all/.exec(report.items.at(-1)?.message ?? '')?.[1] ?? String(report.items.length);
  const peak = peakMb(proc.pid);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await new Promise((r) => proc.on('exit', r));
  return { openMs, actionMs, peak, total };
}

console.log(`server ${path.relative(root, SERVER)}, Node options ${SERVER_NODE_OPTIONS.join(' ')}`);
console.log('| rows | case | findings | open (ms) | open / valid | first code action (ms) | peak (MB) |');
console.log('|---:|---|---:|---:|---:|---:|---:|');
const baseline = new Map();
for (const c of CASES) {
  const r = await run(c);
  if (c.name === 'valid') baseline.set(c.n, r.openMs);
  const ratio = r.openMs / baseline.get(c.n);
  console.log(`| ${c.n} | ${c.name} | ${r.total} | ${r.openMs.toFixed(0)} | ${ratio.toFixed(2)}x | ${r.actionMs.toFixed(0)} | ${r.peak} |`);
}
