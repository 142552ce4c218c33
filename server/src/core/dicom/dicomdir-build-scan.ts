import { promises as fsp } from 'node:fs';
import * as dicomParser from 'dicom-parser';
import { DataSetInflater, parsePart10 } from './inflate';
import { TAG, tagKey } from './tags';
import { recordKeysOf, recordKeyVr, type KeyProblem, type RecordPlan } from './dicomdir-build-records';
import type { VR } from './encode';
import { isValidValue } from './vr-values';
import { CharacterSetError, decoderFor, type TextDecode } from './charset';
import { afterMetaGroup, dataSetReadAsMetaGroup, deflateReadAsMetaElement, explicitDataSetInForbiddenGroup } from './structure-scan';
import { transferSyntaxInfo, TS } from './uids';
import { bi } from '../i18n';
import { ioReason } from '../io-reasons';
import type { Bilingual } from '../types';
import type { DicomProblemCode } from './problems';
import { explainFailure, parserFailure } from './parser-errors';
import { framesValue, pixelLengthProblem } from './pixel-length';
import { elementUint, readDicomHeader } from './read';
import { joinedFindings, requiredAttributeFindingsOf } from './required-attributes';
import { RULE_FOR_ATTRIBUTE, RULE_FOR_PROBLEM } from '../archive/rules';
import { severityOf } from '../rules/emit';
import type { ValidationOptions } from '../options';

/** What the DICOMDIR writer and the builder's pre-checks need from one instance's header. */
export interface InstanceInfo {
  sourcePath: string;
  size: number;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  patientId: string;
  patientName: string;
  studyUid: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  studyDescription: string;
  seriesUid: string;
  seriesNumber: string;
  modality: string;
  instanceNumber: string;
  /** Its DICOMDIR record: type by SOP class (IMAGE, SR DOCUMENT, …) and keys from the file. */
  record: RecordPlan;
  /** Type 1 keys of its PATIENT, STUDY, SERIES and instance records that it lacks or holds invalid: it cannot be listed. */
  keyProblems: KeyProblem[];
  /** Absent for instances without pixel data (structured reports, dose reports). */
  rows?: number;
  columns?: number;
}

export class DicomScanError extends Error {
  /** `why`: why the header could not be read; `whole`: the whole message when it says more than that. */
  constructor(readonly path: string, readonly why: Bilingual, readonly whole?: Bilingual) {
    super(`${path}: ${why.en}`);
  }
}

const FIRST_READ = 256 * 1024;

/** The UIDs a DICOMDIR record cannot do without, by their DICOM names. */
const REQUIRED_UIDS = [
  ['sopClassUid', 'SOP Class UID (0008,0016)'],
  ['sopInstanceUid', 'SOP Instance UID (0008,0018)'],
  ['transferSyntaxUid', 'Transfer Syntax UID (0002,0010)'],
  ['studyUid', 'Study Instance UID (0020,000D)'],
  ['seriesUid', 'Series Instance UID (0020,000E)'],
] as const;
const MAX_HEADER_READ = 16 * 1024 * 1024;

type LevelField = 'patientId' | 'patientName' | 'studyDate' | 'studyTime' | 'studyId' | 'accessionNumber' | 'studyDescription' | 'modality' | 'seriesNumber' | 'instanceNumber';

/**
 * The keys of the PATIENT, STUDY and SERIES records (PS3.3 F.5.1-F.5.3) and the Instance Number, read
 * from each instance. A value invalid for its VR, or of several values (each of these keys holds one),
 * is read as empty. `required`: a Type 1 key the writer cannot make up, so an instance without it cannot
 * be listed; Study ID, Series Number and Instance Number (Type 1 too) are numbered by position when empty.
 */
const LEVEL_KEYS: readonly { field: LevelField; record: string; name: string; tag: number; vr: VR; required?: true }[] = [
  { field: 'patientName', record: 'PATIENT', name: "Patient's Name", tag: TAG.PatientName, vr: 'PN' },
  { field: 'patientId', record: 'PATIENT', name: 'Patient ID', tag: TAG.PatientID, vr: 'LO', required: true },
  { field: 'studyDate', record: 'STUDY', name: 'Study Date', tag: TAG.StudyDate, vr: 'DA', required: true },
  { field: 'studyTime', record: 'STUDY', name: 'Study Time', tag: TAG.StudyTime, vr: 'TM', required: true },
  { field: 'studyId', record: 'STUDY', name: 'Study ID', tag: TAG.StudyID, vr: 'SH' },
  { field: 'accessionNumber', record: 'STUDY', name: 'Accession Number', tag: TAG.AccessionNumber, vr: 'SH' },
  { field: 'studyDescription', record: 'STUDY', name: 'Study Description', tag: TAG.StudyDescription, vr: 'LO' },
  { field: 'modality', record: 'SERIES', name: 'Modality', tag: TAG.Modality, vr: 'CS', required: true },
  { field: 'seriesNumber', record: 'SERIES', name: 'Series Number', tag: TAG.SeriesNumber, vr: 'IS' },
  { field: 'instanceNumber', record: 'IMAGE', name: 'Instance Number', tag: TAG.InstanceNumber, vr: 'IS' },
];

/** The user's rule severities, by which the check of the built batch judges it. */
export type ScanSeverities = ValidationOptions['severities'];

/**
 * Reads an instance's header (never its pixel data) and the attributes a DICOMDIR records. `severities`: the user's,
 * under which a fault of the file the check of the built batch would not call an error does not stop it here.
 */
export async function scanDicomHeader(path: string, severities: ScanSeverities = {}): Promise<InstanceInfo> {
  const handle = await fsp.open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DicomScanError(path, ioReason(e.code) ?? bi(e.code ?? String(e), e.code ?? String(e)));
  });
  try {
    const { size } = await handle.stat();
    let want = Math.min(size, FIRST_READ);
    for (;;) {
      const bytes = Buffer.alloc(want);
      await handle.read(bytes, 0, want, 0);
      refuseUnknownSyntax(path, bytes);
      refuseDataSetInMetaGroup(path, bytes);
      try {
        // A deflated data set is inflated before dicom-parser reads the meta group: see INFLATED_ALREADY and parsePart10.
        const shape = afterMetaGroup(bytes);
        const deflated = shape.transferSyntaxUid === TS.DeflatedExplicitVRLittleEndian;
        // Read right here, but the batch's check calls it an error (dcmtk and pydicom cannot inflate it).
        const unclear = deflated ? deflateReadAsMetaElement(bytes, shape.start) : undefined;
        if (unclear) throw new DicomScanError(path, unclear);
        const data = deflated ? new DataSetInflater().inflate(bytes, shape.start) : bytes;
        const ds = parsePart10(data, { untilTag: tagKey(TAG.PixelData), vrCallback: recordKeyVr }, deflated);
        refuseCutPixelData(path, size, ds, severities);
        refuseShortPixelData(path, ds, severities);
        refuseCheckErrors(path, bytes, size, severities);
        return toInfo(path, size, ds);
      } catch (e) {
        if (e instanceof DicomScanError) throw e;
        if (want >= size || want >= MAX_HEADER_READ) {
          const failure = parserFailure(e);
          throw new DicomScanError(path, explainFailure(failure.detail, failure.partial));
        }
        want = Math.min(size, want * 8, MAX_HEADER_READ);
      }
    }
  } finally {
    await handle.close();
  }
}

function hasDicm(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
}

/**
 * An Implicit VR data set starting in group 0000 or 0001 is read by dicom-parser as meta group: its header
 * would read as missing its UIDs. An Explicit VR one reads right, but the batch's check calls it an error
 * (dciodvfy reads no image from it). Named as what it is (structure-scan.ts).
 */
function refuseDataSetInMetaGroup(path: string, bytes: Uint8Array): void {
  const why = hasDicm(bytes) ? dataSetReadAsMetaGroup(bytes) ?? explicitDataSetInForbiddenGroup(bytes) : undefined;
  if (why) throw new DicomScanError(path, why);
}

/**
 * A transfer syntax DICOM does not define (GE's private 1.2.840.113619.5.2, dcmconv +tg) stops the file
 * before its data set is parsed as Explicit VR: the batch's check would refuse it, and parsed so its
 * header reads as garbage.
 */
function refuseUnknownSyntax(path: string, bytes: Uint8Array): void {
  if (!hasDicm(bytes)) return;
  const uid = afterMetaGroup(bytes).transferSyntaxUid;
  if (!uid || transferSyntaxInfo(uid)) return;
  throw new DicomScanError(path, bi(`不明的傳輸語法 ${uid}`, `unknown transfer syntax ${uid}`), bi(
    `${path}：傳輸語法 ${uid} 不是 DICOM 標準的傳輸語法。請轉為標準傳輸語法（例如 dcmconv +te）後再建置`,
    `${path}: transfer syntax ${uid} is not a DICOM standard transfer syntax. Convert the file to a standard one (e.g. dcmconv +te), then build again`,
  ));
}

/** The length of an element whose end is marked by a delimiter (encapsulated pixel data). */
const UNDEFINED_LENGTH = 0xffffffff;

/**
 * A file whose pixel data ends before the length it declares (a copy cut short) stops the build before
 * anything is reserved, naming the file: the check of the built archive would name it only by its File ID.
 * A deflated data set's offsets are those of the inflated bytes, not of the file: left to that check.
 */
function refuseCutPixelData(path: string, size: number, ds: dicomParser.DataSet, severities: ScanSeverities): void {
  const pixels = ds.elements[tagKey(TAG.PixelData)];
  if (!pixels || pixels.length === UNDEFINED_LENGTH || ds.string(tagKey(TAG.TransferSyntaxUID)) === TS.DeflatedExplicitVRLittleEndian) return;
  const remaining = Math.max(0, size - pixels.dataOffset);
  if (pixels.length <= remaining || !stopsBuild(RULE_FOR_PROBLEM.truncated, severities)) return;
  throw new DicomScanError(path, bi('檔案不完整', 'truncated'), bi(
    `${path}：檔案在像素資料 (7FE0,0010) 中途結束（宣告 ${pixels.length} 位元組，只剩 ${remaining}）：檔案不完整，請重新複製或匯出後再建置`,
    `${path}: the file ends inside its pixel data (7FE0,0010) (declares ${pixels.length} bytes, ${remaining} remain): the file is truncated; copy or export it again, then build again`,
  ));
}

/** True when the check of the built batch, under the user's severities, would call a finding of the rule an error. */
function stopsBuild(ruleId: string, severities: ScanSeverities): boolean {
  return severityOf(ruleId, { severities }) === 'error';
}

/**
 * A file whose native pixel data is shorter than the image its header describes (A14-dicom-pixel-length, an error
 * of the check of the built batch) stops the build before anything is reserved, naming the file, as a cut one does.
 */
function refuseShortPixelData(path: string, ds: dicomParser.DataSet, severities: ScanSeverities): void {
  const pixels = ds.elements[tagKey(TAG.PixelData)];
  if (!pixels) return;
  const layout = {
    transferSyntaxUid: ds.string(tagKey(TAG.TransferSyntaxUID)) ?? '',
    rows: elementUint(ds, TAG.Rows, 2),
    columns: elementUint(ds, TAG.Columns, 2),
    samplesPerPixel: elementUint(ds, TAG.SamplesPerPixel, 2),
    bitsAllocated: elementUint(ds, TAG.BitsAllocated, 2),
    numberOfFrames: framesValue(ds.string(tagKey(TAG.NumberOfFrames)), ds.elements[tagKey(TAG.NumberOfFrames)] !== undefined),
    photometricInterpretation: ds.string(tagKey(TAG.PhotometricInterpretation)),
  };
  const short = pixelLengthProblem(layout, pixels.hadUndefinedLength || pixels.length === UNDEFINED_LENGTH ? null : pixels.length);
  if (short?.code !== 'pixel-data-short' || !stopsBuild(RULE_FOR_PROBLEM[short.code], severities)) return;
  throw exportAgain(path, short.message, bi('像素資料不足', 'pixel data too short'));
}

/**
 * The reader's problems the scan refuses before, by its own test of the same condition and in its own words
 * (refuseUnknownSyntax, refuseDataSetInMetaGroup, the deflated meta end, refuseShortPixelData): never a second reason.
 * A cut file or one dicom-parser cannot read is refused before too (refuseCutPixelData, the parse failure), but the reader
 * also calls files truncated or unreadable that those let through (a deflated file cut short, sequences nested too deep).
 */
const REFUSED_BEFORE: ReadonlySet<DicomProblemCode> = new Set(['unknown-transfer-syntax', 'forbidden-group', 'deflated-meta-end', 'pixel-data-short']);

/**
 * Errors the check of the built batch would find in the file's header, read by its own reader from the same bytes:
 * the reader's problems whose rule is an error under the user's severities (a meta group length running into a data
 * set of another encoding, an element of undefined length or of a VR DICOM does not define, ...: A14-dicom-corrupt and
 * the others of RULE_FOR_PROBLEM) and the attributes an instance needs (A14-dicom-attribute, required-attributes.ts).
 * They stop the build before anything is reserved or packed, naming the file and the faults, in the check's words.
 * Warnings do not (A14-dicom-attribute-minor, A14-dicom-encoding by default): the check of the built batch gives them
 * with the build's warnings. Nor does a fault whose rule the user made a warning or turned off: that check judges it
 * so. A header the bytes read so far do not hold whole is left to that check.
 */
function refuseCheckErrors(path: string, bytes: Uint8Array, size: number, severities: ScanSeverities): void {
  const read = readDicomHeader(bytes, { totalSize: size });
  if (read.needMore !== undefined) return;
  const problems = read.problems.filter((p) => !REFUSED_BEFORE.has(p.code) && stopsBuild(RULE_FOR_PROBLEM[p.code], severities));
  const attributes = requiredAttributeFindingsOf(read).filter((f) => stopsBuild(RULE_FOR_ATTRIBUTE[f.severity], severities));
  const errors = [...problems, ...attributes];
  if (errors.length) throw exportAgain(path, joinedFindings(errors));
}

/** The file, what is wrong with it, and to export it again: the build packs files as they are and cannot mend one. `why`: `message` when omitted. */
function exportAgain(path: string, message: Bilingual, why = message): DicomScanError {
  return new DicomScanError(path, why, bi(
    `${path}：${message['zh-TW']}。請從 PACS 或影像設備重新匯出後再建置`,
    `${path}: ${message.en}. Export it again from the PACS or the modality, then build again`,
  ));
}

function toInfo(path: string, size: number, ds: dicomParser.DataSet): InstanceInfo {
  const decode = textDecodeOf(path, ds);
  const text = (t: number): string => {
    const el = ds.elements[tagKey(t)];
    if (!el || el.length === 0) return '';
    const raw = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    return decode(raw).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  };
  const ascii = (t: number): string => ds.string(tagKey(t)) ?? '';
  // The data set's own UIDs name the object (its record type follows its class), as dcmmkdir and pydicom's FileSet
  // read them; the meta group's copies only when the data set lacks them (docs/decisions/dicomdir-sop-uids.md).
  const sopClassUid = ascii(TAG.SOPClassUID) || ascii(TAG.MediaStorageSOPClassUID);
  const sopInstanceUid = ascii(TAG.SOPInstanceUID) || ascii(TAG.MediaStorageSOPInstanceUID);
  const record = recordKeysOf(ds, sopClassUid, decode);
  const keyProblems: KeyProblem[] = [];
  const levels = {} as Record<LevelField, string>;
  for (const k of LEVEL_KEYS) {
    const value = text(k.tag);
    const valid = isValidValue(k.vr, value, true);
    levels[k.field] = valid ? value : '';
    if (k.required && (!valid || value === '')) keyProblems.push({ record: k.record, name: k.name, tag: k.tag, vr: k.vr, value: valid ? undefined : value });
  }
  keyProblems.push(...record.missing);
  const info: InstanceInfo = {
    sourcePath: path,
    size,
    sopClassUid,
    sopInstanceUid,
    transferSyntaxUid: ascii(TAG.TransferSyntaxUID),
    studyUid: ascii(TAG.StudyInstanceUID),
    seriesUid: ascii(TAG.SeriesInstanceUID),
    ...levels,
    record,
    keyProblems,
  };
  const rows = ds.uint16(tagKey(TAG.Rows));
  const columns = ds.uint16(tagKey(TAG.Columns));
  if (rows !== undefined && columns !== undefined) {
    info.rows = rows;
    info.columns = columns;
  }
  const missing = REQUIRED_UIDS.filter(([k]) => !info[k]).map(([, name]) => name).join(', ');
  if (missing) throw new DicomScanError(path, bi(`缺少 ${missing}`, `missing ${missing}`));
  return info;
}

/** The file's text decoder; a character set that cannot be decoded stops the file rather than be read as another. */
function textDecodeOf(path: string, ds: dicomParser.DataSet): TextDecode {
  const value = ds.string(tagKey(TAG.SpecificCharacterSet)) ?? '';
  try {
    return decoderFor(value);
  } catch (e) {
    if (!(e instanceof CharacterSetError)) throw e;
    const why = e.unsupported
      ? bi(`此執行環境無法解碼 Specific Character Set (0008,0005)「${e.term}」`, `the Specific Character Set (0008,0005) "${e.term}" cannot be decoded in this runtime`)
      : bi(`不認得的 Specific Character Set (0008,0005)「${e.term}」`, `unknown Specific Character Set (0008,0005) "${e.term}"`);
    throw new DicomScanError(path, why, bi(
      `${path}：${why['zh-TW']}，無法正確讀出姓名等文字。請以 UTF-8（ISO_IR 192）重新匯出，或轉換此檔（例如 dcmconv +U8）後再建置`,
      `${path}: ${why.en}, so its names and other text cannot be read correctly. Export it again in UTF-8 (ISO_IR 192), or convert the file (e.g. dcmconv +U8), then build again`,
    ));
  }
}
