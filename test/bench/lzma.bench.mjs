// JS LZMA/LZMA2 decoder benchmark (server/src/core/archive/lzma). Generates BENCH_LZMA_MB (default 32) MiB
// of CT-like DICOM files (as archive.bench.mjs: 512x512 16-bit pixels, zero outside a disc, 5 noisy bits
// inside) and the same amount of 2048x2048 pixel data with 6 bits of entropy per byte (as build.bench.mjs),
// packs them with 7zz (LZMA2 -mx=1 and -mx=5, LZMA -mx=5; the noise with LZMA2 -mx=1), then, in the same
// run and alternating, times `7zz t` and our decoder on each archive:
//   decode: every folder decoded in-process from the archive held in memory (decoder + stream layer);
//   verify: the JS full check (file reads + CRC-32; verify() of the shared reader, not the WebAssembly one).
// Each of ours runs in its own Node process on the tree bundled by esbuild (as dist/), decodes
// BENCH_LZMA_INNER (default 3) times and keeps its fastest; the run keeps the median over BENCH_LZMA_REPEAT
// (default 3) processes. BENCH_LZMA_COMPARE=<git revision> also times that revision's decoder, next to ours.
// 7zz t decodes LZMA2 with two threads where the stream allows it: compare CPU columns for one core.
// Run: npm run bench -- lzma
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractRevision } from './revision.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

if (process.argv[2] === 'child') await child(process.argv.slice(3));
else await main();

async function bundle(out, src) {
  const esbuild = await import('esbuild');
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'warning',
    nodePaths: [join(root, 'node_modules')],
    stdin: { contents: "export { openArchive } from './server/src/core/archive/index';", resolveDir: src, loader: 'ts' },
    outfile: join(out, 'archive.js'),
  });
  return join(out, 'archive.js');
}

async function bundleRevision(rev, out) {
  return bundle(out, extractRevision(root, rev, out));
}

async function child([bundled, archive, mode, inner]) {
  const { openArchive } = createRequire(import.meta.url)(bundled);
  const file = readFileSync(archive);
  const memory = {
    path: archive,
    size: file.length,
    async readInto(target, position, length = target.length) {
      const n = Math.max(0, Math.min(length, file.length - position));
      target.set(file.subarray(position, position + n));
      return n;
    },
  };
  const runs = [];
  for (let i = 0; i < Number(inner); i++) {
    const r = await openArchive(archive);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let bytes = 0;
    if (mode === 'decode') {
      // The reader's own producers (reader internals: the bench's business only), fed from memory.
      const fileSource = r.source;
      r.source = memory;
      for (let f = 0; f < r.folderCount(); f++) {
        const producer = r.openFolder(f);
        for (let chunk; (chunk = await producer.next()); ) bytes += chunk.length;
      }
      r.source = fileSource;
    } else {
      const v = await Object.getPrototypeOf(Object.getPrototypeOf(r)).verify.call(r);
      if (!v.ok) throw new Error(`verify failed: ${JSON.stringify(v.problems.slice(0, 2).map((p) => p.error.message))}`);
      bytes = v.bytesChecked;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await r.close();
    runs.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes });
  }
  process.stdout.write(JSON.stringify(runs.reduce((a, b) => (b.ms < a.ms ? b : a))));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function run7zzT(archive) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU_S=%U %S', '7zz', 't', archive], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`7zz t ${archive}: ${r.stdout}${r.stderr}`);
  const m = /CPU_S=([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ms, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

// TypeScript (through tsx): imported by the parent only, the child processes run without tsx.
async function writeCt(dir, mb) {
  const { CT_SLICE_BYTES, shapeCtSlice } = await import('../fixtures/ct-slice.ts');
  const count = Math.max(1, Math.round((mb * 2 ** 20) / CT_SLICE_BYTES));
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `IM${String(i).padStart(6, '0')}`), shapeCtSlice(randomBytes(CT_SLICE_BYTES), 180 + (i % 60)));
}

function writeNoise(dir, count) {
  for (let i = 0; i < count; i++) {
    const b = randomBytes(2048 * 2048 + 2048);
    b.fill(0, 0, 2048);
    b.write('DICM', 128, 'latin1');
    for (let k = 2048; k < b.length; k++) b[k] &= 0x3f;
    writeFileSync(join(dir, `IM${i}`), b);
  }
}

async function main() {
  if (spawnSync('7zz', ['i']).error) throw new Error('7zz is missing (apt-get install 7zip)');
  const mb = Number(process.env.BENCH_LZMA_MB ?? 32);
  const repeat = Math.max(1, Number(process.env.BENCH_LZMA_REPEAT ?? 3));
  const inner = Math.max(1, Number(process.env.BENCH_LZMA_INNER ?? 3));
  const work = mkdtempSync(join(tmpdir(), 'nhi-lzma-bench-'));
  try {
    const ours = await bundle(join(work, 'ours'), root);
    const compare = process.env.BENCH_LZMA_COMPARE;
    const theirs = compare ? await bundleRevision(compare, join(work, 'compare')) : null;
    const ct = join(work, 'ct');
    const noise = join(work, 'noise');
    mkdirSync(ct);
    mkdirSync(noise);
    await writeCt(ct, mb);
    writeNoise(noise, Math.max(1, Math.round(mb / 4)));
    const archives = [
      ['CT-like, LZMA2 -mx=1', ct, ['-m0=LZMA2', '-mx=1']],
      ['CT-like, LZMA2 -mx=5', ct, ['-m0=LZMA2', '-mx=5']],
      ['CT-like, LZMA -mx=5', ct, ['-m0=LZMA', '-mx=5']],
      ['6-bit noise, LZMA2 -mx=1', noise, ['-m0=LZMA2', '-mx=1']],
    ].map(([label, dir, args], i) => {
      const out = join(work, `a${i}.7z`);
      const r = spawnSync('7zz', ['a', '-t7z', ...args, out, '.'], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`7zz a ${args.join(' ')}: ${r.stderr}`);
      return { label, path: out, args };
    });
    console.log(`${mb} MiB per archive; uptime load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${repeat} runs, best of ${inner} decodes per process${compare ? `; compared with ${compare}` : ''}\n`);
    const variants = [...(theirs ? [[`${compare}`, theirs]] : []), ['ours', ours]];
    console.log('| archive | packed MiB | run | wall ms | CPU ms | MB/s | vs 7zz t (wall) | vs 7zz t (CPU) |');
    console.log('|---|---:|---|---:|---:|---:|---:|---:|');
    for (const a of archives) {
      const rows = new Map();
      const add = (k, v) => rows.set(k, [...(rows.get(k) ?? []), v]);
      let bytes = 0;
      for (let i = 0; i < repeat; i++) {
        add('7zz t', run7zzT(a.path));
        for (const [name, bundled] of variants) {
          for (const mode of ['decode', 'verify']) {
            const c = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', bundled, a.path, mode, String(inner)], { encoding: 'utf8', cwd: root });
            if (c.status !== 0) throw new Error(`${name} ${mode} ${a.label}: ${c.stderr}`);
            const res = JSON.parse(c.stdout);
            bytes = res.bytes;
            add(`${name}: ${mode}`, res);
          }
        }
      }
      const base = rows.get('7zz t');
      const baseMs = median(base.map((x) => x.ms));
      const baseCpu = median(base.map((x) => x.cpuMs));
      for (const [k, v] of rows) {
        const ms = median(v.map((x) => x.ms));
        const cpu = median(v.map((x) => x.cpuMs));
        const mbs = bytes / 2 ** 20 / (ms / 1000);
        console.log(`| ${a.label} | ${(statSync(a.path).size / 2 ** 20).toFixed(1)} | ${k} | ${ms.toFixed(0)} | ${cpu.toFixed(0)} | ${mbs.toFixed(1)} | ${(baseMs / ms).toFixed(2)}x | ${(baseCpu / cpu).toFixed(2)}x |`);
      }
    }
    console.log(`\nMB/s counts decoded bytes (MiB). uptime load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
