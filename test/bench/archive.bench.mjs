// Archive layer benchmark (issue 4 speed section, issue 5 writer goals). Generates about
// BENCH_ARCHIVE_MB (default 1024) MB of DICOM-like files, packs them with 7zz (store, LZMA2 -mx=1)
// and gcab -z, and compares in the same run:
//   reading: `7zz t` vs our full verify (every CRC / block checksum) and our quick read (the quick check's
//   first read per entry, QUICK_FIRST_READ);
//   writing: `7zz a -mx=0 / -mx=1` and `gcab -c -z` vs write7z level 0 / 1 and writeCab.
// Each of our measurements runs in its own Node process so its peak RSS is its own.
// Run: npm run bench -- archive      (BENCH_ARCHIVE_MB=256 for a shorter run; BENCH_ARCHIVE_READ_ONLY=1
// skips our writers; BENCH_ARCHIVE_REPEAT=n runs the rows with a goal n times each, median kept)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir, availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CT_SLICE_BYTES, shapeCtSlice } from '../fixtures/ct-slice.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
/** Native tool runs: wall ms -> CPU ms. */
const nativeCpu = new Map();

if (process.argv[2] === 'child') {
  await child(process.argv.slice(3));
} else {
  await main();
}

async function child([op, ...args]) {
  const { openArchive } = await import(join(root, 'server/src/core/archive/index.ts'));
  const { write7z, writeCab } = await import(join(root, 'server/src/core/archive/write.ts'));
  const { runSevenZipWasm } = await import(join(root, 'server/src/core/archive/wasm/run.ts'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let detail = {};
  if (op === 'verify' || op === 'verify-js') {
    const r = await openArchive(args[0]);
    // verify-js: the JS decoders alone (the shared implementation under SevenZipReader's WASM shortcut).
    const v = op === 'verify-js' ? await Object.getPrototypeOf(Object.getPrototypeOf(r)).verify.call(r) : await r.verify();
    await r.close();
    if (!v.ok) throw new Error(`verify failed: ${JSON.stringify(v.problems.slice(0, 3).map((p) => p.error.message))}`);
    detail = { bytes: v.bytesChecked, entries: v.entriesChecked };
  } else if (op === 'quick') {
    // What the quick check reads of each DICOM file first (images/inspect.ts).
    const { QUICK_FIRST_READ } = await import(join(root, 'server/src/core/images/inspect.ts'));
    const r = await openArchive(args[0]);
    let n = 0;
    for (const e of r.entries()) {
      if (e.isDirectory || e.size === 0) continue;
      const head = await r.readEntry(e, { maxBytes: QUICK_FIRST_READ });
      if (head[128] !== 0x44) throw new Error(`${e.name}: no DICM`);
      n++;
    }
    await r.close();
    detail = { entries: n };
  } else if (op === 'wasm-test') {
    const res = await runSevenZipWasm({ op: 'test', archivePath: args[0] });
    if (res.exitCode !== 0) throw new Error(res.output);
  } else if (op === 'write7z' || op === 'writecab') {
    const files = JSON.parse(readFileSync(args[0], 'utf8'));
    if (op === 'write7z') await write7z(files, args[1], { level: Number(args[2]) });
    else await writeCab(files, args[1], { compression: 'mszip', level: Number(args[2] ?? 6) });
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, ...detail }) + '\n');
}

/** Wall time of a native tool in ms; its CPU time (user + system, from /usr/bin/time) is kept in `nativeCpu`. */
function timeNative(cmd, args, cwd) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU_S=%U %S', cmd, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const ms = performance.now() - t0;
  const m = /CPU_S=([\d.]+) ([\d.]+)/.exec(String(r.stderr));
  nativeCpu.set(ms, m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN);
  return ms;
}

function timeOurs(op, ...args) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--require', join(here, 'peak-rss.cjs'), fileURLToPath(import.meta.url), 'child', op, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`ours ${op} failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  const rss = /PEAK_RSS_KB=(\d+)/.exec(r.stderr);
  return { ...result, peakMB: rss ? Number(rss[1]) / 1024 : NaN};
}

function requireTool(cmd, args) {
  const r = spawnSync(cmd, args);
  if (r.error) throw new Error(`${cmd} missing (apt-get install 7zip gcab cabextract)`);
}

async function main() {
  for (const [c, a] of [['7zz', ['i']], ['gcab', ['--version']], ['cabextract', ['--version']]]) requireTool(c, a);
  const wantMB = Number(process.env.BENCH_ARCHIVE_MB ?? 1024);
  const work = mkdtempSync(join(tmpdir(), 'nhi-archive-bench-'));
  const free = statfsSync(work);
  const freeMB = (free.bavail * free.bsize) / 2 ** 20;
  // Sources + 3 native archives + 3 of ours (LZMA2 ≈ 0.8x) ≈ 7.5x the data.
  const totalMB = Math.min(wantMB, Math.floor(freeMB / 8));
  if (totalMB < 64) throw new Error(`not enough free space in ${tmpdir()} (${freeMB.toFixed(0)} MB)`);
  try {
    const src = join(work, 'src');
    // CT-like slices (test/fixtures/ct-slice.ts); LZMA2 and deflate shrink them about 2-3x, as real CT.
    const count = Math.max(1, Math.round((totalMB * 2 ** 20) / CT_SLICE_BYTES));
    const files = [];
    for (let i = 0; i < count; i++) {
      const b = shapeCtSlice(randomBytes(CT_SLICE_BYTES), 180 + (i % 60));
      const rel = `DICOM/ST000001/SE${String(1 + Math.floor(i / 500)).padStart(6, '0')}/IM${String(i).padStart(6, '0')}`;
      mkdirSync(dirname(join(src, rel)), { recursive: true });
      writeFileSync(join(src, rel), b);
      files.push({ archivePath: rel, sourcePath: join(src, rel) });
    }
    const dataMB = (count * CT_SLICE_BYTES) / 2 ** 20;
    const list = join(work, 'files.json');
    writeFileSync(list, JSON.stringify(files));
    console.log(`data: ${count} files, ${dataMB.toFixed(0)} MiB, ${availableParallelism()} cores, warm page cache, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

    const rows = [];
    const add = (what, nativeMs, ours, goal, nativeLabel, oursLabel) => {
      const ratio = nativeMs / ours.ms;
      rows.push({ what, nativeLabel, nativeMs, nativeCpuMs: nativeCpu.get(nativeMs), oursLabel, oursMs: ours.ms, oursCpuMs: ours.cpuMs, ratio, goal, peakMB: ours.peakMB });
    };

    // Writing (native first: their outputs are the read inputs).
    const n7s = join(work, 'n-store.7z');
    const n7l = join(work, 'n-lzma2.7z');
    const ncab = join(work, 'n-mszip.cab');
    const tN7s = timeNative('7zz', ['a', '-mx=0', n7s, 'DICOM'], src);
    const tN7l = timeNative('7zz', ['a', '-mx=1', n7l, 'DICOM'], src);
    const cabList = files.map((f) => f.archivePath);
    const tNcab = dataMB < 2000 ? timeNative('gcab', ['-c', '-z', ncab, ...cabList], src) : NaN;
    // BENCH_ARCHIVE_READ_ONLY=1: only the reading rows (native archives are still made).
    const readOnly = process.env.BENCH_ARCHIVE_READ_ONLY === '1';
    if (!readOnly) {
      add('write 7z store', tN7s, timeOurs('write7z', list, join(work, 'o-store.7z'), '0'), 0.6, '7zz a -mx=0', 'write7z level 0 (JS)');
      add('write 7z LZMA2 level 1', tN7l, timeOurs('write7z', list, join(work, 'o-lzma2.7z'), '1'), 0.6, '7zz a -mx=1', 'write7z level 1 (7-Zip WASM, worker)');
      add('write CAB MSZIP', tNcab, timeOurs('writecab', list, join(work, 'o-mszip.cab'), '6'), null, 'gcab -c -z', 'writeCab mszip level 6');
      add('write CAB MSZIP (level 1)', tNcab, timeOurs('writecab', list, join(work, 'o-mszip1.cab'), '1'), null, 'gcab -c -z', 'writeCab mszip level 1');
      for (const f of ['o-store.7z', 'o-lzma2.7z']) timeNative('7zz', ['t', join(work, f)]);
      timeNative('cabextract', ['-t', join(work, 'o-mszip.cab')]);
      rmSync(join(work, 'o-mszip1.cab'));
    }

    // Reading. The rows with a goal: BENCH_ARCHIVE_REPEAT runs each (default 3), baseline and ours
    // alternating, the median kept, so a burst of load on the shared machine hits both sides alike.
    const repeat = Math.max(1, Number(process.env.BENCH_ARCHIVE_REPEAT ?? 3));
    const median = (xs, key) => [...xs].sort((p, q) => key(p) - key(q))[Math.floor(xs.length / 2)];
    const paired = (native, ours) => {
      const n = [];
      const o = [];
      for (let i = 0; i < repeat; i++) {
        n.push(native());
        o.push(ours());
      }
      return [median(n, (x) => x), median(o, (x) => x.ms)];
    };
    const [t7s, oursFull7s] = paired(() => timeNative('7zz', ['t', n7s]), () => timeOurs('verify', n7s));
    const [t7sq, oursQuick7s] = paired(() => timeNative('7zz', ['t', n7s]), () => timeOurs('quick', n7s));
    const [tcab, oursFullCab] = paired(() => timeNative('7zz', ['t', ncab]), () => timeOurs('verify', ncab));
    const t7l = timeNative('7zz', ['t', n7l]);
    const tcx = timeNative('cabextract', ['-t', ncab]);
    add('full check, 7z store', t7s, oursFull7s, 0.7, '7zz t', 'verify (JS)');
    add('quick check, 7z store', t7sq, oursQuick7s, 5, '7zz t', 'first 16 KiB per entry (JS)');
    add('full check, CAB MSZIP', tcab, oursFullCab, 0.7, '7zz t', 'verify (JS, zlib)');
    add('full check, CAB MSZIP vs cabextract', tcx, timeOurs('verify', ncab), null, 'cabextract -t', 'verify (JS, zlib)');
    add('quick check, CAB MSZIP', tcab, timeOurs('quick', ncab), null, '7zz t', 'first 16 KiB per entry (JS)');
    add('full check, 7z LZMA2', t7l, timeOurs('verify', n7l), null, '7zz t', 'verify (7-Zip WASM t in a worker)');
    add('full check, 7z LZMA2, JS decoder', t7l, timeOurs('verify-js', n7l), null, '7zz t', 'verify (JS LZMA2 decoder)');
    add('quick check, 7z LZMA2', t7l, timeOurs('quick', n7l), null, '7zz t', 'first 16 KiB per entry (JS)');
    add('candidate: 7z-wasm t, 7z store', t7s, timeOurs('wasm-test', n7s), null, '7zz t', '7z-wasm t (worker)');
    add('candidate: 7z-wasm t, 7z LZMA2', t7l, timeOurs('wasm-test', n7l), null, '7zz t', '7z-wasm t (worker)');

    const sizes = Object.fromEntries(['n-store.7z', 'n-lzma2.7z', 'n-mszip.cab', ...(readOnly ? [] : ['o-store.7z', 'o-lzma2.7z', 'o-mszip.cab'])].map((f) => [f, (statSync(join(work, f)).size / 2 ** 20).toFixed(0)]));
    console.log('| measurement | baseline | baseline s (CPU s) | ours | ours s (CPU s) | ours MB/s | speed vs baseline | goal | peak RSS MB |');
    console.log('|---|---|---:|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      const ok = r.goal === null ? '' : r.ratio >= r.goal ? ` (≥ ${r.goal}: met)` : ` (≥ ${r.goal}: NOT met)`;
      console.log(
        `| ${r.what} | ${r.nativeLabel} | ${(r.nativeMs / 1000).toFixed(2)} (${(r.nativeCpuMs / 1000).toFixed(2)}) | ${r.oursLabel} | ${(r.oursMs / 1000).toFixed(2)} (${(r.oursCpuMs / 1000).toFixed(2)}) | ${(dataMB / (r.oursMs / 1000)).toFixed(0)} | ${r.ratio.toFixed(2)}x | ${r.goal ?? '–'}${ok} | ${r.peakMB.toFixed(0)} |`,
      );
    }
    console.log(`\narchive sizes (MiB): ${JSON.stringify(sizes)}; load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const over = rows.filter((r) => r.peakMB > 256);
    if (over.length) console.log(`peak RSS above 256 MB: ${over.map((r) => r.what).join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
