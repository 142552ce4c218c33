// Batch-build benchmark (issue 5 speed section). Generates a draft of about BENCH_BUILD_MB
// (default 1024) MB of DICOM in 4 rows (CT/MR 2048x2048 instances, pixel data with ~6 bits of
// entropy per byte so LZMA2 has real work), then in the same run:
//   ours:   buildBatch (scan headers, DICOMDIR, pack 2 rows at a time, full check of the result)
//           at 7z store (level 0) and LZMA2 level 1, each in its own Node process (peak RSS, CPU);
//   native: `7zz a -mx=0` and `7zz a -mx=1 -m0=lzma2` over the same row folders, one archive per row.
// Ratios are native time / our time (1.0 = as fast as 7zz). Goals: >= 0.6 in both modes, peak RSS
// <= 512 MB, CPU time / wall time near 2 (both cores busy).
// Run: npm run bench -- build      (BENCH_BUILD_MB=256 for a shorter run; BENCH_BUILD_MODES=store
// or lzma2 for one mode only; BENCH_BUILD_OVERLAP=1 starts the check of finished archives while
// later rows are packed, the build option checkWhilePacking, off by default)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

if (process.argv[2] === 'child') await child(process.argv.slice(3));
else await main();

async function child([draft, out, level, ledger]) {
  const { buildBatch } = await import(join(root, 'server/src/core/build/batch.ts'));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let packStart;
  let verifyStart;
  const s = await buildBatch(draft, {
    outDir: out,
    level: Number(level),
    date: '20261125',
    ledgerPath: ledger,
    checkWhilePacking: process.env.BENCH_BUILD_OVERLAP === '1',
    validation: { now: Date.parse('2025-11-25T12:00:00+08:00') },
    onProgress: (p) => {
      if (p.phase === 'pack' && packStart === undefined) packStart = performance.now();
      if (p.phase === 'verify' && verifyStart === undefined) verifyStart = performance.now();
    },
  });
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      totalMs: total,
      scanMs: packStart - t0,
      packMs: verifyStart - packStart,
      verifyMs: t0 + total - verifyStart,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: s.bytes,
    }) + '\n',
  );
}

function run(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return { ms, out: r.stdout, err: r.stderr };
}

function ours(draft, out, level, ledger) {
  const r = run('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, '--import', 'tsx', join(here, 'build.bench.mjs'), 'child', draft, out, String(level), ledger], { cwd: root });
  const m = / *TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.err);
  const detail = JSON.parse(r.out.trim().split('\n').pop());
  return { ...detail, wallMs: Number(m[1]) * 1000, processCpuMs: (Number(m[2]) + Number(m[3])) * 1000, peakMB: Number(m[4]) / 1024 };
}

function native(folders, outDir, args) {
  let ms = 0;
  let cpu = 0;
  let peak = 0;
  folders.forEach((f, i) => {
    const r = run('/usr/bin/time', ['-f', 'TIME %e %U %S %M', '7zz', 'a', '-t7z', ...args, join(outDir, `row${i}.7z`), '.'], { cwd: f });
    const m = / *TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.err);
    ms += Number(m[1]) * 1000;
    cpu += (Number(m[2]) + Number(m[3])) * 1000;
    peak = Math.max(peak, Number(m[4]) / 1024);
  });
  return { ms, cpu, peak };
}

async function main() {
  const mb = Number(process.env.BENCH_BUILD_MB ?? 1024);
  const work = mkdtempSync(join(tmpdir(), 'build-bench-'));
  const free = statfsSync(work).bavail * statfsSync(work).bsize;
  if (free < mb * 1e6 * 6) throw new Error(`need about ${mb * 6} MB free in ${work}`);
  try {
    const { writeSampleDraft } = await import(join(root, 'samples/draft/generate.ts'));
    const perImage = 2048 * 2048;
    const imagesPerRow = Math.max(1, Math.round((mb * 1e6) / 4 / perImage));
    const rows = [
      { fixture: 0, folder: 'r1', modality: 'CT' },
      { fixture: 2, folder: 'r2', modality: 'CT' },
      { fixture: 3, folder: 'r3', modality: 'MR' },
      { fixture: 4, folder: 'r4', modality: 'MR' },
    ].map((r) => ({ fixture: r.fixture, folder: r.folder, images: Array.from({ length: imagesPerRow }, (_, i) => ({ modality: r.modality, rows: 2048, columns: 2048, series: 1 + (i % 3) })) }));
    const t0 = performance.now();
    const draft = writeSampleDraft(join(work, 'draft'), rows);
    // Pixel data is the last element: overwrite it with bytes of ~6 bits entropy.
    let total = 0;
    for (const r of rows) {
      const folder = join(work, 'draft', r.folder);
      for (const f of readdirSync(folder)) {
        const p = join(folder, f);
        const size = statSync(p).size;
        const noise = randomBytes(perImage);
        for (let i = 0; i < noise.length; i++) noise[i] &= 0x3f;
        const fd = openSync(p, 'r+');
        writeSync(fd, noise, 0, perImage, size - perImage);
        closeSync(fd);
        total += size;
      }
    }
    console.log(`checks ${process.env.BENCH_BUILD_OVERLAP === '1' ? 'while packing' : 'after packing'}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`draft: 4 rows, ${imagesPerRow * 4} instances, ${(total / 1e6).toFixed(0)} MB, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const folders = rows.map((r) => join(work, 'draft', r.folder));
    const results = [];
    const modes = (process.env.BENCH_BUILD_MODES ?? 'store,lzma2').split(',');
    for (const [label, level, args] of [
      ['store', 0, ['-mx=0']],
      ['LZMA2 level 1', 1, ['-mx=1', '-m0=lzma2', '-mmt=2']],
    ].filter(([, level]) => modes.includes(level === 0 ? 'store' : 'lzma2'))) {
      const nOut = mkdtempSync(join(work, 'native-'));
      const n = native(folders, nOut, args);
      rmSync(nOut, { recursive: true, force: true });
      const oOut = join(work, `ours-${level}`);
      const o = ours(draft, oOut, level, join(work, `ledger-${level}.jsonl`));
      rmSync(oOut, { recursive: true, force: true });
      results.push({ label, n, o });
    }
    console.log('\n| mode | 7zz a | ours: pack | ours: whole build (scan + pack + full check) | pack ratio (7zz / ours) | build ratio | our peak RSS | our CPU / wall | 7zz CPU / wall |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { label, n, o } of results) {
      const mbps = (ms) => `${((total / 1e6) / (ms / 1000)).toFixed(0)} MB/s`;
      console.log(
        `| ${label} | ${(n.ms / 1000).toFixed(1)} s (${mbps(n.ms)}) | ${(o.packMs / 1000).toFixed(1)} s (${mbps(o.packMs)}) | ${(o.totalMs / 1000).toFixed(1)} s (scan ${(o.scanMs / 1000).toFixed(1)}, check ${(o.verifyMs / 1000).toFixed(1)}) | ${(n.ms / o.packMs).toFixed(2)} | ${(n.ms / o.totalMs).toFixed(2)} | ${o.peakMB.toFixed(0)} MB | ${(o.cpuMs / o.totalMs).toFixed(2)} | ${(n.cpu / n.ms).toFixed(2)} |`,
      );
    }
    for (const { label, n, o } of results) {
      const ratio = n.ms / o.packMs;
      console.log(`${label}: pack ≥ 60 % of 7zz: ${ratio >= 0.6 ? 'met' : 'MISSED'} (${(ratio * 100).toFixed(0)} %); peak ≤ 512 MB: ${o.peakMB <= 512 ? 'met' : 'MISSED'} (${o.peakMB.toFixed(0)} MB)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
