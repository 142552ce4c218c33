import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { lzxCabinet, tempDir } from './helpers';

describe('archive: CAB with an LZX folder (read through 7-Zip WebAssembly)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('lists, reads and verifies the entry, and removes its temporary folder on close', async () => {
    const data = Buffer.from('DICM LZX '.repeat(300));
    const p = join(tmp.dir, 'LZX.CAB');
    writeFileSync(p, lzxCabinet('DICOM\\IM1', data));
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('nhi-archive-x-')).length;
    const r = await openArchive(p);
    try {
      assert.deepEqual(r.notices, []);
      const [e] = r.entries();
      assert.equal(e.name, 'DICOM/IM1');
      assert.equal(e.method, 'lzx');
      assert.ok(Buffer.from(await r.readEntry(e)).equals(data));
      assert.equal(Buffer.from(await r.readEntry(e, { maxBytes: 4 })).toString('latin1'), 'DICM');
      assert.ok((await r.verify()).ok);
    } finally {
      await r.close();
    }
    assert.equal(readdirSync(tmpdir()).filter((n) => n.startsWith('nhi-archive-x-')).length, before);
  });

  it('checks the LZX blocks\' checksums itself', async () => {
    const cab = lzxCabinet('IM1', Buffer.from('DICM LZX '.repeat(300)));
    cab[cab.length - 20] ^= 0x01; // inside the block's data; the stored checksum no longer matches
    const p = join(tmp.dir, 'BAD.CAB');
    writeFileSync(p, cab);
    const r = await openArchive(p);
    try {
      const v = await r.verify();
      assert.equal(v.ok, false);
      assert.ok(v.problems.some((x) => x.error.code === 'bad-checksum'), JSON.stringify(v.problems.map((x) => x.error.code)));
    } finally {
      await r.close();
    }
  });
});
