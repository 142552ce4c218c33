import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, ArchiveError, type ArchiveReader } from '../../../server/src/core/archive';
import { crc32Js } from '../../../server/src/core/archive/crc32';
import { makeSources, tempDir } from './helpers';
import { CT_SLICE_BYTES, shapeCtSlice } from '../../fixtures/ct-slice';

/**
 * The JS LZMA/LZMA2 decoder (archive/lzma) against archives made by 7-Zip itself: every byte and
 * every CRC of every entry, at several levels and settings (dictionary larger and smaller than the
 * data, unusual lc/lp/pb, an end marker, one folder per file), on data with long repeats, runs of
 * one byte, CT-like pixels and incompressible stretches. Then damaged streams (cut short, bytes
 * flipped): each must end in an ArchiveError or a failed CRC, never hang or throw anything else.
 * Kept small enough (≈ 3.5 MiB) that verify() stays on the JS path (WebAssembly is for ≥ 8 MiB).
 */

/** Deterministic bytes (xorshift32), so a failure can be reproduced. */
function prng(seed: number): (n: number) => Buffer {
  let s = seed >>> 0 || 1;
  return (n) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      b[i] = s >>> 24;
    }
    return b;
  };
}

function contents(): Record<string, Buffer> {
  const rnd = prng(0x5eed);
  const ct = (r: number) => shapeCtSlice(rnd(CT_SLICE_BYTES), r);
  // Long repeats at long distances, a long run of one byte (distance 1, overlapping copies), a short period.
  const block = rnd(40_000);
  const repeats = Buffer.concat([...Array.from({ length: 12 }, () => block), Buffer.alloc(150_000, 0x41), Buffer.from('abc'.repeat(30_000)), block.subarray(0, 5000)]);
  const text = Buffer.from(Array.from({ length: 6000 }, (_, i) => `PatientName^${i % 97} StudyDate 2026${String(i % 12).padStart(2, '0')} `).join('\n'));
  return {
    'DICOM/CT/IM1': ct(200),
    'DICOM/CT/IM2': ct(233),
    'DICOM/REPEATS': repeats,
    // Incompressible, longer than the 1 MiB input buffer of the LZMA stream.
    'DICOM/NOISE': rnd(1_300_000),
    'DICOM/MIXED': Buffer.concat([rnd(70_000), Buffer.alloc(70_000), rnd(3), block, text.subarray(0, 20_000)]),
    'NOTES.TXT': text,
    EMPTY: Buffer.alloc(0),
    ONE: Buffer.from([0x7f]),
  };
}

const cases: Array<[string, string[], 'lzma' | 'lzma2']> = [
  ['LZMA2 -mx=1', ['-m0=LZMA2', '-mx=1'], 'lzma2'],
  ['LZMA2 -mx=5', ['-m0=LZMA2', '-mx=5'], 'lzma2'],
  ['LZMA2 -mx=9 (dictionary larger than the data)', ['-m0=LZMA2', '-mx=9'], 'lzma2'],
  ['LZMA2 -mx=5, one folder per file', ['-m0=LZMA2', '-mx=5', '-ms=off'], 'lzma2'],
  ['LZMA2 64 KiB dictionary (the window wraps)', ['-m0=LZMA2:d=64k', '-mx=5'], 'lzma2'],
  ['LZMA2 lc=1 lp=3 pb=0', ['-m0=LZMA2:lc=1:lp=3:pb=0', '-mx=5'], 'lzma2'],
  ['LZMA -mx=1', ['-m0=LZMA', '-mx=1'], 'lzma'],
  ['LZMA -mx=5', ['-m0=LZMA', '-mx=5'], 'lzma'],
  ['LZMA -mx=9 (dictionary larger than the data)', ['-m0=LZMA', '-mx=9'], 'lzma'],
  ['LZMA 64 KiB dictionary (the window wraps)', ['-m0=LZMA:d=64k', '-mx=5'], 'lzma'],
  ['LZMA lc=0 lp=2 pb=0', ['-m0=LZMA:lc=0:lp=2:pb=0', '-mx=5'], 'lzma'],
  ['LZMA lc=4 pb=4', ['-m0=LZMA:lc=4:lp=0:pb=4', '-mx=5'], 'lzma'],
  ['LZMA with an end marker', ['-m0=LZMA:eos', '-mx=5'], 'lzma'],
];

const isArchiveError = (e: unknown) => e instanceof ArchiveError && ['corrupt', 'truncated', 'crc-mismatch'].includes(e.code);

/** Reads every entry; returns the names whose bytes or CRC differ, or the error codes met. */
async function readAllChecked(r: ArchiveReader, want: Record<string, Buffer>): Promise<string[]> {
  const bad: string[] = [];
  for (const e of r.entries()) {
    if (e.isDirectory) continue;
    try {
      const got = Buffer.from(await r.readEntry(e));
      if (!got.equals(want[e.name]) || (e.size > 0 && e.crc32 !== crc32Js(got))) bad.push(e.name);
    } catch (err) {
      if (!isArchiveError(err)) throw err;
      bad.push(`${e.name}: ${(err as ArchiveError).code}`);
    }
  }
  return bad;
}

describe('archive: the JS LZMA/LZMA2 decoder on archives made by 7zz', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  const data = contents();
  const total = Object.values(data).reduce((s, b) => s + b.length, 0);
  const made = new Map<string, string>();

  before(() => {
    tmp = tempDir('nhi-lzma-7zz-');
    makeSources(tmp.dir, data);
  });
  after(() => tmp.cleanup());

  function pack(label: string, args: string[]): string {
    const out = join(tmp.dir, `${label.replace(/\W+/g, '_')}.7z`);
    const res = spawnSync('7zz', ['a', '-t7z', ...args, out, '.'], { cwd: join(tmp.dir, 'src'), encoding: 'utf8' });
    assert.equal(res.status, 0, `7zz a ${args.join(' ')}: ${res.stderr}${res.stdout}`);
    made.set(label, out);
    return out;
  }

  for (const [label, args, method] of cases) {
    it(`${label}: every byte and CRC equal the sources; verify passes`, async () => {
      const path = pack(label, args);
      const r = await openArchive(path);
      try {
        const files = r.entries().filter((e) => !e.isDirectory);
        assert.deepEqual(files.map((e) => e.name).sort(), Object.keys(data).sort());
        assert.ok(files.filter((e) => e.size > 0).every((e) => e.method === method), files.map((e) => e.method).join());
        for (const e of files) if (e.size > 0) assert.equal(e.crc32, crc32Js(data[e.name]), `${e.name}: CRC in the archive`);
        assert.deepEqual(await readAllChecked(r, data), []);
        const v = await r.verify();
        assert.deepEqual(v.problems, []);
        assert.equal(v.bytesChecked, total);
      } finally {
        await r.close();
      }
    });
  }

  /** The packed stream of the first folder: [offset, size] in the file (7z: after the 32-byte signature header). */
  async function firstPackStream(path: string): Promise<[number, number]> {
    const r = await openArchive(path);
    try {
      const internals = r as unknown as { streams: { packPos: number; packSizes: number[] } };
      return [32 + internals.streams.packPos, internals.streams.packSizes[0]];
    } finally {
      await r.close();
    }
  }

  for (const label of ['LZMA2 -mx=5', 'LZMA -mx=5', 'LZMA 64 KiB dictionary (the window wraps)', 'LZMA with an end marker']) {
    it(`${label}: a stream cut short ends in an error, at any length`, async () => {
      const path = made.get(label);
      assert.ok(path, 'made by the test above');
      const [, packSize] = await firstPackStream(path);
      for (const cut of [0, 1, 4, 5, 6, 100, Math.floor(packSize / 3), Math.floor(packSize / 2), packSize - 100, packSize - 2, packSize - 1]) {
        const r = await openArchive(path);
        try {
          // The header says the stream is `cut` bytes long: the decoder sees less input than the data needs.
          (r as unknown as { streams: { packSizes: number[] } }).streams.packSizes[0] = cut;
          const bad = await readAllChecked(r, data);
          // Only the last bytes (LZMA2's end byte, an end marker, the range coder's flush) may go
          // missing without a byte of data lost; then every entry reads back whole.
          if (cut < packSize - 16) assert.ok(bad.length > 0, `cut at ${cut} of ${packSize}: every entry read back`);
          // Verify fails all the same, as 7zz t does ("Data Error"): the data's end is missing.
          const v = await r.verify();
          assert.equal(v.ok, false, `cut at ${cut}: verify passed, entries read back wrong: ${bad.join()}`);
          assert.ok(v.problems.every((p) => isArchiveError(p.error)), JSON.stringify(v.problems.map((p) => p.error.code)));
        } finally {
          await r.close();
        }
      }
    });

    it(`${label}: flipped bytes in the packed data end in an error or a CRC mismatch, never a crash`, async () => {
      const path = made.get(label);
      assert.ok(path, 'made by the test above');
      const [offset, packSize] = await firstPackStream(path);
      const pick = prng(packSize);
      const original = readFileSync(path);
      const bad = join(tmp.dir, 'flipped.7z');
      for (let round = 0; round < 12; round++) {
        const bytes = Buffer.from(original);
        const r4 = pick(8);
        const flips = round < 6 ? 1 : 8;
        for (let k = 0; k < flips; k++) {
          const at = offset + 5 + ((r4.readUInt32LE(0) * (k + 1) + k * 7919) % (packSize - 5));
          bytes[at] ^= 1 << (r4[4 + (k & 3)] & 7);
        }
        // Also the very first bytes once (range coder start, LZMA2 chunk header).
        if (round === 11) bytes[offset] ^= 0x01;
        writeFileSync(bad, bytes);
        const r = await openArchive(bad);
        try {
          const v = await r.verify();
          assert.equal(v.ok, false, `round ${round}`);
          assert.ok(v.problems.every((p) => isArchiveError(p.error)), JSON.stringify(v.problems.map((p) => [p.error.code, p.error.message])));
          await readAllChecked(r, data);
        } finally {
          await r.close();
        }
      }
    });
  }
});
