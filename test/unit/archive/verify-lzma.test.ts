import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { write7z } from '../../../server/src/core/archive/write';
import { dicomLike, makeSources, tempDir } from './helpers';

/** LZMA2 archives above 8 MiB are verified by 7-Zip (WebAssembly) first, by JS only to name failures. */
describe('archive: full check of a large LZMA2 7z', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  const contents: Record<string, Buffer> = {};

  before(async () => {
    tmp = tempDir();
    for (let i = 0; i < 6; i++) {
      const b = dicomLike(2 << 20);
      for (let k = 1024; k < b.length; k += 2) b[k] = 0; // compressible, so the LZMA coder really codes
      contents[`DICOM/IM${i}`] = b;
    }
    path = (await write7z(makeSources(tmp.dir, contents), join(tmp.dir, 'big.7z'), { level: 1 })).path;
  });
  after(() => tmp.cleanup());

  it('passes an intact archive and reports every byte checked', async () => {
    const r = await openArchive(path);
    try {
      let last = 0;
      const v = await r.verify({ onProgress: (p) => (last = p.bytesDone) });
      assert.deepEqual(v.problems, []);
      assert.equal(v.bytesChecked, 12 << 20);
      assert.equal(last, 12 << 20);
    } finally {
      await r.close();
    }
  });

  it('names the damaged entry when packed data is corrupted', async () => {
    const bad = join(tmp.dir, 'bad.7z');
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)] ^= 0x20;
    writeFileSync(bad, bytes);
    const r = await openArchive(bad);
    try {
      const v = await r.verify();
      assert.equal(v.ok, false);
      assert.ok(v.problems.length >= 1);
      assert.ok(v.problems.every((p) => ['crc-mismatch', 'corrupt', 'truncated'].includes(p.error.code)), JSON.stringify(v.problems.map((p) => p.error.code)));
      assert.ok(v.problems.some((p) => p.entry && p.entry.name.startsWith('DICOM/IM')));
    } finally {
      await r.close();
    }
  });
});
