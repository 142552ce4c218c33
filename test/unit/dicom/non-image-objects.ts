// Non-image DICOM objects for DICOMDIR tests: a Basic Text SR (with the SR record keys), a Key
// Object Selection document and an encapsulated PDF, written as Part 10 files.
import { makeInstance, newUid } from '../../fixtures/dicom';
import { encodePart10, type DicomElement } from '../../../server/src/core/dicom/encode';
import { TS } from '../../../server/src/core/dicom/uids';

const code = (value: string, scheme: string, meaning: string): DicomElement[] => [
  { tag: 0x00080100, vr: 'SH', value },
  { tag: 0x00080102, vr: 'SH', value: scheme },
  { tag: 0x00080104, vr: 'LO', value: meaning },
];

/** Content Date and Content Time: every object here has them. */
const CONTENT_DATE_TIME: DicomElement[] = [
  { tag: 0x00080023, vr: 'DA', value: '20261125' },
  { tag: 0x00080033, vr: 'TM', value: '101500' },
];

/** The SR document keys: title, flags, verifier, one HAS CONCEPT MOD and one CONTAINS content item. */
export function srKeys(options: { completionFlag?: boolean } = {}): DicomElement[] {
  const keys: DicomElement[] = [
    ...CONTENT_DATE_TIME,
    { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    { tag: 0x0040a050, vr: 'CS', value: 'SEPARATE' },
    { tag: 0x0040a043, vr: 'SQ', value: [code('18748-4', 'LN', 'Diagnostic imaging report')] },
    { tag: 0x0040a493, vr: 'CS', value: 'VERIFIED' },
    {
      tag: 0x0040a073,
      vr: 'SQ',
      value: [[{ tag: 0x0040a027, vr: 'LO', value: 'NHI' }, { tag: 0x0040a030, vr: 'DT', value: '20261125103000' }, { tag: 0x0040a075, vr: 'PN', value: 'LIN^MEI' }]],
    },
    {
      tag: 0x0040a730,
      vr: 'SQ',
      value: [
        [
          { tag: 0x0040a010, vr: 'CS', value: 'HAS CONCEPT MOD' },
          { tag: 0x0040a040, vr: 'CS', value: 'CODE' },
          { tag: 0x0040a043, vr: 'SQ', value: [code('121049', 'DCM', 'Language of Content Item and Descendants')] },
          { tag: 0x0040a168, vr: 'SQ', value: [code('zh', 'RFC5646', 'Chinese')] },
        ],
        [
          { tag: 0x0040a010, vr: 'CS', value: 'CONTAINS' },
          { tag: 0x0040a040, vr: 'CS', value: 'TEXT' },
          { tag: 0x0040a043, vr: 'SQ', value: [code('121071', 'DCM', 'Finding')] },
          { tag: 0x0040a160, vr: 'UT', value: 'No acute findings.' },
        ],
      ],
    },
  ];
  if (options.completionFlag !== false) keys.push({ tag: 0x0040a491, vr: 'CS', value: 'COMPLETE' });
  return keys;
}

export interface ObjectSpec {
  studyUid: string;
  patientId?: string;
  patientName?: string;
  studyDate?: string;
  /** Patient's Birth Date (DA); the image fixture's default when absent. */
  birthDate?: string;
  seriesNumber: number;
  transferSyntax?: string;
}

export function makeSr(spec: ObjectSpec & { completionFlag?: boolean }): Uint8Array {
  return makeInstance({ modality: 'SR', studyUid: spec.studyUid, patientId: spec.patientId, patientName: spec.patientName, studyDate: spec.studyDate, birthDate: spec.birthDate, seriesNumber: spec.seriesNumber, transferSyntax: spec.transferSyntax, extra: srKeys(spec) }).bytes;
}

function part10(sopClass: string, modality: string, spec: ObjectSpec, extra: DicomElement[]): Uint8Array {
  const uid = newUid();
  const base: DicomElement[] = [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' },
    { tag: 0x00080016, vr: 'UI', value: sopClass },
    { tag: 0x00080018, vr: 'UI', value: uid },
    { tag: 0x00080020, vr: 'DA', value: spec.studyDate ?? '20261125' },
    { tag: 0x00080030, vr: 'TM', value: '093000' },
    { tag: 0x00080050, vr: 'SH', value: '' },
    { tag: 0x00100010, vr: 'PN', value: spec.patientName ?? 'WANG^DA MING' },
    { tag: 0x00100020, vr: 'LO', value: spec.patientId ?? 'A123456789' },
    { tag: 0x0020000d, vr: 'UI', value: spec.studyUid },
    { tag: 0x0020000e, vr: 'UI', value: newUid() },
    { tag: 0x00200010, vr: 'SH', value: '1' },
    { tag: 0x00200011, vr: 'IS', value: String(spec.seriesNumber) },
    { tag: 0x00200013, vr: 'IS', value: '1' },
  ];
  const meta = { mediaStorageSopClassUid: sopClass, mediaStorageSopInstanceUid: uid, transferSyntaxUid: spec.transferSyntax ?? TS.ExplicitVRLittleEndian };
  return encodePart10(meta, [...base, { tag: 0x00080060, vr: 'CS', value: modality }, ...CONTENT_DATE_TIME, ...extra]);
}

export const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';
export const ENCAPSULATED_PDF = '1.2.840.10008.5.1.4.1.1.104.1';

export function makeKeyObject(spec: ObjectSpec): Uint8Array {
  return part10(KEY_OBJECT_SELECTION, 'KO', spec, [
    { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    { tag: 0x0040a050, vr: 'CS', value: 'SEPARATE' },
    { tag: 0x0040a043, vr: 'SQ', value: [code('113000', 'DCM', 'Of Interest')] },
  ]);
}

export function makePdf(spec: ObjectSpec): Uint8Array {
  return part10(ENCAPSULATED_PDF, 'DOC', spec, [
    { tag: 0x00420010, vr: 'ST', value: 'Referral letter' },
    { tag: 0x0040a043, vr: 'SQ', value: [] },
    { tag: 0x00420011, vr: 'OB', value: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
    { tag: 0x00420012, vr: 'LO', value: 'application/pdf' },
  ]);
}
