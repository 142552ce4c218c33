// Instructions of the language server's open of 100,000 rows over stdio, counted by valgrind's cachegrind (which a
// shared machine's load does not change as it changes time): a server that has opened nothing before (a session's
// first open: V8 compiles the code as it goes, on the server's thread and on the open worker's), and a server that
// has opened 25,000 of the rows before (the code compiled). Each figure is the server process's count minus that
// of the same server started and stopped without the open. By V8's share too: TurboFan (the optimizing compiler),
// the collector, and the code it runs.
// Run: npm run build && node --import tsx test/bench/open-instructions.mjs   (needs valgrind; about 5 minutes)
// OPEN_INSTRUCTIONS_SERVER=FILE counts another server bundle; OPEN_INSTRUCTIONS_ROWS=n another size.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { initializedConnection } from './lsp-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rows = await tsImport('../fixtures/rows.ts', import.meta.url);
const { SERVER_NODE_OPTIONS } = await tsImport('../../server/src/shared/serverProcess.ts', import.meta.url);
const SERVER = process.env.OPEN_INSTRUCTIONS_SERVER ?? path.join(root, 'dist/server.js');
const N = Number(process.env.OPEN_INSTRUCTIONS_ROWS ?? 100_000);
const WARM_ROWS = Math.floor(N / 4);
const work = mkdtempSync(path.join(tmpdir(), 'nhi-open-instructions-'));

/** Runs the server under cachegrind: opens `before` rows first (then closes them) and `open` rows, or none; its counts file. */
async function countedRun(name, { before = 0, open = 0 }) {
  const out = path.join(work, `${name}.cg`);
  const proc = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, process.execPath, ...SERVER_NODE_OPTIONS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = await initializedConnection(proc, { deadlineReferenceTime: new Date(rows.FIXTURE_NOW).toISOString(), language: 'en' });
  const openRows = async (count, dir) => {
    const uri = `file:///bench/${dir}/${rows.FIXTURE_FILE_NAME}`;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text: rows.validCsv(count) } });
    await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  };
  if (before > 0) await openRows(before, 'before');
  if (open > 0) await openRows(open, 'open');
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await new Promise((resolve) => proc.on('exit', resolve));
  return out;
}

/** Instructions in millions by where they run: V8's optimizing compiler, its collector, and the rest. */
function shares(file) {
  const text = execFileSync('cg_annotate', ['--threshold=0.0001', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const totals = { all: 0, turbofan: 0, gc: 0 };
  let listing = false;
  for (const line of text.split('\n')) {
    if (line.includes('file:function')) listing = true;
    const m = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (!m) continue;
    const n = Number(m[1].replace(/,/g, '')) / 1e6;
    if (m[2] === 'PROGRAM TOTALS') totals.all = n;
    if (!listing) continue;
    if (/compiler::|turboshaft/.test(m[2])) totals.turbofan += n;
    else if (/Scaveng|Marking|Sweep|Heap|Evacuat|RememberedSet|SlotSet|Concurrent/.test(m[2])) totals.gc += n;
  }
  return totals;
}

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('open-instructions: valgrind is not installed (apt-get install valgrind)');
  process.exit(2);
}
const none = shares(await countedRun('none', {}));
const warmBase = shares(await countedRun('warm-base', { before: WARM_ROWS }));
const cold = shares(await countedRun('cold', { open: N }));
const warm = shares(await countedRun('warm', { before: WARM_ROWS, open: N }));
const less = (a, b) => ({ all: a.all - b.all, turbofan: a.turbofan - b.turbofan, gc: a.gc - b.gc });
const f = (x) => Math.round(x).toLocaleString('en');
console.log(`Instructions (millions) of the open of ${N.toLocaleString('en')} rows over stdio, server ${path.relative(root, SERVER)}`);
console.log('| open | all | TurboFan | collector | the rest |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, r] of [['first open of the server', less(cold, none)], [`after ${WARM_ROWS.toLocaleString('en')} rows opened and closed`, less(warm, warmBase)]]) {
  console.log(`| ${name} | ${f(r.all)} | ${f(r.turbofan)} | ${f(r.gc)} | ${f(r.all - r.turbofan - r.gc)} |`);
}
rmSync(work, { recursive: true, force: true });
