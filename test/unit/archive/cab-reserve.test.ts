import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { writeCab } from '../../../server/src/core/archive/write';
import { makeSources, sampleContents, tempDir, withReserves } from './helpers';

/**
 * Cabinets with reserved areas (CFHEADER flag 0x0004): code signing leaves one after the header, and a
 * cabinet maker may reserve bytes in each folder entry and data block. Readers disagree on whether a block's
 * checksum covers its reserved bytes (7-Zip: yes, libmspack: no); both forms are read as valid.
 */
describe('CAB with reserved areas', () => {
  let tmp: ReturnType<typeof tempDir>;
  let plain: Buffer;
  const contents = sampleContents();

  before(async () => {
    tmp = tempDir('nhi-cab-reserve-');
    const out = join(tmp.dir, 'plain.cab');
    await writeCab(makeSources(tmp.dir, contents), out, { compression: 'mszip' });
    plain = readFileSync(out);
  });
  after(() => tmp.cleanup());

  async function readAll(file: string): Promise<{ files: Record<string, Buffer>; problems: unknown[] }> {
    const r = await openArchive(file);
    try {
      const files: Record<string, Buffer> = {};
      for (const e of r.entries()) if (!e.isDirectory) files[e.name] = Buffer.from(await r.readEntry(e));
      return { files, problems: (await r.verify()).problems };
    } finally {
      await r.close();
    }
  }

  const cases = [
    { header: 20, folder: 0, data: 0, checksum: 'with-reserve' },
    { header: 6144, folder: 4, data: 8, checksum: 'with-reserve' },
    { header: 0, folder: 0, data: 8, checksum: 'without-reserve' },
    { header: 20, folder: 3, data: 5, checksum: 'without-reserve' },
  ] as const;
  for (const reserve of cases) {
    it(`header ${reserve.header}, folder ${reserve.folder}, data ${reserve.data} bytes, checksums ${reserve.checksum}: same files, verified`, async () => {
      const file = join(tmp.dir, `r-${reserve.header}-${reserve.folder}-${reserve.data}-${reserve.checksum}.cab`);
      writeFileSync(file, withReserves(plain, reserve));
      const { files, problems } = await readAll(file);
      assert.deepEqual(Object.keys(files).sort(), Object.keys(contents).sort());
      for (const [name, data] of Object.entries(contents)) assert.ok(files[name].equals(data), name);
      assert.deepEqual(problems, []);
    });
  }

  it('a changed data byte is still a checksum error, whichever form the checksums take', async () => {
    for (const checksum of ['with-reserve', 'without-reserve'] as const) {
      const cab = withReserves(plain, { header: 0, folder: 0, data: 8, checksum });
      const firstBlock = cab.readUInt32LE(36 + 4);
      cab[firstBlock + 8 + 8 + 10] ^= 0x01;
      const file = join(tmp.dir, `flipped-${checksum}.cab`);
      writeFileSync(file, cab);
      const r = await openArchive(file);
      try {
        const v = await r.verify();
        assert.ok(v.problems.length > 0, checksum);
        assert.match(JSON.stringify(v.problems), /checksum/i, checksum);
      } finally {
        await r.close();
      }
    }
  });
});
