/**
 * The header's Patient ID (compared across an archive's images and named in the one-study finding) is
 * text of a VR that Specific Character Set (0008,0005) governs: it is read by that set, as dcmdump shows
 * it, in every transfer syntax. Dates, Modality and UIDs use the default repertoire and read the same
 * under any set, padded with spaces or NULs.
 */
import { strict as assert } from 'node:assert';
import { readDicomHeader } from '../../../server/src/core/dicom/read';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeInstance } from '../../fixtures/dicom';

/** An instance whose Patient ID holds `bytes` under `charset`: written as a placeholder of the same length, then overwritten. */
function withPatientIdBytes(transferSyntax: string, charset: string, bytes: Buffer): Uint8Array {
  const placeholder = 'Q'.repeat(bytes.length);
  const file = Buffer.from(makeInstance({ transferSyntax, patientId: placeholder, extra: [{ tag: TAG.SpecificCharacterSet, vr: 'CS', value: charset }] }).bytes);
  const at = file.indexOf(placeholder, 132, 'latin1');
  assert.ok(at > 0);
  bytes.copy(file, at);
  return file;
}

const CASES: readonly [charset: string, bytes: Buffer, text: string][] = [
  ['ISO_IR 192', Buffer.from('陳大文', 'utf8'), '陳大文'],
  ['GB18030', Buffer.from('b2a19a76313233', 'hex'), '病歷123'],
  ['\\ISO 2022 IR 87', Buffer.from('1b24423b3345441b2842313233', 'hex'), '山田123'],
  ['ISO_IR 100', Buffer.from('M\xfcller', 'latin1'), 'Müller'],
];

describe('dicom/read: Patient ID by Specific Character Set', () => {
  for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
    for (const [charset, bytes, text] of CASES) {
      it(`${charset} in ${ts}: ${text}`, () => {
        const r = readDicomHeader(withPatientIdBytes(ts, charset, bytes));
        assert.equal(r.header?.patientId, text);
      });
    }
  }

  it('reads an ISO 2022 Patient ID longer than a call takes arguments (an Implicit VR length has 32 bits), quick and full', () => {
    const id = Buffer.concat([Buffer.from('1b2d41e9', 'hex'), Buffer.alloc(300_000, 'B')]);
    const file = withPatientIdBytes(TS.ImplicitVRLittleEndian, 'ISO 2022 IR 100', id);
    for (const untilPixelData of [true, false]) {
      const r = readDicomHeader(file, { untilPixelData });
      assert.equal(r.header?.patientId, 'é' + 'B'.repeat(300_000));
    }
  });

  it('an unknown character set leaves the ID as its bytes (Latin-1), and the header is still read', () => {
    const r = readDicomHeader(withPatientIdBytes(TS.ExplicitVRLittleEndian, 'ISO_IR 999', Buffer.from('ab\xe9', 'latin1')));
    assert.equal(r.header?.patientId, 'ab\xe9');
    assert.equal(r.header?.rows !== undefined, true);
  });

  it('dates, Modality and the Study Instance UID read the same under a multi-byte set, padded with spaces or NULs', () => {
    const inst = makeInstance({
      modality: 'CT',
      extra: [
        { tag: TAG.SpecificCharacterSet, vr: 'CS', value: '\\ISO 2022 IR 87' },
        { tag: TAG.StudyDate, vr: 'DA', value: '20251125\0\0' },
        { tag: TAG.PatientBirthDate, vr: 'DA', value: '1986.03.12  ' },
        { tag: TAG.Modality, vr: 'CS', value: 'CT  ' },
        { tag: TAG.StudyInstanceUID, vr: 'UI', value: '1.2.3\0' },
      ],
    });
    const h = readDicomHeader(inst.bytes).header;
    assert.deepEqual([h?.studyDate, h?.patientBirthDate, h?.modality, h?.studyInstanceUid], ['20251125', '19860312', 'CT', '1.2.3']);
  });
});
