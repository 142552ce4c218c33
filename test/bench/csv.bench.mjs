// CSV and CLI benchmark: generates valid batch files of 100,000 and 1,000,000 rows and measures,
// in one run, a bare split and csv-parse as baselines, our parser, our full validation (in memory
// and streamed from disk), and the CLI end to end with its peak RSS. parseCsv finds the rows and
// syntax problems; a row's cells (with their exact ranges) are split when read, so validation pays for them.
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

/**
 * Wall and CPU time (ms) of the run with the median wall time, of `runs` runs after one warm-up.
 * CPU time (user + system) says more than wall time on a machine shared with other work.
 */
async function time(fn, runs = 3) {
  await fn();
  const samples = [];
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn();
    const c = process.cpuUsage(c0);
    samples.push({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000 });
  }
  samples.sort((a, b) => a.ms - b.ms);
  return samples[Math.floor(samples.length / 2)];
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
      const m = /PEAK_RSS_KB=(\d+) CPU_MS=(\d+)/.exec(err);
      if (code !== 0 && code !== 1) return reject(new Error(`CLI exit ${code}: ${err}`));
      resolve({ ms, cpuMs: m ? Number(m[2]) : NaN, rssMb: m ? Number(m[1]) / 1024 : NaN });
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
function record(name, rows, bytes, { ms, cpuMs, rssMb }) {
  results.push({ name, rows, bytes, ms, cpuMs, rssMb });
  const rps = Math.round(rows / (ms / 1000)).toLocaleString('en-US');
  const mbs = (bytes / 1e6 / (ms / 1000)).toFixed(1);
  console.error(`${name}: ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), ${rps} rows/s, ${mbs} MB/s${rssMb ? `, peak RSS ${rssMb.toFixed(0)} MB` : ''}`);
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
  record('parseCsv (rows; cells split on demand)', 1e5, smallBytes, await time(() => parseCsv(text)));
  record('validateText (full validation)', 1e5, smallBytes, await time(() => validateText(text, options)));
  record('streamed from disk + full validation', 1e5, smallBytes, await time(() => streamValidate(small)));
  record('CLI end to end, text to /dev/null', 1e5, smallBytes, await cli(small));
  record('CLI end to end, json to /dev/null', 1e5, smallBytes, await cli(small, ['--format', 'json']));
  record('csv-parse stream from disk', 1e6, bigBytes, await time(() => csvParseFromDisk(big), 1));
  record('CLI end to end, text to /dev/null', 1e6, bigBytes, await cli(big));

  const base = results.find((r) => r.name.startsWith('csv-parse sync'));
  const baseRate = base.rows / base.ms;
  console.log(`Files: 100,000 rows = ${(smallBytes / 1e6).toFixed(1)} MB, 1,000,000 rows = ${(bigBytes / 1e6).toFixed(1)} MB (test/fixtures/rows.ts validLine).`);
  console.log('Ratio = throughput (rows per wall-clock second) relative to csv-parse sync on the 100,000-row file, same run;');
  console.log('CPU ratio = the same with CPU time (user + system), steadier when the machine is shared.\n');
  console.log('| Measure | Rows | Wall (ms) | CPU (ms) | Rows/s | MB/s | Peak RSS (MB) | Ratio | CPU ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const baseCpuRate = base.rows / base.cpuMs;
  for (const r of results) {
    const rate = r.rows / r.ms;
    console.log(
      `| ${r.name} | ${r.rows.toLocaleString('en-US')} | ${r.ms.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${Math.round(rate * 1000).toLocaleString('en-US')} | ${(r.bytes / 1e6 / (r.ms / 1000)).toFixed(1)} | ${r.rssMb ? r.rssMb.toFixed(0) : '-'} | ${(rate / baseRate).toFixed(2)} | ${(r.rows / r.cpuMs / baseCpuRate).toFixed(2)} |`,
    );
  }
  const big1m = results.find((r) => r.rows === 1e6 && r.name === 'CLI end to end, text to /dev/null');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log('');
  for (const name of ['validateText (full validation)', 'streamed from disk + full validation']) {
    const r = results.find((x) => x.name === name && x.rows === 1e5);
    const wallRatio = r.rows / r.ms / baseRate;
    const cpuRatio = r.rows / r.cpuMs / baseCpuRate;
    console.log(`Goal, ${name}: 100,000 rows ≤ 1000 ms: wall ${r.ms.toFixed(0)} ms (${verdict(r.ms <= 1000)}), CPU ${r.cpuMs.toFixed(0)} ms (${verdict(r.cpuMs <= 1000)}).`);
    console.log(`Goal, ${name}: ≥ 0.50 of csv-parse throughput: wall ${wallRatio.toFixed(2)} (${verdict(wallRatio >= 0.5)}), CPU ${cpuRatio.toFixed(2)} (${verdict(cpuRatio >= 0.5)}).`);
  }
  console.log(`Goal: 1,000,000 rows via the CLI with peak RSS < 200 MB: ${big1m.rssMb.toFixed(0)} MB (${verdict(big1m.rssMb < 200)}).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
