import { strict as assert } from 'node:assert';
import * as dicomParser from 'dicom-parser';
import {
  encodeDataSet,
  encodeElement,
  encodePart10,
  encodePart10Header,
  encodedItemLength,
  part10HeaderLength,
  EXPLICIT_BE,
  EXPLICIT_LE,
  IMPLICIT_LE,
} from '../../../server/src/core/dicom/encode';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS, SOP_CLASS } from '../../../server/src/core/dicom/uids';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('dicom/encode', () => {
  it('writes a short explicit VR LE element with a 2-byte length and even padding', () => {
    const bytes = encodeElement({ tag: TAG.Modality, vr: 'CS', value: 'CT' }, EXPLICIT_LE);
    assert.equal(hex(bytes), '0800' + '6000' + '4353' + '0200' + '4354');
    const odd = encodeElement({ tag: TAG.PatientID, vr: 'LO', value: 'ABC' }, EXPLICIT_LE);
    assert.equal(hex(odd), '100020004c4f0400' + '41424320');
  });

  it('pads UI with NUL and uses 4-byte lengths for OB/OW/UT/SQ', () => {
    const ui = encodeElement({ tag: TAG.SOPClassUID, vr: 'UI', value: '1.2.3' }, EXPLICIT_LE);
    assert.equal(hex(ui.subarray(8)), Buffer.from('1.2.3\0').toString('hex'));
    const ob = encodeElement({ tag: TAG.PixelData, vr: 'OB', value: new Uint8Array([1, 2, 3]) }, EXPLICIT_LE);
    assert.equal(hex(ob), 'e07f1000' + '4f420000' + '04000000' + '01020300');
  });

  it('writes implicit VR as tag + 4-byte length, and big endian byte order', () => {
    const imp = encodeElement({ tag: TAG.Rows, vr: 'US', value: 512 }, IMPLICIT_LE);
    assert.equal(hex(imp), '28001000' + '02000000' + '0002');
    const be = encodeElement({ tag: TAG.Rows, vr: 'US', value: 512 }, EXPLICIT_BE);
    assert.equal(hex(be), '00280010' + '5553' + '0002' + '0200');
    const ow = encodeElement({ tag: TAG.PixelData, vr: 'OW', value: new Uint8Array([1, 2, 3, 4]) }, EXPLICIT_BE);
    assert.equal(hex(ow.subarray(12)), '02010403');
  });

  it('sorts elements and encodes sequences with defined and undefined lengths', () => {
    const item = [{ tag: TAG.Modality, vr: 'CS' as const, value: 'MR' }];
    const defined = encodeDataSet(
      [
        { tag: TAG.Rows, vr: 'US', value: 1 },
        { tag: TAG.DirectoryRecordSequence, vr: 'SQ', value: [item, item] },
      ],
      EXPLICIT_LE,
    );
    // SQ first (0004 < 0028): header 12, two items of 8 + 10 bytes.
    assert.equal(hex(defined.subarray(0, 12)), '04002012' + '53510000' + '24000000');
    assert.equal(encodedItemLength(item), 18);
    const undef = encodeElement({ tag: TAG.DirectoryRecordSequence, vr: 'SQ', value: [item], undefinedLength: true }, EXPLICIT_LE);
    assert.equal(hex(undef.subarray(8, 12)), 'ffffffff');
    assert.equal(hex(undef.subarray(12, 20)), 'feff00e0ffffffff');
    assert.equal(hex(undef.subarray(-16)), 'feff0de000000000' + 'feffdde000000000');
  });

  it('writes a Part 10 file that dicom-parser reads back, in all three encodings', () => {
    for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const meta = { mediaStorageSopClassUid: SOP_CLASS.CTImage, mediaStorageSopInstanceUid: '1.2.3.4', transferSyntaxUid: ts };
      const file = encodePart10(meta, [
        { tag: TAG.SOPClassUID, vr: 'UI', value: SOP_CLASS.CTImage },
        { tag: TAG.PatientName, vr: 'PN', value: 'DOE^JOHN' },
        { tag: TAG.Rows, vr: 'US', value: 4 },
        { tag: TAG.Columns, vr: 'US', value: 2 },
        { tag: TAG.PixelData, vr: 'OW', value: new Uint16Array(8).fill(0x1234) },
      ]);
      assert.equal(Buffer.from(file.subarray(128, 132)).toString('latin1'), 'DICM');
      const ds = dicomParser.parseDicom(file);
      assert.equal(ds.string('x00020010'), ts);
      assert.equal(ds.uint32('x00020000'), part10HeaderLength(meta) - 132 - 12);
      assert.equal(ds.string('x00100010'), 'DOE^JOHN');
      assert.equal(ds.uint16('x00280010'), 4);
      assert.equal(ds.uint16('x00280011'), 2);
      assert.equal(ds.elements.x7fe00010.length, 16);
    }
    assert.equal(
      encodePart10Header({ mediaStorageSopClassUid: '1.2', mediaStorageSopInstanceUid: '1.3', transferSyntaxUid: TS.ExplicitVRLittleEndian }).length % 2,
      0,
    );
  });

  it('refuses a short-VR value too long for a 16-bit length instead of truncating', () => {
    assert.throws(() => encodeElement({ tag: TAG.StudyDescription, vr: 'LO', value: 'x'.repeat(70000) }, EXPLICIT_LE), RangeError);
  });

  it('honours lengthOverride for hostile fixtures', () => {
    const bytes = encodeElement({ tag: TAG.PatientName, vr: 'PN', value: 'A', lengthOverride: 0xfff0 }, EXPLICIT_LE);
    assert.equal(hex(bytes.subarray(6, 8)), 'f0ff');
  });
});
