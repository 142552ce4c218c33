/**
 * An Implicit VR header of hundreds of thousands of empty elements (8 bytes each, packing into almost
 * nothing) is read by dicom-parser one object per element: 6 million took 1.7 GB and two minutes. Past a
 * cap on the elements parsed it is reported as a header too large to read, in bounded time and memory.
 */
import { strict as assert } from 'node:assert';
import { MAX_PARSED_ELEMENTS, readDicomHeader, readDicomHeaderFrom } from '../../../server/src/core/dicom/read';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeInstance } from '../../fixtures/dicom';

/** An Implicit VR Little Endian instance with `count` empty private elements of distinct tags, in tag order (groups 0029 on), before its Pixel Data. */
function manyElements(count: number): Uint8Array {
  const base = makeInstance({ rows: 2, columns: 2, transferSyntax: TS.ImplicitVRLittleEndian });
  const bytes = Buffer.from(base.bytes);
  const pixelAt = bytes.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]), 132);
  assert.ok(pixelAt > 0);
  const filler = Buffer.alloc(8 * count);
  for (let i = 0; i < count; i++) {
    filler.writeUInt16LE(0x0029 + 2 * Math.floor(i / 0xefff), i * 8);
    filler.writeUInt16LE(0x1000 + (i % 0xefff), i * 8 + 2);
  }
  return Buffer.concat([bytes.subarray(0, pixelAt), filler, bytes.subarray(pixelAt)]);
}

describe('dicom/read: the elements dicom-parser builds are capped', function () {
  this.timeout(120_000);

  it(`more than ${MAX_PARSED_ELEMENTS.toLocaleString('en-US')} elements: header-too-large, quick and whole, in bounded time`, async () => {
    const bytes = manyElements(1_000_000);
    const started = Date.now();
    for (const options of [{}, { untilPixelData: false }]) {
      const read = readDicomHeader(bytes, options);
      assert.equal(read.header, null);
      assert.ok(read.problems.some((p) => p.code === 'header-too-large' && /elements/.test(p.message.en) && /元素/.test(p.message['zh-TW'])), JSON.stringify(read.problems));
    }
    const prefixed = await readDicomHeaderFrom(async (n) => bytes.subarray(0, n), bytes.length, { firstRead: 16384 });
    assert.ok(prefixed.problems.some((p) => p.code === 'header-too-large'), JSON.stringify(prefixed.problems));
    assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms`);
  });

  it('an Implicit VR header under the cap is read as before', () => {
    const read = readDicomHeader(manyElements(1000));
    assert.equal(read.header?.rows, 2);
    assert.deepEqual(read.problems.map((p) => p.code), ['implicit-vr']);
  });
});
