import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { write7zStore } from '../../../server/src/core/archive/write';
import { dicomLike, makeSources, tempDir } from './helpers';

// The full check reads stored entries through two 4 MiB buffers shared by all entries: entries that
// straddle a buffer boundary, many small entries in one buffer, and 7-Zip's single Copy folder with
// many substreams must each get their own CRC.
describe('archive: full check of stored 7z entries', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  const sizes = [3_000_001, 3_000_003, 5_000_000, 17, 1, 70_000, 4 << 20, 1_234_567];
  const contents = () => Object.fromEntries(sizes.map((n, i) => [`D/F${i}`, dicomLike(n)]));

  async function problems(path: string): Promise<Array<[string | undefined, string]>> {
    const r = await openArchive(path);
    try {
      const res = await r.verify();
      assert.equal(res.bytesChecked, sizes.reduce((s, n) => s + n, 0));
      return res.problems.map((p) => [p.entry?.name, p.error.code]);
    } finally {
      await r.close();
    }
  }

  it('our writer (one folder per file): a flipped byte at a 4 MiB boundary hits exactly that entry', async () => {
    const { path } = await write7zStore(makeSources(tmp.dir, contents()), join(tmp.dir, 'a.7z'));
    assert.deepEqual(await problems(path), []);
    const bytes = readFileSync(path);
    bytes[32 + (4 << 20)] ^= 0x01; // inside F1 (starts at 3,000,001)
    bytes[32 + (8 << 20) - 1] ^= 0x80; // last byte of the second buffer: inside F2
    bytes[32 + 3_000_001 + 3_000_003 + 5_000_000 + 17] ^= 0xff; // F4, one byte long
    writeFileSync(path, bytes);
    assert.deepEqual(await problems(path), [
      ['D/F1', 'crc-mismatch'],
      ['D/F2', 'crc-mismatch'],
      ['D/F4', 'crc-mismatch'],
    ]);
  });

  it('7zz -mx=0 (one Copy folder, many substreams): a flipped byte hits exactly that entry', async () => {
    const srcs = makeSources(tmp.dir, contents());
    const path = join(tmp.dir, 'n.7z');
    const res = spawnSync('7zz', ['a', '-mx=0', path, 'D'], { cwd: join(tmp.dir, 'src') });
    assert.equal(res.status, 0, String(res.stderr));
    assert.equal(srcs.length, sizes.length);
    assert.deepEqual(await problems(path), []);
    const r = await openArchive(path);
    const f6 = r.entries().find((e) => e.name === 'D/F6')!;
    await r.close();
    // Find F6's bytes in the file by its content and flip one in the middle.
    const bytes = readFileSync(path);
    const data = readFileSync(join(tmp.dir, 'src', 'D', 'F6'));
    const at = bytes.indexOf(data.subarray(1000, 1064));
    assert.ok(at > 0 && f6.size === 4 << 20);
    bytes[at + 2_000_000] ^= 0x10;
    writeFileSync(path, bytes);
    assert.deepEqual(await problems(path), [['D/F6', 'crc-mismatch']]);
  });
});
