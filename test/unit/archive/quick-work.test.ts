/**
 * The quick check's decode estimate that lets 'auto' keep stored archives in one thread: a stored entry
 * costs nothing to decode, a compressed one its whole size.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveError } from '../../../server/src/core/archive/errors';
import { openArchive } from '../../../server/src/core/archive/open';
import { estimateQuickDecodeBytes, quickDecodeBytes, sampleIndexes } from '../../../server/src/core/archive/quick-work';
import { write7z, writeCab } from '../../../server/src/core/archive/write';

describe('archive/quick-work: what a quick check decodes', function () {
  this.timeout(60_000);
  let dir: string;
  const big = 100_000;
  const small = 1_000;
  const paths: Record<'store' | 'lzma2' | 'cab' | 'cabNone', string> = { store: '', lzma2: '', cab: '', cabNone: '' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-quick-work-'));
    mkdirSync(join(dir, 'in', 'IMG'), { recursive: true });
    writeFileSync(join(dir, 'in', 'IMG', 'BIG'), Buffer.alloc(big, 7));
    writeFileSync(join(dir, 'in', 'SMALL'), Buffer.alloc(small, 3));
    const inputs = [
      { archivePath: 'IMG/BIG', sourcePath: join(dir, 'in', 'IMG', 'BIG') },
      { archivePath: 'SMALL', sourcePath: join(dir, 'in', 'SMALL') },
    ];
    paths.store = join(dir, 'store.7z');
    paths.lzma2 = join(dir, 'lzma2.7z');
    paths.cab = join(dir, 'mszip.CAB');
    paths.cabNone = join(dir, 'none.CAB');
    await write7z(inputs, paths.store);
    await write7z(inputs, paths.lzma2, { level: 1 });
    await writeCab(inputs, paths.cab, { compression: 'mszip' });
    await writeCab(inputs, paths.cabNone, { compression: 'none' });
    writeFileSync(join(dir, 'zip.7z'), Buffer.from('PK\u0003\u0004 not a 7z'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function decodeBytesOf(path: string): Promise<number> {
    const reader = await openArchive(path);
    try {
      return quickDecodeBytes(reader.entries());
    } finally {
      await reader.close();
    }
  }

  it('a stored 7z decodes nothing', async () => {
    assert.equal(await decodeBytesOf(paths.store), 0);
  });

  it('compressed entries (7z LZMA2, CAB MSZIP) cost their whole size', async () => {
    assert.equal(await decodeBytesOf(paths.lzma2), big + small);
    assert.equal(await decodeBytesOf(paths.cab), big + small);
  });

  it('an uncompressed CAB costs its whole size too: its blocks are read through in order', async () => {
    assert.equal(await decodeBytesOf(paths.cabNone), big + small);
  });

  it('samples the first, the last and evenly between, or every archive of a small batch', () => {
    assert.deepEqual(sampleIndexes(3), [0, 1, 2]);
    assert.deepEqual(sampleIndexes(4), [0, 1, 2, 3]);
    assert.deepEqual(sampleIndexes(10), [0, 3, 6, 9]);
    assert.deepEqual(sampleIndexes(0), []);
    assert.deepEqual(sampleIndexes(10, 1), [0]);
    assert.deepEqual(sampleIndexes(10, 0), []);
  });

  it('estimates a batch from its sample, counting what cannot be opened as nothing to decode', async () => {
    const each = big + small;
    assert.equal(await estimateQuickDecodeBytes([paths.cab, join(dir, 'zip.7z'), paths.lzma2, paths.store]), 2 * each);
    const opened: string[] = [];
    const counting = (p: string) => (opened.push(p), openArchive(p));
    // Ten archives: four opened (0, 3, 6, 9), two of them compressed; the estimate scales their mean to ten.
    const batch = [paths.cab, paths.store, paths.store, paths.lzma2, paths.store, paths.store, paths.store, paths.store, paths.store, paths.store];
    assert.equal(await estimateQuickDecodeBytes(batch, { open: counting }), ((2 * each) / 4) * 10);
    assert.deepEqual(opened, [paths.cab, paths.lzma2, paths.store, paths.store]);
    assert.equal(await estimateQuickDecodeBytes([]), 0);
  });

  it('a cancelled estimate rejects, before an archive is opened or while one is', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(estimateQuickDecodeBytes([paths.store], { signal: ac.signal }), /stop/);
    // Cancelled while the second archive opens: its 'aborted' error ends the estimate, unlike a broken archive.
    const late = new AbortController();
    let opened = 0;
    const open = (p: string) => (++opened === 2 ? (late.abort(), openArchive(p, { signal: late.signal })) : openArchive(p));
    await assert.rejects(estimateQuickDecodeBytes([paths.cab, paths.lzma2, paths.store], { open, signal: late.signal }), (e: unknown) => e instanceof ArchiveError && e.code === 'aborted');
    assert.equal(opened, 2);
  });
});
