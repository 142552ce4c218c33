/**
 * A (0002,0000) File Meta Information Group Length short of the meta group, ending at or before the start of a meta
 * element other than the last: dcmtk ends the group there and reads the meta elements left (Explicit VR Little Endian)
 * as elements of the data set, which fails unless the data set is Explicit VR Little Endian too.
 */
import { strict as assert } from 'node:assert';
import { readDicomHeader, readDicomHeaderFromNow } from '../../../server/src/core/dicom/read';
import { metaElementLeftByGroupLength } from '../../../server/src/core/dicom/structure-scan';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeInstance, withGroupLength, withMetaElements, withoutGroupLength } from '../../fixtures/dicom';

/** The last meta element the fixtures write: (0002,0013) SH "NHI_IMAGING_01", 8 + 14 bytes. */
const LAST = 22;

function instance(transferSyntax: string): { bytes: Uint8Array; right: number } {
  const bytes = makeInstance({ modality: 'CT', transferSyntax }).bytes;
  return { bytes, right: Buffer.from(bytes).readUInt32LE(140) };
}

const errors = (bytes: Uint8Array, untilPixelData: boolean) =>
  readDicomHeader(bytes, { untilPixelData }).problems.filter((p) => p.severity === 'error').map((p) => p.code);

describe('a meta group length short of the meta group', () => {
  it('finds where dcmtk ends the group: the first element boundary at or past the length, when a meta element is left after it', () => {
    const { bytes, right } = instance(TS.ImplicitVRLittleEndian);
    const lastAt = 144 + right - LAST;
    assert.equal(metaElementLeftByGroupLength(bytes), -1);
    assert.equal(metaElementLeftByGroupLength(withGroupLength(bytes, right - LAST)), lastAt);
    // Inside the element before the last: dcmtk reads that one whole and stops before the last.
    assert.equal(metaElementLeftByGroupLength(withGroupLength(bytes, right - LAST - 3)), lastAt);
    // Inside the last element, or past the group: nothing is left.
    assert.equal(metaElementLeftByGroupLength(withGroupLength(bytes, right - 2)), -1);
    assert.equal(metaElementLeftByGroupLength(withGroupLength(bytes, right + 8)), -1);
    // 0: every element after (0002,0000) is left.
    assert.equal(metaElementLeftByGroupLength(withGroupLength(bytes, 0)), 144);
    assert.equal(metaElementLeftByGroupLength(withoutGroupLength(bytes)), -1);
    assert.equal(metaElementLeftByGroupLength(bytes.subarray(0, 140)), -1);
  });

  for (const [name, syntax] of [['Implicit VR', TS.ImplicitVRLittleEndian], ['Big Endian', TS.ExplicitVRBigEndian], ['Deflated', TS.DeflatedExplicitVRLittleEndian]]) {
    it(`is an error, meta-group-short, over a ${name} data set, quick, full and from prefixes, and says where dcmtk ends the group`, () => {
      const { bytes, right } = instance(syntax);
      for (const wrong of [0, 40, right - LAST]) {
        const short = withGroupLength(bytes, wrong);
        assert.deepEqual(errors(short, true), ['meta-group-short'], `${wrong}`);
        assert.deepEqual(errors(short, false), ['meta-group-short'], `${wrong}`);
        const prefixed = readDicomHeaderFromNow((n) => short.subarray(0, n), short.length, { firstRead: 600 })!;
        assert.deepEqual(prefixed.problems.filter((p) => p.severity === 'error').map((p) => p.code), ['meta-group-short']);
        assert.equal(prefixed.header?.rows, 512);
      }
      const found = readDicomHeader(withGroupLength(bytes, right - LAST)).problems.find((p) => p.code === 'meta-group-short')!;
      assert.equal(found.message.en, `group length (0002,0000) says ${right - LAST}, the meta group has ${right} bytes (PS3.10 §7.1); dcmtk ends the meta group by it at byte ${144 + right - LAST}, reads the meta elements after it as elements of the ${name} data set and fails`);
      assert.match(found.message['zh-TW'], new RegExp(`在位元組 ${144 + right - LAST} 結束檔頭`));
    });
  }

  it('stays a warning over an Explicit VR Little Endian data set (dcmtk reads the elements left as it reads the meta group), and where the length ends inside the last element', () => {
    const le = instance(TS.ExplicitVRLittleEndian);
    assert.deepEqual(readDicomHeader(withGroupLength(le.bytes, le.right - LAST)).problems.map((p) => `${p.severity} ${p.code}`), ['warning meta-group-length']);
    const implicit = instance(TS.ImplicitVRLittleEndian);
    assert.deepEqual(errors(withGroupLength(implicit.bytes, implicit.right - 2), true), []);
  });

  // pydicom writes an empty Source Application Entity Title so; dcmdump and pydicom read such files without a word.
  for (const [name, syntax] of [['Explicit VR Little Endian', TS.ExplicitVRLittleEndian], ['Implicit VR', TS.ImplicitVRLittleEndian], ['Big Endian', TS.ExplicitVRBigEndian], ['Deflated', TS.DeflatedExplicitVRLittleEndian]]) {
    it(`counts an empty last meta element into the group: a right length over a ${name} data set is no finding, quick, full and from prefixes`, () => {
      const bytes = withMetaElements(instance(syntax).bytes, [{ tag: 0x00020016, vr: 'AE', value: '' }]);
      const meta = (problems: readonly { code: string }[]) => problems.map((p) => p.code).filter((c) => c.startsWith('meta-'));
      assert.deepEqual(meta(readDicomHeader(bytes).problems), []);
      assert.deepEqual(meta(readDicomHeader(bytes, { untilPixelData: false }).problems), []);
      const prefixed = readDicomHeaderFromNow((n) => bytes.subarray(0, n), bytes.length, { firstRead: 600 })!;
      assert.deepEqual(meta(prefixed.problems), []);
      assert.equal(prefixed.header?.rows, 512);
      // One byte short of it is still told.
      assert.ok(meta(readDicomHeader(withGroupLength(bytes, Buffer.from(bytes).readUInt32LE(140) - 8)).problems).length > 0, name);
    });
  }
});
