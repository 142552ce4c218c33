import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { write7zStore, writeCab } from '../../../server/src/core/archive/write';
import { dicomLike, makeSources, tempDir } from './helpers';

describe('archive: reading an entry at once (readEntryNow)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  const contents = { 'IMG/A': dicomLike(40_000), 'IMG/B': dicomLike(3 * 1024 * 1024), EMPTY: Buffer.alloc(0) };
  const byName = (r: Awaited<ReturnType<typeof openArchive>>, name: string) => r.entries().find((e) => e.name === name)!;

  it('gives a store-mode 7z entry the same bytes readEntry gives, up to maxBytes, into the scratch buffer when it fits', async () => {
    const { path } = await write7zStore(makeSources(tmp.dir, contents), join(tmp.dir, 'a.7z'));
    const r = await openArchive(path);
    try {
      const a = byName(r, 'IMG/A');
      const whole = r.readEntryNow!(a);
      assert.ok(whole);
      assert.deepEqual(Buffer.from(whole), contents['IMG/A']);
      const scratch = new Uint8Array(1000);
      const head = r.readEntryNow!(a, { maxBytes: 512, scratch });
      assert.ok(head);
      assert.equal(head.buffer, scratch.buffer, 'read into the scratch buffer');
      assert.deepEqual(Buffer.from(head), contents['IMG/A'].subarray(0, 512));
      assert.deepEqual(Buffer.from(head), Buffer.from(await r.readEntry(a, { maxBytes: 512 })));
      // The tail of a large entry is only 64 KiB away from its head in one read.
      assert.deepEqual(Buffer.from(r.readEntryNow!(byName(r, 'IMG/B'), { maxBytes: 65536 })!), contents['IMG/B'].subarray(0, 65536));
    } finally {
      await r.close();
    }
  });

  it('gives nothing where the bytes need decoding or more than one read at once (then readEntry reads them)', async () => {
    const store = await openArchive((await write7zStore(makeSources(tmp.dir, contents), join(tmp.dir, 'a.7z'))).path);
    const cab = await openArchive((await writeCab(makeSources(tmp.dir, contents), join(tmp.dir, 'a.CAB'), { compression: 'mszip' })).path);
    try {
      const big = byName(store, 'IMG/B');
      assert.equal(store.readEntryNow!(big), undefined, 'a 3 MiB read is left to readEntry');
      assert.deepEqual(Buffer.from(await store.readEntry(big)), contents['IMG/B']);
      assert.equal(store.readEntryNow!(byName(store, 'EMPTY')), undefined);
      const a = byName(cab, 'IMG/A');
      assert.equal(cab.readEntryNow?.(a, { maxBytes: 512 }), undefined, 'MSZIP data must be inflated');
      assert.deepEqual(Buffer.from(await cab.readEntry(a, { maxBytes: 512 })), contents['IMG/A'].subarray(0, 512));
    } finally {
      await store.close();
      await cab.close();
    }
  });
});
