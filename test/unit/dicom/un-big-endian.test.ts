/**
 * A UN element of undefined length in an Explicit VR Big Endian data set: its items are Implicit VR Little Endian in
 * every transfer syntax (PS3.5 §6.2.2), as dcmtk reads them ("reading a sequence with transfer syntax
 * LittleEndianImplicit"). dicom-parser read them in big endian and called such a valid file corrupt; one whose items
 * are written in big endian, which dcmdump fails on, was read without a word.
 */
import { strict as assert } from 'node:assert';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { readDicomHeader } from '../../../server/src/core/dicom/read';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeInstance } from '../../fixtures/dicom';

/** One item of undefined length holding Patient's Name and ID, and the sequence delimiter, in the given byte order (Implicit VR). */
function items(little: boolean): Buffer {
  const head = (group: number, element: number, length: number): Buffer => {
    const b = Buffer.alloc(8);
    if (little) {
      b.writeUInt16LE(group, 0);
      b.writeUInt16LE(element, 2);
      b.writeUInt32LE(length, 4);
    } else {
      b.writeUInt16BE(group, 0);
      b.writeUInt16BE(element, 2);
      b.writeUInt32BE(length, 4);
    }
    return b;
  };
  return Buffer.concat([
    head(0xfffe, 0xe000, 0xffffffff),
    head(0x0010, 0x0010, 6), Buffer.from('DOE^J '),
    head(0x0010, 0x0020, 4), Buffer.from('ID12'),
    head(0xfffe, 0xe00d, 0),
    head(0xfffe, 0xe0dd, 0),
  ]);
}

function withUn(little: boolean, transferSyntax: string = TS.ExplicitVRBigEndian): Uint8Array {
  const extra: DicomElement[] = [
    { tag: 0x00290010, vr: 'LO', value: 'ACME 1.0' },
    { tag: 0x00291001, vr: 'UN', value: items(little), lengthOverride: 0xffffffff },
  ];
  return makeInstance({ modality: 'CT', transferSyntax, extra }).bytes;
}

const READS = [{}, { untilPixelData: false }, { dataSet: true }];
const errors = (bytes: Uint8Array, options: object) => readDicomHeader(bytes, options).problems.filter((p) => p.severity === 'error');

describe('dicom: UN of undefined length in a big endian data set', () => {
  it('reads its items as Implicit VR Little Endian: no error, the header read, by every read', () => {
    const bytes = withUn(true);
    for (const options of READS) {
      const why = JSON.stringify(options);
      assert.deepEqual(errors(bytes, options), [], why);
      const read = readDicomHeader(bytes, options);
      assert.equal(read.header?.rows, 512, why);
      assert.equal(read.header?.modality, 'CT', why);
    }
  });

  it('gives an error where its items are written in big endian, which dcmtk reads as little endian and fails on', () => {
    const bytes = withUn(false);
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x00, 0x29, 0x10, 0x01, 0x55, 0x4e]));
    assert.ok(at > 0);
    for (const options of READS) {
      const found = errors(bytes, options);
      assert.deepEqual(found.map((p) => [p.code, p.message.en]), [['un-items-big-endian', `element (0029,1001) at byte ${at}, a UN of undefined length, holds its items in big endian, where PS3.5 §6.2.2 has such a value in Implicit VR Little Endian in every transfer syntax; dcmtk reads it so and fails there`]], JSON.stringify(options));
      assert.match(found[0].message['zh-TW'], /以 big endian 寫成/);
    }
  });

  it('leaves such an element of a little endian data set as it was: read, no error', () => {
    for (const options of READS) assert.deepEqual(errors(withUn(true, TS.ExplicitVRLittleEndian), options), [], JSON.stringify(options));
  });
});
