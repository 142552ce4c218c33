import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { DataSet } from 'dicom-parser';
import { TAG, tagKey, tagLabel } from './tags';
import { copiesSequences, recordKeysOf, type KeyProblem, type RecordPlan } from './dicomdir-build-records';
import type { VR } from './encode';
import { isValidValue } from './vr-values';
import { beyondAscii, CharacterSetError, decoderFor, defaultRepertoireOnly, utf8AsSingleByteReading, type TextDecode } from './charset';
import { elementName, undeclaredText, utf8AsSingleByteText, type GoverningSet } from './undeclared-charset';
import { bi } from '../i18n';
import { ioReason } from '../io-reasons';
import type { Bilingual } from '../types';
import type { DicomProblemCode } from './problems';
import { readDicomHeader, type DicomRead } from './read';
import { hasImagePixels, joinedFindings, requiredAttributeFindingsOf } from './required-attributes';
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
  /** Whether it holds an image: Pixel Data with Rows and Columns, as the check judges (A14-empty). */
  hasPixels: boolean;
  /**
   * The refusal of its text, raised only where the build writes the DICOMDIR (a DICOMDIR kept holds the source's own
   * bytes, and the build writes no text then): a value its DICOMDIR record would hold has bytes above 7FH and the file
   * declares no set beyond ASCII, or bytes that are no text in the set it declares (UTF-8 under ISO_IR 100 among
   * them), or its Specific Character Set cannot be decoded (its values are then read as ASCII,
   * each byte above 7FH as U+FFFD, for the plan's other checks).
   */
  textRefusal?: DicomScanError;
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

/** A header's first read, as the check's first read of an archive's DICOM file: most headers end within it. */
const FIRST_READ = 16 * 1024;

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

/** What is run again once a refused file is mended: the build of the draft, or the re-send of a sent row. */
export type Retry = 'build' | 'resend';

/** The end of a refusal's advice (「請重新匯出」+「後再建置」, "Export it again" + ", then build again"). */
export const AGAIN: Readonly<Record<Retry, Bilingual>> = {
  build: bi('後再建置', 'then build again'),
  resend: bi('後再重送', 'then re-send the row again'),
};

/** `what` (zh-TW ending before 後, English before the comma) followed by what to run again. */
export function thenAgain(what: Bilingual, retry: Retry): Bilingual {
  return bi(`${what['zh-TW']}${AGAIN[retry]['zh-TW']}`, `${what.en}, ${AGAIN[retry].en}`);
}

/**
 * Reads an instance's header (never its pixel data) once, with the check's reader, for the refusals and the
 * attributes a DICOMDIR records. `severities`: the user's, under which a fault of the file the check of the built
 * batch would not call an error does not stop it here; `retry`: what a refusal's advice says to run again.
 */
export async function scanDicomHeader(path: string, severities: ScanSeverities = {}, retry: Retry = 'build'): Promise<InstanceInfo> {
  const handle = await fsp.open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DicomScanError(path, ioReason(e.code) ?? bi(e.code ?? String(e), e.code ?? String(e)));
  });
  try {
    const { size } = await handle.stat();
    const read = await readHeader(path, handle, size);
    refuseCheckErrors(path, read, severities, retry);
    return toInfo(path, size, read.dataSet!, retry, read.header !== null && hasImagePixels(read.header));
  } finally {
    await handle.close();
  }
}

/**
 * The check's reader's read of the header and its data set, from a prefix that grows while the reader asks for more:
 * by its header walker, as the check reads a well-formed file, but by dicom-parser when the instance's record copies
 * a sequence of it (copiesSequences): the walker's data set leaves out the sequences nested in items. A data set
 * dicom-parser read already (one the walker leaves to it, such as a deflated one) holds them: it is not read again.
 */
async function readHeader(path: string, handle: FileHandle, size: number): Promise<DicomRead> {
  let want = Math.min(size, FIRST_READ);
  for (;;) {
    const bytes = Buffer.alloc(want);
    await handle.read(bytes, 0, want, 0);
    const read = readDicomHeader(bytes, { totalSize: size, dataSet: true });
    if (read.needMore === undefined) {
      const ds = read.dataSet;
      return ds && !read.byParser && copiesSequences(ds, sopClassOf(ds)) ? readDicomHeader(bytes, { totalSize: size, dataSet: true, walker: false }) : read;
    }
    // The reader reads on to MAX_HEADER_BYTES; the build holds no more than this of each file it plans.
    if (want >= MAX_HEADER_READ) throw new DicomScanError(path, headerTooLarge());
    want = Math.min(size, Math.max(read.needMore, want * 8), MAX_HEADER_READ);
  }
}

/** The data set's own SOP Class UID, or the meta group's copy when it lacks one (docs/decisions/dicomdir-sop-uids.md). */
function sopClassOf(ds: DataSet): string {
  return ds.string(tagKey(TAG.SOPClassUID)) || (ds.string(tagKey(TAG.MediaStorageSOPClassUID)) ?? '');
}

function headerTooLarge(): Bilingual {
  const mib = MAX_HEADER_READ / 1048576;
  return bi(`DICOM 檔頭超過 ${mib} MiB 仍未到影像資料`, `the DICOM header runs past ${mib} MiB before the pixel data`);
}

/** True when the check of the built batch, under the user's severities, would call a finding of the rule an error. */
export function stopsBuild(ruleId: string, severities: ScanSeverities): boolean {
  return severityOf(ruleId, { severities }) === 'error';
}

/**
 * Errors the check of the built batch would find in the file's header, from the same read: the reader's problems whose
 * rule is an error under the user's severities (a cut file, a transfer syntax DICOM does not define, a data set in group
 * 0000 or 0001, pixel data shorter than the image, a meta group length running into a data set of another encoding, ...:
 * RULE_FOR_PROBLEM) and the attributes an instance needs (A14-dicom-attribute, required-attributes.ts). They stop the
 * build before anything is reserved or packed, naming the file and the faults, in the check's words. Warnings do not
 * (A14-dicom-attribute-minor, A14-dicom-encoding by default): the check of the built batch gives them with the build's
 * warnings. Nor does a fault whose rule the user made a warning or turned off: that check judges it so. A file the reader
 * read no data set from (a data set it cannot parse, an Implicit VR one in group 0000 or 0001, an unknown syntax not
 * written as Explicit VR) is refused by its errors whatever their rules: nothing of it can be listed. So is a file
 * without Part 10 header (A14-dicom-part10): a DICOMDIR lists Part 10 files only (PS3.10 §7), and the build packs
 * files as they are.
 */
function refuseCheckErrors(path: string, read: DicomRead, severities: ScanSeverities, retry: Retry): void {
  if (!read.dataSet || !read.header?.part10) {
    const errors = read.problems.filter((p) => p.severity === 'error');
    throw refusal(path, errors.length ? errors : read.problems, retry);
  }
  const problems = read.problems.filter((p) => stopsBuild(RULE_FOR_PROBLEM[p.code], severities));
  const attributes = requiredAttributeFindingsOf(read).filter((f) => stopsBuild(RULE_FOR_ATTRIBUTE[f.severity], severities));
  const errors = [...problems, ...attributes];
  if (errors.length) throw refusal(path, errors, retry);
}

/** What to do about a file with a problem of these codes, where it is more than to export it again; thenAgain ends it. */
const ADVICE: Partial<Record<DicomProblemCode, Bilingual>> = {
  'unknown-transfer-syntax': bi('請轉為標準傳輸語法（例如 dcmconv +te）', 'Convert the file to a standard one (e.g. dcmconv +te)'),
  truncated: bi('請重新複製或匯出', 'Copy or export it again'),
  // Their messages say how to write the file again.
  'deflated-meta-end': bi('改正', 'Mend it'),
  'forbidden-group': bi('改正', 'Mend it'),
};

/** The build packs files as they are and cannot mend one. */
const EXPORT_AGAIN = bi('請從 PACS 或影像設備重新匯出', 'Export it again from the PACS or the modality');

/** The file, what is wrong with it in the check's words, and what to do: the advice of the first fault that has one, or to export it again. */
function refusal(path: string, found: readonly { message: Bilingual; code?: DicomProblemCode }[], retry: Retry): DicomScanError {
  const message = found.length ? joinedFindings(found) : bi('無法讀取 DICOM 檔頭', 'the DICOM header cannot be read');
  const advice = thenAgain(found.map((f) => f.code && ADVICE[f.code]).find((a) => a !== undefined) ?? EXPORT_AGAIN, retry);
  return new DicomScanError(path, message, bi(`${path}：${message['zh-TW']}。${advice['zh-TW']}`, `${path}: ${message.en}. ${advice.en}`));
}

function toInfo(path: string, size: number, ds: DataSet, retry: Retry, hasPixels: boolean): InstanceInfo {
  // The first value with bytes above 7FH under ASCII, named by its element where it is known here (the record keys'
  // own reading does not say which it reads).
  let reading: number | undefined;
  let textRefusal: DicomScanError | undefined;
  const decode = textDecodeOf(path, ds, retry, (refusal) => {
    textRefusal ??= refusal;
  }, (value, set) => {
    textRefusal ??= undeclaredRefusal(path, reading, value, retry, set);
  });
  const text = (t: number): string => {
    const el = ds.elements[tagKey(t)];
    if (!el || el.length === 0) return '';
    const raw = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    reading = t;
    const value = decode(raw);
    reading = undefined;
    return value.replace(/[\0 ]+$/, '').replace(/^ +/, '');
  };
  const ascii = (t: number): string => ds.string(tagKey(t)) ?? '';
  // The data set's own UIDs name the object (its record type follows its class), as dcmmkdir and pydicom's FileSet
  // read them; the meta group's copies only when the data set lacks them (docs/decisions/dicomdir-sop-uids.md).
  const sopClassUid = sopClassOf(ds);
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
    hasPixels,
  };
  if (textRefusal) info.textRefusal = textRefusal;
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

/**
 * A value the DICOMDIR would record whose bytes no declared character set gives characters to: the build does not
 * write a guess (docs/decisions/undeclared-character-set.md). Refused whatever the severities, as an unknown set is.
 */
function undeclaredRefusal(path: string, tag: number | undefined, value: Uint8Array, retry: Retry, set?: GoverningSet): DicomScanError {
  const subject = tag === undefined ? bi('其 DICOMDIR 紀錄的一個值', 'a value of its DICOMDIR record') : bi(elementName(tag), elementName(tag));
  if (set?.defined && utf8AsSingleByteReading(set.term, value) !== undefined) return utf8Refusal(path, subject, value, set.term, retry);
  const t = undeclaredText(subject, value, set);
  const example = tagLabel(tag ?? TAG.PatientName);
  const advice = thenAgain(
    bi(`請由 PACS 以 UTF-8（ISO_IR 192）重新匯出此檔，或把其文字改寫為 UTF-8 並宣告之（例如 dcmodify -i "(0008,0005)=ISO_IR 192" -m "${example}=…"）`, `Export the file again from the PACS in UTF-8 (ISO_IR 192), or write its text in UTF-8 and declare it (e.g. dcmodify -i "(0008,0005)=ISO_IR 192" -m "${example}=…")`),
    retry,
  );
  const why = bi(`${t.zh}，無從得知其文字${t.zhReading}`, `${t.en}, so its text cannot be known${t.enReading}`);
  return new DicomScanError(path, why, bi(
    `${path}：${why['zh-TW']}；建置不會把猜測的文字寫入 DICOMDIR。${advice['zh-TW']}`,
    `${path}: ${why.en}; the build writes no guessed text into the DICOMDIR. ${advice.en}`,
  ));
}

/**
 * A value whose bytes are UTF-8 in a file that declares a single ISO 8859 or TIS 620 term (ISO_IR 100)
 * (utf8AsSingleByteReading): the decoder gives U+FFFD for its bytes above 7FH rather than the set's or windows-1252's
 * reading, which would write mojibake into the DICOMDIR (çŽ‹ for 王, ä¸­ for 中). Declaring the UTF-8 it holds mends it.
 */
function utf8Refusal(path: string, subject: Bilingual, value: Uint8Array, term: string, retry: Retry): DicomScanError {
  const t = utf8AsSingleByteText(subject, value, term);
  const advice = thenAgain(bi(
    '請由 PACS 以 UTF-8 並宣告 ISO_IR 192 重新匯出此檔，或宣告其實際的 UTF-8（dcmodify -i "(0008,0005)=ISO_IR 192"）',
    'Export the file again from the PACS in UTF-8 declared as ISO_IR 192, or declare the UTF-8 it holds (dcmodify -i "(0008,0005)=ISO_IR 192")',
  ), retry);
  const why = bi(t.zh, t.en);
  return new DicomScanError(path, why, bi(
    `${path}：${t.zh}；建置不會把猜測的文字寫入 DICOMDIR。${advice['zh-TW']}`,
    `${path}: ${t.en}; the build writes no guessed text into the DICOMDIR. ${advice.en}`,
  ));
}

/**
 * The file's text decoder. A character set that cannot be decoded is given to `refuse` rather than read as another,
 * and the values are read as ASCII, each byte above 7FH as U+FFFD: no text that could pass as the file's. A value with
 * bytes above 7FH where the set is ASCII is given to `undeclared` (each such byte read as U+FFFD), and so is one whose
 * bytes are no text in the set declared (Big5 under ISO_IR 192: the decoder gives U+FFFD for them), with that set.
 */
function textDecodeOf(path: string, ds: DataSet, retry: Retry, refuse: (refusal: DicomScanError) => void, undeclared: (value: Uint8Array, set?: GoverningSet) => void): TextDecode {
  const value = ds.string(tagKey(TAG.SpecificCharacterSet)) ?? '';
  if (defaultRepertoireOnly(value)) {
    const ascii = decoderFor(value);
    return (bytes) => {
      if (beyondAscii(bytes)) undeclared(bytes);
      return ascii(bytes);
    };
  }
  try {
    const decode = decoderFor(value);
    const set = { term: value.trim(), defined: true };
    const own = WRITTEN_REPLACEMENT.find((b) => decode(b) === REPLACEMENT);
    return (bytes) => {
      const text = decode(bytes);
      if (holdsUnreadable(text, bytes, own)) undeclared(bytes, set);
      return text;
    };
  } catch (e) {
    if (!(e instanceof CharacterSetError)) throw e;
    refuse(unknownSetRefusal(path, e, retry));
    return decoderFor('');
  }
}

const REPLACEMENT = '\ufffd';

/**
 * U+FFFD as UTF-8 and GB18030 write it: there a character, which a conversion writes for one it had none for (a
 * hospital's own 造字), not the decoder's mark of bytes that are no text.
 */
const WRITTEN_REPLACEMENT: readonly Buffer[] = [Buffer.from([0xef, 0xbf, 0xbd]), Buffer.from([0x84, 0x31, 0xa4, 0x37])];

/** Whether `text` has more U+FFFD than `bytes` write as the set writes it (`own`): the decoder's, for bytes that are no text. */
function holdsUnreadable(text: string, bytes: Uint8Array, own: Buffer | undefined): boolean {
  let marks = 0;
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) marks++;
  if (marks === 0 || !own) return marks > 0;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = b.indexOf(own); i >= 0; i = b.indexOf(own, i + own.length)) marks--;
  return marks > 0;
}

/** A file whose Specific Character Set names a term not known, or one this runtime cannot decode. */
function unknownSetRefusal(path: string, e: CharacterSetError, retry: Retry): DicomScanError {
  const why = e.unsupported
    ? bi(`此執行環境無法解碼 Specific Character Set (0008,0005)「${e.term}」`, `the Specific Character Set (0008,0005) "${e.term}" cannot be decoded in this runtime`)
    : e.alone
      ? bi(`Specific Character Set (0008,0005) 的「${e.term}」只能單獨使用，卻與其他值（代碼延伸）並列（PS3.3 C.12.1.1.2）`, `Specific Character Set (0008,0005) holds "${e.term}" beside other values, though it may only stand alone, without code extensions (PS3.3 C.12.1.1.2)`)
      : bi(`不認得的 Specific Character Set (0008,0005)「${e.term}」`, `unknown Specific Character Set (0008,0005) "${e.term}"`);
  const advice = thenAgain(bi('請以 UTF-8（ISO_IR 192）重新匯出，或轉換此檔（例如 dcmconv +U8）', 'Export it again in UTF-8 (ISO_IR 192), or convert the file (e.g. dcmconv +U8)'), retry);
  return new DicomScanError(path, why, bi(
    `${path}：${why['zh-TW']}，無法正確讀出姓名等文字。${advice['zh-TW']}`,
    `${path}: ${why.en}, so its names and other text cannot be read correctly. ${advice.en}`,
  ));
}
