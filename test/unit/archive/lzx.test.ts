import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { cfdataChecksum } from '../../../server/src/core/archive/cab/checksum';
import { lzxCabinet, tempDir } from './helpers';
import { LZX_VARIANTS, lzxCompressedCabinet, lzxSampleData } from '../../fixtures/lzx';

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

  for (const variant of LZX_VARIANTS) {
    it(`reads and verifies compressed LZX as makecab writes it: window 2^${variant.windowBits}, ${variant.blocks.join(' + ')} blocks over several 32 KiB frames`, async () => {
      const data = lzxSampleData();
      const p = join(tmp.dir, 'LZX.CAB');
      // Named as makecab names files in folders: a read past the first 64 KiB extracts the entry alone, by name.
      const cab = lzxCompressedCabinet([{ name: 'DICOM\\IM1', data }], variant);
      assert.ok(cab.length < data.length / 4, `compressed to ${cab.length} bytes`);
      writeFileSync(p, cab);
      const r = await openArchive(p);
      try {
        const [e] = r.entries();
        assert.equal(e.method, 'lzx');
        assert.equal(e.size, data.length);
        assert.ok(Buffer.from(await r.readEntry(e)).equals(data));
        assert.ok(Buffer.from(await r.readEntry(e, { maxBytes: 132 })).equals(data.subarray(0, 132)));
        assert.ok((await r.verify()).ok);
      } finally {
        await r.close();
      }
    });
  }

  it('names a damaged LZX bit stream whose block checksums hold', async () => {
    const data = lzxSampleData();
    const cab = lzxCompressedCabinet([{ name: 'IM1', data }], LZX_VARIANTS[1]);
    // The first block's header and trees: changed, with the block's checksum made to match again.
    const dataStart = cab.readUInt32LE(36);
    const first = cab.subarray(dataStart + 8, dataStart + 8 + cab.readUInt16LE(dataStart + 4));
    first[6] ^= 0xff;
    cab.writeUInt32LE(cfdataChecksum(cab.subarray(dataStart + 4, dataStart + 8), first), dataStart);
    const p = join(tmp.dir, 'DAMAGED.CAB');
    writeFileSync(p, cab);
    const r = await openArchive(p);
    try {
      const v = await r.verify();
      assert.equal(v.ok, false);
      const read = await r.readEntry(r.entries()[0]).then((b) => Buffer.from(b), (e: unknown) => e);
      assert.ok(!(read instanceof Buffer) || !read.equals(data), 'the damaged stream does not give the data back');
    } finally {
      await r.close();
    }
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
