import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { openArchive, ArchiveError, type ArchiveReader } from '../../../server/src/core/archive';
import { ArchiveLimitError } from '../../../server/src/core/archive/errors';
import { write7z, write7zStore, writeCab, type ArchiveInput } from '../../../server/src/core/archive/write';
import { makeSources, sampleContents, tempDir } from './helpers';

/** Packs `contents` written as source files, or the `sources` given. */
type Writer = (dir: string, contents: Record<string, Buffer>, name: string, sources?: ArchiveInput[]) => Promise<string>;

const writers: Record<string, Writer> = {
  '7z store': async (dir, contents, name, sources = makeSources(dir, contents)) => (await write7zStore(sources, join(dir, `${name}.7z`))).path,
  '7z LZMA2 level 1 (7-Zip WebAssembly)': async (dir, contents, name, sources = makeSources(dir, contents)) =>
    (await write7z(sources, join(dir, `${name}.7z`), { level: 1 })).path,
  'CAB MSZIP': async (dir, contents, name, sources = makeSources(dir, contents)) => (await writeCab(sources, join(dir, `${name}.CAB`))).path,
  'CAB none': async (dir, contents, name, sources = makeSources(dir, contents)) => (await writeCab(sources, join(dir, `${name}.CAB`), { compression: 'none' })).path,
};

for (const [label, write] of Object.entries(writers)) {
  describe(`archive round trip: ${label}`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let reader: ArchiveReader;
    const contents = sampleContents();

    before(async () => {
      tmp = tempDir();
      reader = await openArchive(await write(tmp.dir, contents, 'a'));
    });
    after(async () => {
      await reader.close();
      tmp.cleanup();
    });

    it('lists every file with its name and size', () => {
      const files = reader.entries().filter((e) => !e.isDirectory);
      // 7-Zip orders entries its own way; our writers keep the given order.
      const byName = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);
      assert.deepEqual(
        files.map((e): [string, number] => [e.name, e.size]).sort(byName),
        Object.entries(contents).map(([n, d]): [string, number] => [n, d.length]).sort(byName),
      );
      assert.ok(files.every((e) => !e.encrypted && !e.isSymlink));
    });

    it('reads each entry back byte for byte', async () => {
      for (const e of reader.entries()) {
        const data = await reader.readEntry(e);
        assert.ok(Buffer.from(data).equals(contents[e.name]), e.name);
      }
    });

    it('stops early at maxBytes (quick check reads headers only)', async () => {
      const e = reader.entries().find((x) => x.name === 'DICOM/ST1/SE1/IM1')!;
      const head = await reader.readEntry(e, { maxBytes: 132 });
      assert.equal(head.length, 132);
      assert.equal(Buffer.from(head.subarray(128)).toString('latin1'), 'DICM');
    });

    it('reads entries out of order', async () => {
      const list = [...reader.entries()].reverse();
      for (const e of list) assert.ok(Buffer.from(await reader.readEntry(e)).equals(contents[e.name]), e.name);
    });

    it('verifies every entry and reports progress up to the total', async () => {
      let last = { bytesDone: 0, bytesTotal: -1 };
      const result = await reader.verify({ onProgress: (p) => (last = p) });
      assert.deepEqual(result.problems, []);
      assert.ok(result.ok);
      const total = Object.values(contents).reduce((t, d) => t + d.length, 0);
      assert.equal(result.bytesChecked, total);
      assert.equal(last.bytesDone, total);
      assert.equal(last.bytesTotal, total);
    });

    it('stops verifying when cancelled', async () => {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(reader.verify({ signal: ac.signal }), (e: ArchiveError) => e.code === 'aborted');
    });
  });
}

describe('archive writers: safety', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  for (const [label, write] of Object.entries(writers)) {
    it(`${label}: never overwrites an existing file`, async () => {
      const ext = label.startsWith('7z') ? '7z' : 'CAB';
      writeFileSync(join(tmp.dir, `a.${ext}`), 'keep me');
      await assert.rejects(write(tmp.dir, { X: Buffer.from('x') }, 'a'), (e: ArchiveError) => e.code === 'output-exists');
      assert.equal(readdirSync(tmp.dir).filter((n) => n.includes('.partial-')).length, 0);
    });

    it(`${label}: leaves no partial file when cancelled`, async () => {
      const ac = new AbortController();
      ac.abort();
      const sources = makeSources(tmp.dir, { A: Buffer.alloc(100_000, 1) });
      const out = join(tmp.dir, 'c.out');
      const run = label.startsWith('7z')
        ? write7z(sources, out, { signal: ac.signal, level: label.includes('LZMA2') ? 1 : 0 })
        : writeCab(sources, out, { signal: ac.signal, compression: label.endsWith('none') ? 'none' : 'mszip' });
      await assert.rejects(run, (e: ArchiveError) => e.code === 'aborted');
      assert.deepEqual(readdirSync(tmp.dir).filter((n) => n !== 'src'), []);
    });

    it(`${label}: a source file gone before packing is said to be one, not an archive not found; nothing is left`, async () => {
      const sources = makeSources(tmp.dir, { A: Buffer.alloc(1000, 1), B: Buffer.alloc(1000, 2) });
      rmSync(sources[1].sourcePath);
      const gone = sources[1].sourcePath;
      await assert.rejects(write(tmp.dir, {}, 'd', sources), (e: ArchiveError) =>
        e.code === 'bad-input' && e.bilingual.en === `Cannot pack: ${gone}: no such file` && e.bilingual['zh-TW'] === `無法打包：${gone}：檔案不存在`);
      assert.deepEqual(readdirSync(tmp.dir).filter((n) => n !== 'src'), []);
    });
  }

  it('7z LZMA2 (7-Zip WebAssembly) into a file system that keeps no modes (FAT refuses fchmod with EPERM): written all the same', async () => {
    const probe = await open(join(tmp.dir, 'probe'), 'w');
    const handles = Object.getPrototypeOf(probe) as { chmod: (mode: number) => Promise<void> };
    await probe.close();
    const chmod = handles.chmod;
    handles.chmod = () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, fchmod'), { code: 'EPERM' }));
    try {
      const written = await write7z(makeSources(tmp.dir, { A: Buffer.alloc(1000, 1) }), join(tmp.dir, 'fat.7z'), { level: 1 });
      assert.equal(written.entries, 1);
    } finally {
      handles.chmod = chmod;
    }
    assert.deepEqual(readdirSync(tmp.dir).filter((n) => n.includes('.partial-')), []);
    assert.ok(existsSync(join(tmp.dir, 'fat.7z')));
  });

  it('refuses entry names with "..", absolute paths, backslashes or duplicates', async () => {
    const src = makeSources(tmp.dir, { A: Buffer.from('a') })[0].sourcePath;
    for (const bad of ['../A', '/A', 'C:/A', 'X/../A', 'X\\A', 'X//A']) {
      await assert.rejects(write7zStore([{ archivePath: bad, sourcePath: src }], join(tmp.dir, 'b.7z')), (e: ArchiveError) => e.code === 'bad-input', bad);
    }
    await assert.rejects(
      writeCab([{ archivePath: 'A', sourcePath: src }, { archivePath: 'a', sourcePath: src }], join(tmp.dir, 'b.CAB')),
      (e: ArchiveError) => e.code === 'bad-input',
    );
    assert.ok(!existsSync(join(tmp.dir, 'b.7z')));
  });

  it('refuses a cabinet payload over 2 GiB before reading anything', async () => {
    const { openSync, ftruncateSync, closeSync } = await import('node:fs');
    const big = join(tmp.dir, 'big.bin');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 2 ** 31 + 1); // sparse: no disk used
    closeSync(fd);
    await assert.rejects(writeCab([{ archivePath: 'BIG', sourcePath: big }], join(tmp.dir, 'big.CAB')), (e: ArchiveError) => e.code === 'too-large' && /2 GiB/.test(e.bilingual.en) && e.bilingual['zh-TW'].length > 0);
    assert.ok(!existsSync(join(tmp.dir, 'big.CAB')));
  });

  it('7z LZMA2 with maxBytes: an archive that stays under it is written whole; one that passes it stops at its first write past it, and nothing is left', async () => {
    const limit = 1_000_000;
    // 8 MB of zeros: far over the limit as images, far under it compressed.
    const small = await write7z(makeSources(join(tmp.dir, 'zeros'), { A: Buffer.alloc(8_000_000) }), join(tmp.dir, 'zeros.7z'), { level: 1, maxBytes: limit });
    assert.ok(small.bytes < limit && statSync(small.path).size === small.bytes, String(small.bytes));
    // 8 MB of random bytes: the whole archive would be 8 MB; packing stops when it passes 1 MB, not at the end.
    const sources = makeSources(join(tmp.dir, 'random'), { A: randomBytes(4_000_000), B: randomBytes(4_000_000) });
    const out = join(tmp.dir, 'random.7z');
    const e = await write7z(sources, out, { level: 1, maxBytes: limit }).then(
      () => assert.fail('packed past the limit'),
      (e: unknown) => e,
    );
    assert.ok(e instanceof ArchiveLimitError, String(e));
    assert.equal(e.code, 'too-large');
    assert.equal(e.limit, limit);
    assert.equal(e.sourceBytes, 8_000_000);
    assert.ok(e.reached > limit && e.reached < 4_000_000, `stopped with the archive at ${e.reached} bytes`);
    assert.ok(e.sourceBytesDone < e.sourceBytes, String(e.sourceBytesDone));
    assert.deepEqual(readdirSync(tmp.dir).filter((n) => n !== 'zeros' && n !== 'random' && n !== 'zeros.7z'), []);
  });
});

describe('archive: the times our 7z store writer records', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  /** The FILETIMEs (100 ns since 1601) of a store 7z's kMTime property, all defined, as 7zz l -slt shows them. */
  function mtimes(archive: Buffer, count: number): bigint[] {
    const at = archive.indexOf(Buffer.from([0x14, 2 + 8 * count, 0x01, 0x00]), 32);
    assert.ok(at > 0, 'kMTime property');
    return Array.from({ length: count }, (_, i) => archive.readBigUInt64LE(at + 4 + 8 * i));
  }

  it('each file\'s modification time to the 100 ns, as 7-Zip records it, not rounded through milliseconds', async () => {
    const sources = makeSources(tmp.dir, { A: Buffer.from('a'), B: Buffer.from('b'), C: Buffer.from('c') });
    // Times with every digit down to the nanosecond, as NTFS and ext4 keep them (a double of milliseconds holds about 0.2 µs).
    const times = [1_764_229_435_817_381_712n, 1_764_229_435_816_711_611n, 1_700_000_000_000_000_099n];
    sources.forEach((s, i) => {
      const ns = times[i];
      // utimes takes seconds as a double, which cannot hold these: the nanoseconds are set through a fractional part and read back.
      utimesSync(s.sourcePath, Number(ns) / 1e9, Number(ns) / 1e9);
    });
    const expected = sources.map((s) => statSync(s.sourcePath, { bigint: true }).mtimeNs / 100n + 116_444_736_000_000_000n);
    const out = (await write7zStore(sources, join(tmp.dir, 'a.7z'))).path;
    assert.deepEqual(mtimes(readFileSync(out), 3), expected);
  });
});

describe('archive: the times our CAB writer records', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('a time outside what MS-DOS dates hold (1980-2107) becomes the nearest they hold, not another day of the nearest year', async () => {
    const sources = makeSources(tmp.dir, { OLD: Buffer.from('a'), NEW: Buffer.from('b'), NOW: Buffer.from('c') });
    const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);
    const times = [local(1975, 6, 1, 12), local(2110, 3, 4, 5, 6, 8), local(2025, 11, 25, 7, 42, 10)];
    sources.forEach((s, i) => utimesSync(s.sourcePath, times[i], times[i]));
    const reader = await openArchive((await writeCab(sources, join(tmp.dir, 'a.CAB'))).path);
    const shown = reader.entries().map((e) => (e.mtime === null ? null : new Date(e.mtime).getTime()));
    await reader.close();
    assert.deepEqual(shown, [local(1980, 1, 1).getTime(), local(2107, 12, 31, 23, 59, 58).getTime(), times[2].getTime()]);
  });
});
