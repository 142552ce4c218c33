/**
 * A Part 10 file whose meta group is written in Implicit VR Little Endian, as some older writers do, where PS3.10 §7.1
 * has it in Explicit VR Little Endian: dcmdump and dciodvfy read it without a word, pydicom with a warning. The check
 * said the group lacked its Transfer Syntax UID and found no image; it reads it now, with a warning (A14-dicom-meta).
 */
import { strict as assert } from 'node:assert';
import { RULE_FOR_PROBLEM } from '../../../server/src/core/archive/rules';
import { readDicomHeader, readDicomHeaderFromNow } from '../../../server/src/core/dicom/read';
import { metaGroupMadeExplicit } from '../../../server/src/core/dicom/structure-scan';
import { PARSER_LONG_VR } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeInstance } from '../../fixtures/dicom';

/** `bytes` with its meta group rewritten in Implicit VR Little Endian: each element's VR dropped, its length made 4 bytes. */
function withImplicitMeta(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  const parts: Buffer[] = [b.subarray(0, 132)];
  let pos = 132;
  while (b.readUInt16LE(pos) === 0x0002) {
    const vr = b.toString('latin1', pos + 4, pos + 6);
    const long = PARSER_LONG_VR.has(vr);
    const length = long ? b.readUInt32LE(pos + 8) : b.readUInt16LE(pos + 6);
    const value = b.subarray(pos + (long ? 12 : 8), pos + (long ? 12 : 8) + length);
    const head = Buffer.alloc(8);
    head.writeUInt16LE(0x0002, 0);
    head.writeUInt16LE(b.readUInt16LE(pos + 2), 2);
    head.writeUInt32LE(length, 4);
    parts.push(head, value);
    pos += (long ? 12 : 8) + length;
  }
  const meta = Buffer.concat(parts.slice(1));
  // (0002,0000) counts the group after it, now 4 bytes shorter for each element of the long form.
  meta.writeUInt32LE(meta.length - 12, 8);
  return Buffer.concat([parts[0], meta, b.subarray(pos)]);
}

describe('dicom: a meta group written in Implicit VR', () => {
  for (const [name, syntax] of [['Implicit VR', TS.ImplicitVRLittleEndian], ['Explicit VR Little Endian', TS.ExplicitVRLittleEndian], ['Big Endian', TS.ExplicitVRBigEndian]]) {
    it(`is read as dcmdump reads it, with a warning and nothing else of the meta group, over a ${name} data set, by every read`, () => {
      const original = makeInstance({ modality: 'CT', transferSyntax: syntax }).bytes;
      const bytes = withImplicitMeta(original);
      const expected = readDicomHeader(original).header;
      for (const read of [readDicomHeader(bytes), readDicomHeader(bytes, { untilPixelData: false }), readDicomHeader(bytes, { dataSet: true }), readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead: 160 })!]) {
        const meta = read.problems.filter((p) => p.code.startsWith('meta-') || p.severity === 'error');
        assert.deepEqual(meta.map((p) => [p.code, p.severity, p.message.en]), [['meta-implicit-vr', 'warning', 'the Part 10 meta group (0002) is written in Implicit VR, where PS3.10 §7.1 has it in Explicit VR Little Endian; dcmtk, dciodvfy and pydicom read it all the same (pydicom with a warning)']]);
        assert.equal(read.header?.transferSyntaxUid, syntax);
        assert.equal(read.header?.sopInstanceUid, expected?.sopInstanceUid);
        assert.equal(read.header?.rows, 512);
      }
      assert.equal(RULE_FOR_PROBLEM['meta-implicit-vr'], 'A14-dicom-meta');
    });
  }

  it('is read so without its group length (0002,0000) too, as dcmdump reads it ("No Group Length available"): the two warnings, not a missing Transfer Syntax UID', () => {
    const original = makeInstance({ modality: 'CT' }).bytes;
    const implicit = withImplicitMeta(original);
    const bytes = Buffer.concat([implicit.subarray(0, 132), implicit.subarray(144)]);
    const explicit = Buffer.concat([Buffer.from(original).subarray(0, 132), Buffer.from(original).subarray(144)]);
    const lacking = readDicomHeader(explicit).problems.filter((p) => p.code.startsWith('meta-'));
    const read = readDicomHeader(bytes);
    const meta = read.problems.filter((p) => p.code.startsWith('meta-') || p.severity === 'error');
    assert.deepEqual(meta.map((p) => [p.code, p.severity]), [['meta-implicit-vr', 'warning'], ...lacking.map((p) => [p.code, p.severity])]);
    assert.deepEqual(lacking.map((p) => p.code), ['meta-group-length']);
    assert.equal(read.header?.transferSyntaxUid, TS.ExplicitVRLittleEndian);
    assert.equal(read.header?.rows, 512);
  });

  it('leaves a meta group in Explicit VR as it is, and one whose element is too long for the short form to the reader as before', () => {
    const explicit = makeInstance({ modality: 'CT' }).bytes;
    assert.equal(metaGroupMadeExplicit(explicit), undefined);
    const implicit = withImplicitMeta(explicit);
    assert.ok(metaGroupMadeExplicit(implicit));
    // (0002,0001), the first element after (0002,0000), given a length of the long form only.
    implicit.writeUInt32LE(0x10000, 148);
    assert.equal(metaGroupMadeExplicit(implicit), undefined);
  });
});
