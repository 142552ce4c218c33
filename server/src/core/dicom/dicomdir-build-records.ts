import type { DataSet } from 'dicom-parser';
import type { DicomElement, DicomItem, VR } from './encode';
import { tagKey } from './tags';
import { isValidValue } from './vr-values';
import { latin1 } from './byte-values';

/**
 * Which directory record lists an instance in a DICOMDIR, and with which keys: PS3.3 Annex F,
 * Table F.4-1 (record types and the SOP classes they stand for; PS3.11 and PS3.10 Annex A profiles)
 * and the record key tables of F.5 (IMAGE F.5.18, SR DOCUMENT F.5.21, KEY OBJECT DOC F.5.22,
 * PRESENTATION F.5.23, ENCAP DOC F.5.27, …). Driven by two tables: SOP Class UID → record type,
 * and record type → keys with their DICOM types (1 required with a value, 1C required when the
 * source has it, 2 required, empty allowed, 3 optional).
 * A SOP class not in the table (every image storage class) gets an IMAGE record.
 */

export type KeyType = '1' | '1C' | '2' | '3';

export interface RecordKey {
  tag: number;
  vr: VR;
  name: string;
  type: KeyType;
  /** Sequences only: which items of the source to keep (default: all). */
  items?: (item: DataSet) => boolean;
  /** Where else the value may be found when the source lacks it at the top level. */
  fallback?: (ds: DataSet) => DataSet | undefined;
  /** Several values allowed (VM 2-n: Image Type); every other key holds one (PS3.3 F.5). */
  many?: true;
}

const key = (tag: number, vr: VR, name: string, type: KeyType, extra: Partial<RecordKey> = {}): RecordKey => ({ tag, vr, name, type, ...extra });

const K = {
  ImageType: (t: KeyType) => key(0x00080008, 'CS', 'Image Type', t, { many: true }),
  InstanceCreationDate: (t: KeyType) => key(0x00080012, 'DA', 'Instance Creation Date', t),
  InstanceCreationTime: (t: KeyType) => key(0x00080013, 'TM', 'Instance Creation Time', t),
  ContentDate: (t: KeyType) => key(0x00080023, 'DA', 'Content Date', t),
  ContentTime: (t: KeyType) => key(0x00080033, 'TM', 'Content Time', t),
  ReferencedSeriesSequence: (t: KeyType) => key(0x00081115, 'SQ', 'Referenced Series Sequence', t),
  ReferencedImageEvidenceSequence: (t: KeyType) => key(0x00089092, 'SQ', 'Referenced Image Evidence Sequence', t),
  InstanceNumber: (t: KeyType) => key(0x00200013, 'IS', 'Instance Number', t),
  NumberOfFrames: (t: KeyType) => key(0x00280008, 'IS', 'Number of Frames', t),
  Rows: (t: KeyType) => key(0x00280010, 'US', 'Rows', t),
  Columns: (t: KeyType) => key(0x00280011, 'US', 'Columns', t),
  DataPointRows: (t: KeyType) => key(0x00289001, 'UL', 'Data Point Rows', t),
  DataPointColumns: (t: KeyType) => key(0x00289002, 'UL', 'Data Point Columns', t),
  VerificationDateTime: (t: KeyType) =>
    key(0x0040a030, 'DT', 'Verification DateTime', t, { fallback: (ds) => lastItem(ds, 0x0040a073) /* Verifying Observer Sequence */ }),
  ConceptNameCodeSequence: (t: KeyType) => key(0x0040a043, 'SQ', 'Concept Name Code Sequence', t),
  CompletionFlag: (t: KeyType) => key(0x0040a491, 'CS', 'Completion Flag', t),
  VerificationFlag: (t: KeyType) => key(0x0040a493, 'CS', 'Verification Flag', t),
  /** F.5.21/22: only the items that modify the document title (HAS CONCEPT MOD). */
  ContentSequence: (t: KeyType) => key(0x0040a730, 'SQ', 'Content Sequence', t, { items: (item) => str(item, 0x0040a010) === 'HAS CONCEPT MOD' }),
  HL7InstanceIdentifier: (t: KeyType) => key(0x0040e001, 'ST', 'HL7 Instance Identifier', t),
  DocumentTitle: (t: KeyType) => key(0x00420010, 'ST', 'Document Title', t),
  MIMETypeOfEncapsulatedDocument: (t: KeyType) => key(0x00420012, 'LO', 'MIME Type of Encapsulated Document', t),
  ContentLabel: (t: KeyType) => key(0x00700080, 'CS', 'Content Label', t),
  ContentDescription: (t: KeyType) => key(0x00700081, 'LO', 'Content Description', t),
  PresentationCreationDate: (t: KeyType) => key(0x00700082, 'DA', 'Presentation Creation Date', t),
  PresentationCreationTime: (t: KeyType) => key(0x00700083, 'TM', 'Presentation Creation Time', t),
  ContentCreatorName: (t: KeyType) => key(0x00700084, 'PN', "Content Creator's Name", t),
  BlendingSequence: (t: KeyType) => key(0x00700402, 'SQ', 'Blending Sequence', t),
  DoseSummationType: (t: KeyType) => key(0x3004000a, 'CS', 'Dose Summation Type', t),
  StructureSetLabel: (t: KeyType) => key(0x30060002, 'SH', 'Structure Set Label', t),
  StructureSetDate: (t: KeyType) => key(0x30060008, 'DA', 'Structure Set Date', t),
  StructureSetTime: (t: KeyType) => key(0x30060009, 'TM', 'Structure Set Time', t),
  TreatmentDate: (t: KeyType) => key(0x30080250, 'DA', 'Treatment Date', t),
  TreatmentTime: (t: KeyType) => key(0x30080251, 'TM', 'Treatment Time', t),
  RTPlanLabel: (t: KeyType) => key(0x300a0002, 'SH', 'RT Plan Label', t),
  RTPlanDate: (t: KeyType) => key(0x300a0006, 'DA', 'RT Plan Date', t),
  RTPlanTime: (t: KeyType) => key(0x300a0007, 'TM', 'RT Plan Time', t),
};

/** The Content Identification Macro keys (REGISTRATION, FIDUCIAL, VALUE MAP, MEASUREMENT, SURFACE, TRACT). */
const CONTENT_ID = [K.InstanceNumber('1'), K.ContentDate('1'), K.ContentTime('1'), K.ContentLabel('1'), K.ContentDescription('2'), K.ContentCreatorName('2')];
/** WAVEFORM and RAW DATA. */
const GENERIC_CONTENT = [K.InstanceNumber('1'), K.ContentDate('1'), K.ContentTime('1')];

/** Record type → its keys, after the Referenced File ID and Referenced SOP Class/Instance/Transfer Syntax UIDs in File. */
export const RECORD_KEYS: Readonly<Record<string, readonly RecordKey[]>> = {
  IMAGE: [K.InstanceNumber('1')],
  'SR DOCUMENT': [
    K.InstanceNumber('1'), K.CompletionFlag('1'), K.VerificationFlag('1'), K.ContentDate('1'), K.ContentTime('1'),
    K.VerificationDateTime('1C'), K.ConceptNameCodeSequence('1'), K.ContentSequence('1C'),
  ],
  'KEY OBJECT DOC': [K.InstanceNumber('1'), K.ContentDate('1'), K.ContentTime('1'), K.ConceptNameCodeSequence('1'), K.ContentSequence('1C')],
  PRESENTATION: [
    K.PresentationCreationDate('1'), K.PresentationCreationTime('1'), K.InstanceNumber('1'), K.ContentLabel('1'),
    K.ContentDescription('2'), K.ContentCreatorName('2'), K.ReferencedSeriesSequence('1C'), K.BlendingSequence('1C'),
  ],
  'ENCAP DOC': [
    K.ContentDate('2'), K.ContentTime('2'), K.InstanceNumber('1'), K.DocumentTitle('2'), K.HL7InstanceIdentifier('1C'),
    K.ConceptNameCodeSequence('2'), K.MIMETypeOfEncapsulatedDocument('1'),
  ],
  WAVEFORM: GENERIC_CONTENT,
  'RAW DATA': GENERIC_CONTENT,
  'RT DOSE': [K.InstanceNumber('1'), K.DoseSummationType('1')],
  'RT STRUCTURE SET': [K.InstanceNumber('1'), K.StructureSetLabel('1'), K.StructureSetDate('2'), K.StructureSetTime('2')],
  'RT PLAN': [K.InstanceNumber('1'), K.RTPlanLabel('1'), K.RTPlanDate('2'), K.RTPlanTime('2')],
  'RT TREAT RECORD': [K.InstanceNumber('1'), K.TreatmentDate('2'), K.TreatmentTime('2')],
  REGISTRATION: CONTENT_ID,
  FIDUCIAL: CONTENT_ID,
  'VALUE MAP': CONTENT_ID,
  MEASUREMENT: CONTENT_ID,
  SURFACE: CONTENT_ID,
  TRACT: CONTENT_ID,
  'SURFACE SCAN': [K.ContentDate('1'), K.ContentTime('1')],
  STEREOMETRIC: [],
  SPECTROSCOPY: [
    K.ImageType('1'), K.ContentDate('1'), K.ContentTime('1'), K.InstanceNumber('1'), K.ReferencedImageEvidenceSequence('1C'),
    K.NumberOfFrames('1'), K.Rows('1'), K.Columns('1'), K.DataPointRows('1'), K.DataPointColumns('1'),
  ],
  ASSESSMENT: [K.InstanceNumber('1'), K.InstanceCreationDate('1'), K.InstanceCreationTime('2')],
};

const SR = 'SR DOCUMENT';
const PR = 'PRESENTATION';
const WF = 'WAVEFORM';
const MS = 'MEASUREMENT';
const P = '1.2.840.10008.5.1.4.1.1.';

/** SOP Class UID → record type, for every class whose record is not IMAGE (PS3.3 F.4, PS3.4 B.5). */
export const SOP_CLASS_RECORD: Readonly<Record<string, string>> = {
  [`${P}88.11`]: SR, // Basic Text SR
  [`${P}88.22`]: SR, // Enhanced SR
  [`${P}88.33`]: SR, // Comprehensive SR
  [`${P}88.34`]: SR, // Comprehensive 3D SR
  [`${P}88.35`]: SR, // Extensible SR
  [`${P}88.40`]: SR, // Procedure Log
  [`${P}88.50`]: SR, // Mammography CAD SR
  [`${P}88.65`]: SR, // Chest CAD SR
  [`${P}88.67`]: SR, // X-Ray Radiation Dose SR
  [`${P}88.68`]: SR, // Radiopharmaceutical Radiation Dose SR
  [`${P}88.69`]: SR, // Colon CAD SR
  [`${P}88.70`]: SR, // Implantation Plan SR
  [`${P}88.71`]: SR, // Acquisition Context SR
  [`${P}88.72`]: SR, // Simplified Adult Echo SR
  [`${P}88.73`]: SR, // Patient Radiation Dose SR
  [`${P}88.74`]: SR, // Planned Imaging Agent Administration SR
  [`${P}88.75`]: SR, // Performed Imaging Agent Administration SR
  [`${P}88.76`]: SR, // Enhanced X-Ray Radiation Dose SR
  [`${P}78.6`]: SR, // Spectacle Prescription Report
  [`${P}79.1`]: SR, // Macular Grid Thickness and Volume Report
  [`${P}88.59`]: 'KEY OBJECT DOC', // Key Object Selection Document
  [`${P}11.1`]: PR, // Grayscale Softcopy Presentation State
  [`${P}11.2`]: PR, // Color Softcopy Presentation State
  [`${P}11.3`]: PR, // Pseudo-Color Softcopy Presentation State
  [`${P}11.4`]: PR, // Blending Softcopy Presentation State
  [`${P}11.5`]: PR, // XA/XRF Grayscale Softcopy Presentation State
  [`${P}131`]: PR, // Basic Structured Display
  [`${P}104.1`]: 'ENCAP DOC', // Encapsulated PDF
  [`${P}104.2`]: 'ENCAP DOC', // Encapsulated CDA
  [`${P}104.3`]: 'ENCAP DOC', // Encapsulated STL
  [`${P}104.4`]: 'ENCAP DOC', // Encapsulated OBJ
  [`${P}104.5`]: 'ENCAP DOC', // Encapsulated MTL
  [`${P}66`]: 'RAW DATA', // Raw Data
  [`${P}66.1`]: 'REGISTRATION', // Spatial Registration
  [`${P}66.3`]: 'REGISTRATION', // Deformable Spatial Registration
  [`${P}66.2`]: 'FIDUCIAL', // Spatial Fiducials
  [`${P}67`]: 'VALUE MAP', // Real World Value Mapping
  [`${P}66.5`]: 'SURFACE', // Surface Segmentation
  [`${P}68.1`]: 'SURFACE SCAN', // Surface Scan Mesh
  [`${P}68.2`]: 'SURFACE SCAN', // Surface Scan Point Cloud
  [`${P}66.6`]: 'TRACT', // Tractography Results
  [`${P}77.1.5.3`]: 'STEREOMETRIC', // Stereometric Relationship
  [`${P}4.2`]: 'SPECTROSCOPY', // MR Spectroscopy
  [`${P}90.1`]: 'ASSESSMENT', // Content Assessment Results
  [`${P}481.2`]: 'RT DOSE',
  [`${P}481.3`]: 'RT STRUCTURE SET',
  [`${P}481.5`]: 'RT PLAN', // RT Plan
  [`${P}481.8`]: 'RT PLAN', // RT Ion Plan
  [`${P}481.4`]: 'RT TREAT RECORD', // RT Beams Treatment Record
  [`${P}481.6`]: 'RT TREAT RECORD', // RT Brachy Treatment Record
  [`${P}481.7`]: 'RT TREAT RECORD', // RT Treatment Summary Record
  [`${P}481.9`]: 'RT TREAT RECORD', // RT Ion Beams Treatment Record
  [`${P}78.1`]: MS, // Lensometry Measurements
  [`${P}78.2`]: MS, // Autorefraction Measurements
  [`${P}78.3`]: MS, // Keratometry Measurements
  [`${P}78.4`]: MS, // Subjective Refraction Measurements
  [`${P}78.5`]: MS, // Visual Acuity Measurements
  [`${P}78.7`]: MS, // Ophthalmic Axial Measurements
  [`${P}80.1`]: MS, // Ophthalmic Visual Field Static Perimetry Measurements
  [`${P}9.1.1`]: WF, // 12-lead ECG
  [`${P}9.1.2`]: WF, // General ECG
  [`${P}9.1.3`]: WF, // Ambulatory ECG
  [`${P}9.2.1`]: WF, // Hemodynamic
  [`${P}9.3.1`]: WF, // Cardiac Electrophysiology
  [`${P}9.4.1`]: WF, // Basic Voice Audio
  [`${P}9.4.2`]: WF, // General Audio
  [`${P}9.5.1`]: WF, // Arterial Pulse
  [`${P}9.6.1`]: WF, // Respiratory
  [`${P}9.6.2`]: WF, // Multi-channel Respiratory
  [`${P}9.7.1`]: WF, // Routine Scalp EEG
  [`${P}9.7.2`]: WF, // Electromyogram
  [`${P}9.7.3`]: WF, // Electrooculogram
  [`${P}9.7.4`]: WF, // Sleep EEG
  [`${P}9.8.1`]: WF, // Body Position
};

export function recordTypeFor(sopClassUid: string): string {
  return SOP_CLASS_RECORD[sopClassUid] ?? 'IMAGE';
}

/**
 * Whether the record of the instance of `ds` copies one of its sequences, whose items may hold sequences of their own
 * (an SR's Content Sequence items their Concept Name Code Sequence): a data set read without those cannot give it.
 */
export function copiesSequences(ds: DataSet, sopClassUid: string): boolean {
  return (RECORD_KEYS[recordTypeFor(sopClassUid)] ?? []).some((k) => k.vr === 'SQ' && ds.elements[tagKey(k.tag)] !== undefined);
}

/** An instance's record type, its keys as found in the file, and the Type 1 keys it lacks or holds invalid. */
export interface RecordPlan {
  type: string;
  keys: DicomElement[];
  missing: KeyProblem[];
}

/** A Type 1 key of a directory record that a source file lacks (no `value`) or holds with a value invalid for its VR. */
export interface KeyProblem {
  record: string;
  name: string;
  tag: number;
  vr: VR;
  value?: string;
}

/**
 * The record keys of one instance from its data set. Strings are decoded with `decode` (the
 * instance's character set); sequences are copied item by item with the VRs of an Explicit VR
 * source, or of the dictionary below for an Implicit VR one (elements of unknown VR are left out).
 * Values invalid for their VR, or of several values where the key holds one, count as absent. Type 2
 * keys the source lacks are written empty; Instance Number, when missing, is left for the writer to
 * number by position.
 */
export function recordKeysOf(ds: DataSet, sopClassUid: string, decode: (bytes: Uint8Array) => string): RecordPlan {
  const type = recordTypeFor(sopClassUid);
  const keys: DicomElement[] = [];
  const missing: KeyProblem[] = [];
  for (const k of RECORD_KEYS[type] ?? []) {
    const source = ds.elements[tagKey(k.tag)] ? ds : k.fallback?.(ds);
    const invalid: string[] = [];
    const el = source ? copyElement(source, k.tag, k.vr, decode, k.items, invalid, !k.many) : undefined;
    if (el) keys.push(el);
    else if (k.type === '2') keys.push({ tag: k.tag, vr: k.vr, value: k.vr === 'SQ' ? [] : '' });
    else if (k.type === '1' && k.tag !== K.InstanceNumber('1').tag) missing.push({ record: type, name: k.name, tag: k.tag, vr: k.vr, value: invalid[0] });
  }
  return { type, keys, missing };
}

/** VRs of the elements met inside the copied sequences, for Implicit VR sources. */
const ITEM_VR: Readonly<Record<number, VR>> = {
  0x00080100: 'SH', 0x00080102: 'SH', 0x00080103: 'SH', 0x00080104: 'LO', 0x00080105: 'CS', 0x00080106: 'DT',
  0x0008010b: 'CS', 0x0008010d: 'UI', 0x0008010f: 'CS', 0x00080117: 'UI', 0x00080118: 'UI', 0x00080119: 'UC',
  0x00080120: 'UR', 0x00080121: 'SQ', 0x00081115: 'SQ', 0x00081140: 'SQ', 0x00081150: 'UI', 0x00081155: 'UI',
  0x00081160: 'IS', 0x00081199: 'SQ', 0x0020000d: 'UI', 0x0020000e: 'UI', 0x0040a010: 'CS', 0x0040a040: 'CS',
  0x0040a043: 'SQ', 0x0040a168: 'SQ', 0x0040a160: 'UT', 0x0040a730: 'SQ', 0x0040db73: 'UL',
};

const STRING_VR = new Set<VR>(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);

/**
 * `invalid` receives a top-level string value left out because it is not valid for its VR, or holds several
 * values where the key holds one (`single`).
 */
function copyElement(
  ds: DataSet,
  tag: number,
  vr: VR,
  decode: (b: Uint8Array) => string,
  keep?: (item: DataSet) => boolean,
  invalid?: string[],
  single = false,
): DicomElement | undefined {
  const el = ds.elements[tagKey(tag)];
  if (!el) return undefined;
  if (vr === 'SQ') {
    const items = (el.items ?? []).map((i) => i.dataSet).filter((d): d is DataSet => d !== undefined && (keep ? keep(d) : true));
    if (items.length === 0) return undefined;
    return { tag, vr, value: items.map((d) => copyItem(d, decode)) };
  }
  if (STRING_VR.has(vr)) {
    const raw = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    const text = (vr === 'UI' ? latin1(raw, 0, raw.length) : decode(raw)).replace(/[\0 ]+$/, '');
    if (text !== '' && !isValidValue(vr, text, single)) {
      invalid?.push(text);
      return undefined;
    }
    return text === '' ? undefined : { tag, vr, value: text };
  }
  const n = vr === 'US' ? ds.uint16(tagKey(tag)) : vr === 'UL' ? ds.uint32(tagKey(tag)) : vr === 'SS' ? ds.int16(tagKey(tag)) : vr === 'SL' ? ds.int32(tagKey(tag)) : undefined;
  return n === undefined ? undefined : { tag, vr, value: n };
}

function copyItem(item: DataSet, decode: (b: Uint8Array) => string): DicomItem {
  const out: DicomItem = [];
  for (const [k, el] of Object.entries(item.elements)) {
    const tag = Number.parseInt(k.slice(1), 16);
    if ((tag & 0xffff) === 0) continue; // group lengths are not written
    // An Implicit VR source's elements carry no VR.
    const vr = (el.vr as VR | undefined) ?? recordKeyVr(k);
    if (!vr) continue;
    const copied = copyElement(item, tag, vr, decode);
    if (copied) out.push(copied);
  }
  return out;
}

const KEY_VR: ReadonlyMap<string, VR> = new Map([
  ...Object.values(RECORD_KEYS).flatMap((keys) => keys.map((k) => [tagKey(k.tag), k.vr] as const)),
  ...Object.entries(ITEM_VR).map(([t, vr]) => [tagKey(Number(t)), vr] as const),
  [tagKey(0x0040a073), 'SQ' as VR], // Verifying Observer Sequence
]);

/**
 * The VR of a record key or of an element met in a copied sequence, by its tag key (dicom-parser's `vrCallback` form):
 * what an Implicit VR source does not say.
 */
export function recordKeyVr(key: string): VR | undefined {
  return KEY_VR.get(key);
}

function lastItem(ds: DataSet, sequenceTag: number): DataSet | undefined {
  const items = ds.elements[tagKey(sequenceTag)]?.items ?? [];
  return items[items.length - 1]?.dataSet;
}

function str(ds: DataSet, tag: number): string | undefined {
  return ds.string(tagKey(tag))?.trim();
}
