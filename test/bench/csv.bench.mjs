// CSV and CLI benchmark: generates valid batch files of 100,000 and 1,000,000 rows and measures,
// in one run, a bare split and csv-parse as baselines, our parser, our full validation (in memory
// and streamed from disk), and the CLI end to end with its peak RSS.
// Run: npm run bench -- csv     (or: node --import tsx --expose-gc test/bench/csv.bench.mjs)
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as csvParseSync } from 'csv-parse/sync';
import { parse as csvParseStream } from 'csv-parse';
import { parseCsv } from '../../server/src/core/csv/parse.ts';
import { streamCsvFile } from '../../server/src/core/csv/stream.ts';
import { BatchValidator, validateText } from '../../server/src/core/validate.ts';
import { defaultOptions } from '../../server/src/core/options.ts';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validLine } from '../fixtures/rows.ts';

const ROOT = process.cwd();
const CLI = join(ROOT, 'dist', 'cli.js');
const PEAK = join(ROOT, 'test', 'bench', 'peak-rss.cjs');
const dir = mkdtempSync(join(tmpdir(), 'nhi-bench-'));
const options = defaultOptions({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME, lang: 'en' });

function generate(rows, name) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  for (let i = 0; i < rows; i += 10_000) {
    const lines = [];
    for (let k = i; k < Math.min(rows, i + 10_000); k++) lines.push(validLine(k));
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
  return path;
}

/** Median wall time of `runs` runs after one warm-up, in ms. */
async function time(fn, runs = 3) {
  await fn();
  const times = [];
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Runs the CLI on `path` with stdout to /dev/null; wall time and the child's peak RSS. */
function cli(path, extra = []) {
  return new Promise((resolve, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', PEAK, CLI, 'check', ...extra, path], { stdio: ['ignore', devnull, 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(devnull);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const m = /PEAK_RSS_KB=(\d+)/.exec(err);
      if (code !== 0 && code !== 1) return reject(new Error(`CLI exit ${code}: ${err}`));
      resolve({ ms, rssMb: m ? Number(m[1]) / 1024 : NaN });
    });
  });
}

function csvParseFromDisk(path) {
  return new Promise((resolve, reject) => {
    let n = 0;
    createReadStream(path)
      .pipe(csvParseStream({ relax_column_count: true }))
      .on('data', () => n++)
      .on('end', () => resolve(n))
      .on('error', reject);
  });
}

async function streamValidate(path) {
  const batch = new BatchValidator(options, { streaming: true });
  let findings = 0;
  const summary = await streamCsvFile(path, (b) => {
    for (const row of b.rows) findings += batch.addRow(row).length;
    findings += batch.addSyntaxProblems(b.syntaxProblems).length;
  });
  findings += batch.finish({ bom: summary.bom, lineCount: summary.lineCount }).length;
  return findings;
}

const results = [];
function record(name, rows, bytes, ms, rssMb) {
  results.push({ name, rows, bytes, ms, rssMb });
  const rps = Math.round(rows / (ms / 1000)).toLocaleString('en-US');
  const mbs = (bytes / 1e6 / (ms / 1000)).toFixed(1);
  console.error(`${name}: ${ms.toFixed(0)} ms, ${rps} rows/s, ${mbs} MB/s${rssMb ? `, peak RSS ${rssMb.toFixed(0)} MB` : ''}`);
}

try {
  console.error('generating files…');
  const small = generate(100_000, '3501200000_20251125_001.csv');
  const big = generate(1_000_000, '3501200000_20251125_002.csv');
  const smallBytes = statSync(small).size;
  const bigBytes = statSync(big).size;
  const text = readFileSync(small, 'utf8');

  record('bare split (lines, commas)', 1e5, smallBytes, await time(() => { for (const l of text.split('\n')) l.split(','); }));
  record('csv-parse sync (baseline)', 1e5, smallBytes, await time(() => csvParseSync(text, { relax_column_count: true })));
  record('csv-parse stream from disk', 1e5, smallBytes, await time(() => csvParseFromDisk(small)));
  record('parseCsv (exact ranges)', 1e5, smallBytes, await time(() => parseCsv(text)));
  record('validateText (full validation)', 1e5, smallBytes, await time(() => validateText(text, options)));
  record('streamed from disk + full validation', 1e5, smallBytes, await time(() => streamValidate(small)));
  const c1 = await cli(small);
  record('CLI end to end, text to /dev/null', 1e5, smallBytes, c1.ms, c1.rssMb);
  const c1j = await cli(small, ['--format', 'json']);
  record('CLI end to end, json to /dev/null', 1e5, smallBytes, c1j.ms, c1j.rssMb);

  record('csv-parse stream from disk', 1e6, bigBytes, await time(() => csvParseFromDisk(big), 1));
  record('streamed from disk + full validation', 1e6, bigBytes, await time(() => streamValidate(big), 1));
  const c2 = await cli(big);
  record('CLI end to end, text to /dev/null', 1e6, bigBytes, c2.ms, c2.rssMb);
  const c2w = await cli(big, ['--min-severity', 'warning']);
  record('CLI end to end, errors and warnings only', 1e6, bigBytes, c2w.ms, c2w.rssMb);

  const base = results.find((r) => r.name.startsWith('csv-parse sync'));
  const baseRate = base.rows / base.ms;
  console.log(`Files: 100,000 rows = ${(smallBytes / 1e6).toFixed(1)} MB, 1,000,000 rows = ${(bigBytes / 1e6).toFixed(1)} MB (test/fixtures/rows.ts validLine).`);
  console.log('Ratio = throughput (rows/s) relative to csv-parse sync on the 100,000-row file, same run.\n');
  console.log('| Measure | Rows | Time (ms) | Rows/s | MB/s | Peak RSS (MB) | Ratio vs csv-parse |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const rate = r.rows / r.ms;
    console.log(
      `| ${r.name} | ${r.rows.toLocaleString('en-US')} | ${r.ms.toFixed(0)} | ${Math.round(rate * 1000).toLocaleString('en-US')} | ${(r.bytes / 1e6 / (r.ms / 1000)).toFixed(1)} | ${r.rssMb ? r.rssMb.toFixed(0) : '-'} | ${(rate / baseRate).toFixed(2)} |`,
    );
  }
  const full = results.find((r) => r.name.startsWith('validateText'));
  const big1m = results.find((r) => r.rows === 1e6 && r.name === 'CLI end to end, text to /dev/null');
  console.log('');
  console.log(`Goal: full validation of 100,000 rows ≤ 1000 ms: ${full.ms.toFixed(0)} ms (${full.ms <= 1000 ? 'met' : 'NOT met'}).`);
  console.log(`Goal: ≥ 0.50 of csv-parse throughput: ${(full.rows / full.ms / baseRate).toFixed(2)} (${full.rows / full.ms / baseRate >= 0.5 ? 'met' : 'NOT met'}).`);
  console.log(`Goal: 1,000,000 rows via the CLI with peak RSS < 200 MB: ${big1m.rssMb.toFixed(0)} MB (${big1m.rssMb < 200 ? 'met' : 'NOT met'}).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
