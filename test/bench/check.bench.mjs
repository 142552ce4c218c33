// Linked-archive check benchmark (issue 4: "both cores busy on a batch of many archives").
// Generates BENCH_CHECK_ARCHIVES (default 20) DCF archives of BENCH_CHECK_INSTANCES (default 100)
// CT instances (512x512, BENCH_CHECK_BITS bits, default 16 as real CT; about 1 GB in all) each, as 7z
// store, 7z store written by 7-Zip itself (`7zz a -mx=0`: its header is LZMA-packed, as in most archives
// hospitals make), 7z LZMA2 and CAB MSZIP (BENCH_CHECK_FORMATS=7z,7z-7zz,7z-lzma2,cab picks some), and
// measures in the same run:
//   `7zz t` over every archive one after another (the baseline), and
//   checkLinkedArchives quick and full with 1, 2 and 4 archives at once (2 and 4: 'auto' decides on worker threads,
//   at most two; each row says whether the archives went to workers),
// reporting wall time, throughput (MB of files inside the archives per second), CPU time / wall time (cores busy) and peak RSS of each run.
// The check runs bundled by esbuild as the CLI and the language server run it (dist/), with its worker
// script beside the bundle; BENCH_CHECK_SOURCES=1 runs the TypeScript sources through tsx instead.
// CPU time counts every thread of the process (workers included); peak RSS too. `7zz t`'s CPU time
// comes from /usr/bin/time. BENCH_CHECK_REPEAT=n (default 1) runs every row n times, the runs of a row
// next to each other, and keeps the median by wall time. BENCH_CHECK_COMPARE=<git revision> also runs
// that revision's check (bundled the same way) on the same archives, each of its rows next to ours.
// A tree whose CLI loads its bundle with V8's code cache (server/src/cli/code-cache.ts) has its check loaded
// the same way, from a cache folder of the run that starts empty: the first quick and the first full check
// write it (their own rows, "first run"), every later one loads it, as every run of the CLI after its first.
// Run: npm run bench -- check
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractRevision } from './revision.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const ARCHIVES = Number(process.env.BENCH_CHECK_ARCHIVES ?? 20);
const INSTANCES = Number(process.env.BENCH_CHECK_INSTANCES ?? 100);
const BITS = Number(process.env.BENCH_CHECK_BITS ?? 16);
/** Archive sets: 7z store (ours and 7-Zip's), 7z LZMA2 (level 1, through 7-Zip WebAssembly as `build --level 1`), CAB MSZIP. */
const FORMATS = (process.env.BENCH_CHECK_FORMATS ?? '7z,7z-7zz,7z-lzma2,cab').split(',');

if (process.argv[2] === 'child') await child(process.argv.slice(3));
else await main();

/** Bundles the check of the tree at `src` and its worker into `out` (as scripts/build.mjs bundles them into dist/). */
async function bundle(out, src = root) {
  const esbuild = await import('esbuild');
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', logLevel: 'warning', nodePaths: [join(root, 'node_modules')] };
  await esbuild.build({
    ...common,
    stdin: {
      contents: [
        "export { checkLinkedArchives } from './server/src/core/archive/check';",
        "export { parseCsv } from './server/src/core/csv/parse';",
        "export { defaultOptions } from './server/src/core/options';",
        ...(readdirSync(join(src, 'server/src/core/archive')).includes('check-pool.ts') && readFileSync(join(src, 'server/src/core/archive/check-pool.ts'), 'utf8').includes('class CheckPoolKeeper')
          ? ["export { CheckPoolKeeper, poolStats } from './server/src/core/archive/check-pool';"] : []),
      ].join('\n'),
      resolveDir: src,
      loader: 'ts',
    },
    outfile: join(out, 'check.js'),
  });
  const worker = join(src, 'server/src/core/archive/check-worker.ts');
  if (readdirSync(dirname(worker)).includes('check-worker.ts')) await esbuild.build({ ...common, entryPoints: [worker], outfile: join(out, 'archive-check-worker.js') });
  // The 7-Zip (WebAssembly) fallback, as in dist/.
  for (const f of ['archive-worker.js', '7zz.wasm']) copyFileSync(join(root, 'dist', f), join(out, f));
  // A tree whose CLI loads its bundle with V8's code cache (cli/code-cache.ts): the check is loaded the same way.
  const codeCache = join(src, 'server/src/cli/code-cache.ts');
  if (readdirSync(dirname(codeCache)).includes('code-cache.ts')) await esbuild.build({ ...common, entryPoints: [codeCache], outfile: join(out, 'code-cache.js') });
  return join(out, 'check.js');
}

/** `runs` > 1: checks again in the same process and reports the last run (warm code, as in a language server that checked before). */
async function child([dir, csv, mode, concurrency, bundled, runs = '1']) {
  // As the CLI loads its bundle: with the code cache (kept in NHI_IMAGING_CODE_CACHE, set below) where the tree has one.
  const codeCache = bundled && join(dirname(bundled), 'code-cache.js');
  const loaded = codeCache && existsSync(codeCache) ? createRequire(import.meta.url)(codeCache).loadBundle(bundled, `bench-${mode}`) : null;
  const load = bundled ? async () => loaded?.exports ?? createRequire(import.meta.url)(bundled) : null;
  const { checkLinkedArchives } = load ? await load() : await import(join(root, 'server/src/core/archive/check.ts'));
  const { parseCsv } = load ? await load() : await import(join(root, 'server/src/core/csv/parse.ts'));
  const { defaultOptions } = load ? await load() : await import(join(root, 'server/src/core/options.ts'));
  const { CheckPoolKeeper, poolStats } = load ? await load() : await import(join(root, 'server/src/core/archive/check-pool.ts'));
  const model = parseCsv(readFileSync(csv, 'utf8'));
  // Checked again in one process: the workers are kept between checks, as the language server keeps them.
  const workerPool = Number(runs) > 1 && CheckPoolKeeper ? new CheckPoolKeeper() : undefined;
  let result;
  for (let i = 0; i < Number(runs); i++) {
    const cpu0 = process.cpuUsage();
    const jobs0 = poolStats?.jobs ?? 0;
    const t0 = performance.now();
    const r = await checkLinkedArchives(csv, model, { archiveDir: dir, options: defaultOptions(), mode, concurrency: Number(concurrency), workerPool });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const errors = r.findings.filter((f) => f.severity === 'error');
    if (errors.length) throw new Error(`unexpected errors: ${JSON.stringify(errors.slice(0, 3).map((f) => f.message.en))}`);
    const instances = r.summaries.reduce((s, x) => s + x.instances, 0);
    // Archives the check handed to worker threads (unknown for a revision without poolStats).
    const workerJobs = poolStats ? poolStats.jobs - jobs0 : null;
    result = { ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024, instances, workerJobs };
  }
  await workerPool?.dispose();
  loaded?.save();
  console.log(JSON.stringify({ ...result, codeCache: loaded?.state }));
}

/** Bundles `rev`'s check (from `git archive`) into `out`; its dependencies come from this tree's node_modules. */
async function bundleRevision(rev, out) {
  return bundle(out, extractRevision(root, rev, out));
}

/**
 * Pixels that compress about as well as a CT slice does (deflate ≈ 2:1 on 12-bit data): a smooth body
 * disc with noise in the low bits. A constant fill would let MSZIP shrink the CAB a thousandfold and
 * make inflating it nearly free.
 */
function ctPixels(rows, columns, bits) {
  const out = new Uint8Array(rows * columns * (bits / 8));
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 0x3f;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const r = Math.hypot(x - columns / 2, y - rows / 2) / (rows / 2);
      const v = r < 0.9 ? 1000 + Math.round(200 * Math.cos(r * 7)) + noise() : noise() >> 3;
      const i = y * columns + x;
      if (bits === 16) {
        out[2 * i] = v & 0xff;
        out[2 * i + 1] = v >> 8;
      } else out[i] = v >> 4;
    }
  }
  return out;
}

function median(runs) {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return sorted[(sorted.length - 1) >> 1];
}

function run(args, opts = {}) {
  const res = spawnSync(args[0], args.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout;
}

async function main() {
  const { makeInstance, makeDicomdir } = await import(join(root, 'test/fixtures/dicom.ts'));
  const { write7z, writeCab } = await import(join(root, 'server/src/core/archive/write.ts'));
  const { EXAMPLE_ROW } = await import(join(root, 'server/src/core/spec/example.ts'));
  const work = mkdtempSync(join(tmpdir(), 'nhi-check-bench-'));
  try {
    const bundled = process.env.BENCH_CHECK_SOURCES === '1' ? '' : join(work, 'bundle', 'check.js');
    if (bundled) await bundle(dirname(bundled));
    const compare = process.env.BENCH_CHECK_COMPARE;
    const compared = compare ? await bundleRevision(compare, join(work, 'compare')) : null;
    const repeat = Math.max(1, Number(process.env.BENCH_CHECK_REPEAT ?? 1));
    // The code cache of the children (the CLI keeps its own in the user's cache folder), empty at the start.
    process.env.NHI_IMAGING_CODE_CACHE = join(work, 'code-cache');
    const stage = join(work, 'stage');
    mkdirSync(join(stage, 'IMG'), { recursive: true });
    const pixels = ctPixels(512, 512, BITS);
    const common = { modality: 'CT', studyDate: '20251125', birthDate: '19860312', bitsAllocated: BITS, pixels };
    const first = makeInstance(common);
    const files = [];
    for (let i = 0; i < INSTANCES; i++) {
      const inst = i === 0 ? first : makeInstance({ ...common, studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: i + 1 });
      const fileId = ['IMG', `IM${i}`];
      writeFileSync(join(stage, ...fileId), inst.bytes);
      files.push({ fileId, instance: inst });
    }
    writeFileSync(join(stage, 'DICOMDIR'), makeDicomdir({ files }));
    const setBytes = ['DICOMDIR', ...files.map((f) => f.fileId.join('/'))].reduce((s, p) => s + statSync(join(stage, ...p.split('/'))).size, 0);
    const inputs = ['DICOMDIR', ...files.map((f) => f.fileId.join('/'))].map((p) => ({ archivePath: p, sourcePath: join(stage, ...p.split('/')) }));
    const sets = {};
    // Every archive of a set holds the same files: the first is written, the others are copies of it.
    const writers = {
      '7z': (out) => write7z(inputs, out),
      '7z-7zz': async (out) => run(['7zz', 'a', '-mx=0', '-bd', '-y', out, 'DICOMDIR', 'IMG'], { cwd: stage }),
      '7z-lzma2': (out) => write7z(inputs, out, { level: 1 }),
      cab: (out) => writeCab(inputs, out, { compression: 'mszip' }),
    };
    for (const format of FORMATS) {
      const dir = join(work, format);
      mkdirSync(dir);
      const names = [];
      for (let a = 0; a < ARCHIVES; a++) {
        const name = `DCF3501200000_B${String(a).padStart(11, '0')}.${format === 'cab' ? 'CAB' : '7z'}`;
        if (a === 0) await writers[format](join(dir, name));
        else copyFileSync(join(dir, names[0]), join(dir, name));
        names.push(name);
      }
      const csv = join(dir, '3501200000_20251125_001.csv');
      writeFileSync(csv, names.map((n, i) => EXAMPLE_ROW.map((v, k) => (k === 13 ? n : k === 5 ? String(i + 1).padStart(4, '0') : v)).join(',')).join('\r\n') + '\r\n');
      const packed = readdirSync(dir).filter((f) => f !== '3501200000_20251125_001.csv').reduce((s, f) => s + statSync(join(dir, f)).size, 0);
      sets[format] = { dir, csv, names, bytes: setBytes * ARCHIVES, packed };
    }
    rmSync(stage, { recursive: true });

    const rows = [];
    for (const format of FORMATS) {
      const { dir, csv, names, bytes, packed } = sets[format];
      const mb = bytes / 1e6;
      const sevenZip = () => {
        let cpuMs = 0;
        const t0 = performance.now();
        for (const n of names) {
          const res = spawnSync('/usr/bin/time', ['-f', '%U %S', '7zz', 't', join(dir, n)], { encoding: 'utf8' });
          if (res.status !== 0) throw new Error(`7zz t ${n} failed: ${res.stderr}`);
          const [user, sys] = res.stderr.trim().split('\n').pop().split(' ').map(Number);
          cpuMs += (user + sys) * 1000;
        }
        return { ms: performance.now() - t0, cpuMs };
      };
      // The same test in one 7zz process (no process start per archive): shown for reference.
      const sevenZipOnce = () => {
        const t0 = performance.now();
        const res = spawnSync('/usr/bin/time', ['-f', '%U %S', '7zz', 't', '-an', `-ai!${join(dir, format === 'cab' ? '*.CAB' : '*.7z')}`], { encoding: 'utf8' });
        if (res.status !== 0) throw new Error(`7zz t -ai! failed: ${res.stderr}`);
        const [user, sys] = res.stderr.trim().split('\n').pop().split(' ').map(Number);
        return { ms: performance.now() - t0, cpuMs: (user + sys) * 1000 };
      };
      const baseRun = median(Array.from({ length: repeat }, sevenZip));
      const onceRun = median(Array.from({ length: repeat }, sevenZipOnce));
      const base = baseRun.ms;
      rows.push({ format, what: '7zz t (sequential)', ms: base, cpuMs: baseRun.cpuMs, mbps: mb / (base / 1000), cores: baseRun.cpuMs / base, rssMB: null, ratio: 1, cpuRatio: 1 });
      rows.push({ format, what: '7zz t, all archives in one process', ms: onceRun.ms, cpuMs: onceRun.cpuMs, mbps: mb / (onceRun.ms / 1000), cores: onceRun.cpuMs / onceRun.ms, rssMB: null, ratio: base / onceRun.ms, cpuRatio: baseRun.cpuMs / onceRun.cpuMs });
      const check = (code, mode, c, runs = 1) => {
        // A bundled check runs in plain Node, as the CLI does: tsx's loader thread would add its own CPU time.
        const loader = code ? [] : ['--import', 'tsx'];
        const out = run([process.execPath, ...loader, fileURLToPath(import.meta.url), 'child', dir, csv, mode, String(c), code, String(runs)], { cwd: root });
        const r = JSON.parse(out.trim().split('\n').pop());
        if (r.instances !== ARCHIVES * INSTANCES) throw new Error(`expected ${ARCHIVES * INSTANCES} instances, got ${r.instances}`);
        return r;
      };
      /** Where the archives were checked, when more than one at a time could go to workers. */
      const where = (r) =>
        (r.workerJobs === null ? '' : r.workerJobs > 0 ? ' [workers]' : ' [one thread]') + (r.codeCache && r.codeCache !== 'accepted' ? ` (code cache ${r.codeCache})` : '');
      // LZMA2 decodes every byte in every mode (10-20 s a run): 1 and 2 at once only, and no warm rows.
      const slow = format === '7z-lzma2';
      for (const mode of ['quick', 'full']) {
        // The first run of a mode writes the code cache the later ones load (a CLI's first run after an install or update).
        if (bundled && existsSync(join(dirname(bundled), 'code-cache.js')) && format === FORMATS[0]) {
          const r = check(bundled, mode, 1);
          rows.push({ format, what: `check ${mode}, 1 at once, first run (no code cache yet)${where(r)}`, ms: r.ms, cpuMs: r.cpuMs, mbps: mb / (r.ms / 1000), cores: r.cpuMs / r.ms, rssMB: r.rssMB, ratio: base / r.ms, cpuRatio: baseRun.cpuMs / r.cpuMs });
        }
        for (const c of slow ? [1, 2] : [1, 2, 4]) {
          const ours = [];
          const theirs = [];
          for (let i = 0; i < repeat; i++) {
            if (compared) theirs.push(check(compared, mode, c));
            ours.push(check(bundled, mode, c));
          }
          for (const [who, runs] of [[`${compare}: `, theirs], ['', ours]]) {
            if (!runs.length) continue;
            const r = median(runs);
            rows.push({ format, what: `${who}check ${mode}, ${c} at once${where(r)}`, ms: r.ms, cpuMs: r.cpuMs, mbps: mb / (r.ms / 1000), cores: r.cpuMs / r.ms, rssMB: Math.max(...runs.map((x) => x.rssMB)), ratio: base / r.ms, cpuRatio: baseRun.cpuMs / r.cpuMs });
          }
        }
      }
      // The third check in one process: code the earlier checks made hot, as in a language server that checked before.
      for (const [mode, c] of slow ? [] : [['quick', 1], ['full', 1], ['quick', 2], ['full', 2]]) {
        const runs = Array.from({ length: repeat }, () => check(bundled, mode, c, 3));
        const r = median(runs);
        rows.push({ format, what: `check ${mode}, ${c} at once, third run in one process (warm${r.workerJobs ? ', workers kept' : ''})${where(r)}`, ms: r.ms, cpuMs: r.cpuMs, mbps: mb / (r.ms / 1000), cores: r.cpuMs / r.ms, rssMB: Math.max(...runs.map((x) => x.rssMB)), ratio: base / r.ms, cpuRatio: baseRun.cpuMs / r.cpuMs });
      }
      console.log(`${format}: ${ARCHIVES} archives x ${INSTANCES} instances, ${mb.toFixed(0)} MB of files, ${(packed / 1e6).toFixed(0)} MB packed`);
    }
    console.log(`\ncheck code: ${bundled ? 'esbuild bundle (as dist/)' : 'TypeScript sources through tsx'}; median of ${repeat} run(s) per row`);
    console.log('\n| archives | run | wall ms | CPU ms | MB/s | CPU/wall | peak RSS MB | speed vs 7zz t (wall) | vs 7zz t (CPU) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(`| ${r.format} | ${r.what} | ${r.ms.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.mbps.toFixed(0)} | ${r.cores.toFixed(2)} | ${r.rssMB === null ? '–' : r.rssMB.toFixed(0)} | ${r.ratio.toFixed(2)}x | ${r.cpuRatio.toFixed(2)}x |`);
    }
  } finally {
    // BENCH_CHECK_KEEP=1 keeps the generated archives (for profiling) and prints where.
    if (process.env.BENCH_CHECK_KEEP === '1') console.log(`kept: ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}
