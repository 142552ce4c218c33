import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive } from '../../../server/src/core/archive';
import { cabNameText } from '../../../server/src/core/archive/cab/stored-name';
import { LZX_VARIANTS, lzxCompressedCabinet, lzxSampleData } from '../../fixtures/lzx';
import { tempDir } from './helpers';

/** 影像 (images) and 檢查 (exam) in Big5, as makecab on a Taiwanese Windows stores them; held as Latin-1 text for the fixtures' writers. */
const IMAGES = Buffer.from([0xbc, 0x76, 0xb9, 0xb3]).toString('latin1');
const EXAM = Buffer.from([0xc0, 0xcb, 0xac, 0x64]).toString('latin1');

describe('archive: CAB names in a Windows code page (no UTF-8 attribute)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('reads well-formed Big5 as Big5, other bytes one character each, and UTF-8 where the attribute says so', () => {
    const bytes = (...b: number[]) => Uint8Array.from(b);
    assert.equal(cabNameText(Buffer.from(`DICOM\\${IMAGES}1.jpg`, 'latin1'), false), 'DICOM\\影像1.jpg');
    // A trail byte in the ASCII range: 一 is A4 40.
    assert.equal(cabNameText(bytes(0xa4, 0x40, 0x2e, 0x6a), false), '一.j');
    // Big5's trail byte 0x5C is `\` in ASCII: read as Big5, 許 is no folder separator (CAB separates folders with `\`).
    assert.equal(cabNameText(bytes(0xb3, 0x5c, 0x2e, 0x6a, 0x70, 0x67), false), '許.jpg');
    assert.equal(cabNameText(Buffer.from('IM0001'), false), 'IM0001');
    for (const notBig5 of [bytes(0x41, 0x80, 0x42), bytes(0xa4), bytes(0xa4, 0x20), bytes(0xff, 0x41), bytes(0xe9, 0x41, 0xff)]) {
      assert.equal(cabNameText(notBig5, false), Buffer.from(notBig5).toString('latin1'), Buffer.from(notBig5).toString('hex'));
    }
    assert.equal(cabNameText(Buffer.from('影像.jpg'), true), '影像.jpg');
  });

  it('an LZX cabinet (read through 7-Zip) with Big5 names: the first bytes of each entry, a part past the first 64 KiB and the whole read, and verified', async () => {
    const data = lzxSampleData();
    const shorter = data.subarray(0, data.length - 1000);
    const p = join(tmp.dir, 'LZX.CAB');
    writeFileSync(p, lzxCompressedCabinet([{ name: `DICOM\\${IMAGES}1`, data }, { name: `DICOM\\${EXAM}1`, data: shorter }], LZX_VARIANTS[0]));
    const r = await openArchive(p);
    try {
      const [a, b] = r.entries();
      assert.deepEqual([a.name, b.name], ['DICOM/影像1', 'DICOM/檢查1']);
      for (const [e, content] of [[a, data], [b, shorter]] as const) {
        // As the quick check reads: the first bytes of each (both entries are longer than 7-Zip's extraction of prefixes).
        assert.ok(Buffer.from(await r.readEntry(e, { maxBytes: 132 })).equals(content.subarray(0, 132)), e.name);
        assert.ok(Buffer.from(await r.readEntry(e, { maxBytes: 100_000 })).equals(content.subarray(0, 100_000)), e.name);
        assert.ok(Buffer.from(await r.readEntry(e)).equals(content), e.name);
      }
      assert.ok((await r.verify()).ok);
    } finally {
      await r.close();
    }
  });

  it('two LZX entries 7-Zip cannot tell apart (Big5 names of one length in one folder, the same size): an error naming the entry, not another\'s bytes', async () => {
    const data = lzxSampleData();
    const p = join(tmp.dir, 'LZX.CAB');
    writeFileSync(p, lzxCompressedCabinet([{ name: `${IMAGES}1`, data }, { name: `${EXAM}1`, data: Buffer.from(data).reverse() }], LZX_VARIANTS[0]));
    const r = await openArchive(p);
    try {
      const [a] = r.entries();
      await assert.rejects(r.readEntry(a), (e: Error) => e.message.includes('影像1 is not among the files 7-Zip extracted'));
    } finally {
      await r.close();
    }
  });
});
