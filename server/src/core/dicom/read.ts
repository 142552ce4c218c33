/**
 * Reads a DICOM file's header with dicom-parser, from the whole file or from a prefix of it.
 *
 * The quick check reads only up to Pixel Data (`untilTag: 'x7fe00010'`). When the bytes given
 * are a prefix of a larger file (`totalSize` > bytes.length) and the header runs past them,
 * the result asks for more (`needMore`) instead of reporting truncation; the caller reads
 * a longer prefix and calls again. Element lengths are checked against the real file size:
 * dicom-parser seeks past the end of its buffer without complaint for implicit VR.
 *
 * Severity decisions (the NHI text asks for DICOM 3.0 conformance):
 * - no Part 10 header (preamble + "DICM" + meta group): error, PS3.10 §7 requires it in a file-set;
 * - Implicit VR Little Endian: conformant, the default transfer syntax; information only;
 * - Explicit VR Big Endian: retired since 2004; readable, warning;
 * - a transfer syntax we do not know: error.
 */
import * as dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { explainFailure, lastElement, parserFailure } from './parser-errors';
import { DataSetInflater, INFLATED_ALREADY, INFLATED_HEADER_LIMIT, namesDeflatedSyntax } from './inflate';
import { problem } from './problems';
import type { DicomProblem } from './problems';
import { CharacterSetError, decoderFor } from './charset';
import { DICOM_VR, PARSER_LONG_VR, TAG, UNDEFINED_LENGTH, tagKey, tagLabel } from './tags';
import { TS, transferSyntaxInfo } from './uids';
import { isValidValue } from './vr-values';
import { framesValue, pixelLengthProblem } from './pixel-length';
import { afterMetaGroup, dataSetReadAsMetaGroup, encodingOf, explicitDataSetInForbiddenGroup, scanStructure } from './structure-scan';
import type { StructureVerdict } from './structure-scan';

const { PixelData: PIXEL_DATA, Item: ITEM, ItemDelimitationItem: ITEM_END, SequenceDelimitationItem: SEQUENCE_END } = TAG;

export interface DicomHeader {
  /** Preamble and "DICM" present. */
  part10: boolean;
  transferSyntaxUid: string;
  mediaStorageSopClassUid?: string;
  mediaStorageSopInstanceUid?: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  modality?: string;
  studyDate?: string;
  patientId?: string;
  patientBirthDate?: string;
  rows?: number;
  columns?: number;
  /** Number of Frames (0028,0008): undefined when absent, null when present but no integer. */
  numberOfFrames?: number | null;
  samplesPerPixel?: number;
  bitsAllocated?: number;
  /** Read only for colour (Samples per Pixel 3), the one case where it changes the bytes an image needs (pixel-length.ts). */
  photometricInterpretation?: string;
  /** Pixel Data (7FE0,0010) seen; its declared length, or null for undefined (encapsulated). */
  pixelData: { offset: number; length: number | null } | null;
}

export interface DicomRead {
  /** Null when nothing useful could be read. */
  header: DicomHeader | null;
  problems: DicomProblem[];
  /** The bytes were a prefix and did not hold the whole header: read at least this many and call again. */
  needMore?: number;
  /** With `dataSet: true`, when the file was read without failure: its whole data set (see ReadDicomOptions.dataSet). */
  dataSet?: DataSet;
}

export interface ReadDicomOptions {
  /** Size of the whole file; defaults to bytes.length (the bytes are the whole file). */
  totalSize?: number;
  /** Stop at Pixel Data (quick check). Default true. */
  untilPixelData?: boolean;
  /** false: always parse with dicom-parser, never with the header walker below (tests compare the two). */
  walker?: boolean;
  /**
   * Also return the data set read (the DICOMDIR reader, with untilPixelData: false): every top-level element,
   * and each top-level sequence's items with their elements as dicom-parser shapes them. The walker skips
   * sequences nested in items; dicom-parser keeps them.
   */
  dataSet?: boolean;
  /**
   * With `dataSet`: the walker notes the items of this table's top-level sequence in it, as positions only,
   * instead of building their elements (the sequence's element then has no items). When dicom-parser reads
   * the file instead, the table stays unwalked and the items are in the data set as before.
   */
  itemTable?: ItemTable;
}

/**
 * The items of one top-level sequence as positions (the DICOMDIR's records): per item, where it lies and
 * where the value of each of `slots`' tags lies, the last of repeated tags winning, as in a data set.
 */
export class ItemTable {
  /**
   * Per item `width` numbers: the offset of the item's value, its length as dicom-parser gives it, 1 for an
   * undefined length, then per slot the value's offset (-1: absent) and length; `used` of them are filled. Every
   * offset and length lies within the bytes the walker holds (a DICOMDIR is read up to MAX_HEADER_BYTES), so 32
   * bits hold it: 4 bytes a number, where an array of numbers took 8.
   */
  private values = new Int32Array(0);
  private used = 0;
  /** Whether the walker read the file and filled the table. */
  walked = false;
  private readonly width: number;

  constructor(
    readonly sequence: number,
    private readonly slots: ReadonlyMap<number, number>,
  ) {
    this.width = 3 + 2 * slots.size;
  }

  get items(): number {
    return this.used / this.width;
  }

  /** The offset of item `i`'s value (past its 8-byte header). */
  itemOffset(i: number): number {
    return this.values[i * this.width];
  }

  /** The offset of the value of `tag` in item `i`, or -1 when the item has none. */
  offset(i: number, tag: number): number {
    return this.values[i * this.width + 3 + 2 * this.slots.get(tag)!];
  }

  length(i: number, tag: number): number {
    return this.values[i * this.width + 4 + 2 * this.slots.get(tag)!];
  }

  clear(): void {
    this.used = 0;
    this.walked = false;
  }

  /** Starts an item; returns where its numbers begin. */
  begin(): number {
    const at = this.used;
    if (at + this.width > this.values.length) {
      const grown = new Int32Array(Math.max(64 * this.width, this.values.length * 2));
      grown.set(this.values.subarray(0, at));
      this.values = grown;
    }
    this.values.fill(-1, at, at + this.width);
    this.used = at + this.width;
    return at;
  }

  note(at: number, tag: number, offset: number, length: number): void {
    const slot = this.slots.get(tag);
    if (slot === undefined) return;
    this.values[at + 3 + 2 * slot] = offset;
    this.values[at + 4 + 2 * slot] = length;
  }

  end(at: number, offset: number, length: number, undefinedLength: boolean): void {
    this.values[at] = offset;
    this.values[at + 1] = length;
    this.values[at + 2] = undefinedLength ? 1 : 0;
  }
}

const ABSURD_LENGTH = 1024 * 1024 * 1024;
/** A header beyond this is not a header we will read (private blobs of this size are not plausible). */
export const MAX_HEADER_BYTES = 64 * 1024 * 1024;
/**
 * More elements than dicom-parser is let build for one file (each is an object and a key: about 300
 * bytes). Headers hold hundreds, an enhanced multi-frame one tens of thousands; empty elements of 8
 * bytes each pack into almost nothing and would take gigabytes.
 */
export const MAX_PARSED_ELEMENTS = 250_000;

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/** Groups a data set without meta group plausibly starts with (meta, directory, identifying, patient). */
const FIRST_GROUPS = new Set([0x0002, 0x0004, 0x0008, 0x0010]);

/** A data set without Part 10 header starts with a low, even group, read in either byte order. */
export function looksLikeDataSet(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  return FIRST_GROUPS.has(bytes[0] | (bytes[1] << 8)) || FIRST_GROUPS.has((bytes[0] << 8) | bytes[1]);
}

/** For a data set without meta group: guess its encoding from the first element. */
export function guessTransferSyntax(bytes: Uint8Array): string {
  if (bytes.length < 8) return TS.ImplicitVRLittleEndian;
  const groupLE = bytes[0] | (bytes[1] << 8);
  const groupBE = (bytes[0] << 8) | bytes[1];
  const explicit = isUpper(bytes[4]) && isUpper(bytes[5]);
  if (explicit && groupBE > 0 && groupBE <= 0x0008 && groupLE > 0x00ff) return TS.ExplicitVRBigEndian;
  return explicit ? TS.ExplicitVRLittleEndian : TS.ImplicitVRLittleEndian;
}

/**
 * dicom-parser's DataSet.string (up to the first NUL, latin1, trimmed), empty as undefined, without its
 * per-character string building (most of the garbage a header read made).
 */
function str(ds: DataSet, t: number): string | undefined {
  const el = ds.elements[tagKey(t)] as (Element & { Value?: string }) | undefined;
  if (!el) return undefined;
  if (el.Value) return el.Value;
  if (el.dataOffset < 0 || el.dataOffset + el.length > ds.byteArray.length) return undefined;
  return valueString(ds.byteArray, el.dataOffset, el.length);
}

/** `str` of a value that lies within `bytes`: latin1 up to the first NUL, trimmed, empty as undefined. */
export function valueString(bytes: Uint8Array, start: number, length: number): string | undefined {
  if (!(length > 0)) return undefined;
  const v = fixedString(bytes, start, length).trim();
  return v === '' ? undefined : v;
}

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;
/** Node's own latin1 decoder of a byte range; it takes any Uint8Array, so no Buffer is made per string. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

/** dicom-parser's readFixedString (latin1, up to the first NUL), without building the string a character at a time. */
export function fixedString(bytes: Uint8Array, position: number, length: number): string {
  const end = Math.min(bytes.length, position + length);
  let stop = position;
  while (stop < end && bytes[stop] !== 0) stop++;
  return latin1(bytes, position, stop);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (latin1Slice) return latin1Slice.call(bytes, start, end);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/**
 * A US (2 bytes) or UL (4 bytes) value, or undefined when the element is absent, shorter, or its value
 * lies past the bytes (dicom-parser's uint16/uint32 throw there).
 */
function uint(ds: DataSet, t: number, size: 2 | 4): number | undefined {
  const key = tagKey(t);
  const el = ds.elements[key];
  if (!el || el.length < size || el.dataOffset < 0 || el.dataOffset + size > ds.byteArray.length) return undefined;
  return size === 2 ? ds.uint16(key) : ds.uint32(key);
}

/** For the DICOMDIR reader: the same bounded reads of a record's values. */
export { str as elementString, uint as elementUint };

/** Elements (top level) whose value runs past `limit`, in file order. */
export function overrunning(ds: DataSet, limit: number, skip: string): Element | undefined {
  let worst: Element | undefined;
  for (const key in ds.elements) {
    if (key === skip) continue;
    const el = ds.elements[key];
    if (el.length === UNDEFINED_LENGTH || el.hadUndefinedLength) continue;
    if (el.dataOffset + el.length > limit && (!worst || el.dataOffset < worst.dataOffset)) worst = el;
  }
  return worst;
}

function labelOf(el: Element): string {
  return tagLabel(parseInt(el.tag.slice(1), 16));
}

export function lengthProblem(el: Element, totalSize: number): DicomProblem {
  const remaining = Math.max(0, totalSize - el.dataOffset);
  const tagText = labelOf(el);
  // Over 1 GiB (no plausible element of an upload) and past the end: a corrupt length, not a short file.
  if (el.length > ABSURD_LENGTH && el.length > totalSize) {
    return problem(
      'absurd-length',
      'error',
      `資料元素 ${tagText} 宣告長度 ${el.length} 位元組，但檔案只剩 ${remaining} 位元組：長度不合理，檔案毀損`,
      `element ${tagText} declares ${el.length} bytes but only ${remaining} remain in the file: absurd length, the file is corrupt`,
    );
  }
  return problem(
    'truncated',
    'error',
    `檔案在資料元素 ${tagText} 中途結束（宣告 ${el.length} 位元組，只剩 ${remaining}）：檔案不完整`,
    `the file ends inside element ${tagText} (declares ${el.length} bytes, ${remaining} remain): the file is truncated`,
  );
}

const REQUIRED_META: readonly (readonly [number, string])[] = [
  [TAG.MediaStorageSOPClassUID, '(0002,0002) Media Storage SOP Class UID'],
  [TAG.MediaStorageSOPInstanceUID, '(0002,0003) Media Storage SOP Instance UID'],
  [TAG.TransferSyntaxUID, '(0002,0010) Transfer Syntax UID'],
];

function metaProblems(ds: DataSet): DicomProblem[] {
  const groupLengthEl = ds.elements[tagKey(TAG.FileMetaInformationGroupLength)];
  let groupLength: { declared: number; actual: number } | null = null;
  if (groupLengthEl) {
    let end = -Infinity;
    for (const key in ds.elements) {
      if (!key.startsWith('x0002')) continue;
      const el = ds.elements[key];
      end = Math.max(end, el.dataOffset + el.length);
    }
    groupLength = { declared: uint(ds, TAG.FileMetaInformationGroupLength, 4) ?? 0, actual: end - (groupLengthEl.dataOffset + 4) };
  }
  return metaProblemsOf(REQUIRED_META.map(([t]) => str(ds, t)), groupLength);
}

/**
 * The meta group's problems from its required values (REQUIRED_META's order) and its group length, declared
 * and counted from past (0002,0000) to the end of the meta group's last element; null when (0002,0000) is absent.
 */
function metaProblemsOf(required: readonly (string | undefined)[], groupLength: { declared: number; actual: number } | null): DicomProblem[] {
  const out: DicomProblem[] = [];
  let missing: string[] | undefined;
  for (let i = 0; i < REQUIRED_META.length; i++) if (!required[i]) (missing ??= []).push(REQUIRED_META[i][1]);
  if (missing) {
    out.push(problem('meta-incomplete', 'error', `Part 10 檔頭缺少 ${missing.join('、')}`, `the Part 10 meta group lacks ${missing.join(', ')}`));
  }
  if (!groupLength) {
    out.push(problem('meta-group-length', 'warning', 'Part 10 檔頭缺少 (0002,0000) 群組長度', 'the Part 10 meta group lacks its group length (0002,0000)'));
  } else if (groupLength.declared !== groupLength.actual) {
    const { declared, actual } = groupLength;
    out.push(problem('meta-group-length', 'warning', `(0002,0000) 群組長度為 ${declared}，實際為 ${actual}`, `group length (0002,0000) says ${declared}, the meta group has ${actual} bytes`));
  }
  return out;
}

/**
 * A transfer syntax we do not know whose data set is not Explicit VR Little Endian either (by its first
 * element), such as GE's private Implicit VR Little Endian with big-endian pixel data (1.2.840.113619.5.2,
 * dcmconv +tg): read as Explicit VR, its elements would be garbage and the file called corrupt.
 */
function unreadableSyntax(bytes: Uint8Array, shape: { start: number; transferSyntaxUid: string }): boolean {
  const uid = shape.transferSyntaxUid;
  if (!uid || transferSyntaxInfo(uid) || shape.start + 8 > bytes.length) return false;
  return guessTransferSyntax(bytes.subarray(shape.start)) !== TS.ExplicitVRLittleEndian;
}

function unknownSyntaxUnreadable(uid: string): DicomProblem {
  return problem(
    'unknown-transfer-syntax',
    'error',
    `不認得的傳輸語法 ${uid}：不是 DICOM 標準的傳輸語法，資料集也不是 Explicit VR Little Endian，無法判讀；請轉為標準傳輸語法`,
    `unknown transfer syntax ${uid}: not a DICOM standard transfer syntax, and the data set is not Explicit VR Little Endian, so it cannot be read; convert the file to a standard transfer syntax`,
  );
}

function transferSyntaxProblems(uid: string): DicomProblem[] {
  const info = transferSyntaxInfo(uid);
  if (!info) {
    return [problem('unknown-transfer-syntax', 'error', `不認得的傳輸語法 ${uid}：不是 DICOM 標準的傳輸語法`, `unknown transfer syntax ${uid}: not a DICOM standard transfer syntax`)];
  }
  if (uid === TS.ExplicitVRBigEndian) {
    return [problem('big-endian', 'warning', 'Explicit VR Big Endian (1.2.840.10008.1.2.2) 已自 DICOM 標準退役', 'Explicit VR Big Endian (1.2.840.10008.1.2.2) is retired from DICOM')];
  }
  if (uid === TS.ImplicitVRLittleEndian) {
    return [problem('implicit-vr', 'information', 'Implicit VR Little Endian：符合 DICOM 標準，可接受', 'Implicit VR Little Endian: conformant to DICOM, accepted')];
  }
  if (info.retired) {
    return [problem('retired-transfer-syntax', 'warning', `傳輸語法 ${uid}（${info.name}）已退役`, `transfer syntax ${uid} (${info.name}) is retired`)];
  }
  return [];
}

/**
 * A value of a text VR affected by Specific Character Set (0008,0005) (LO, PN, SH...), decoded by it: an ID
 * written in UTF-8, GB18030 or ISO 2022 reads as its characters, not as Latin-1 bytes. A value of ASCII
 * bytes only, or one under a set we cannot decode, reads as before (Latin-1).
 */
function text(ds: DataSet, t: number): string | undefined {
  const latin = str(ds, t);
  const el = ds.elements[tagKey(t)];
  return latin && decodedText(latin, ds.byteArray, el.dataOffset, el.length, () => str(ds, TAG.SpecificCharacterSet));
}

/** `text` of a value whose Latin-1 reading is `latin`, at [start, start + length) of `bytes`; `charset`: the Specific Character Set's value. */
function decodedText(latin: string, bytes: Uint8Array, start: number, length: number, charset: () => string | undefined): string | undefined {
  // ISO 2022 sets switch with ESC and then use ASCII bytes.
  if (!/[\x1b\x80-\xff]/.test(latin)) return latin;
  let decode;
  try {
    decode = decoderFor(charset() ?? '');
  } catch (e) {
    if (e instanceof CharacterSetError) return latin;
    throw e;
  }
  const value = bytes.subarray(start, start + length);
  const stop = value.indexOf(0);
  const v = decode(stop < 0 ? value : value.subarray(0, stop)).trim();
  return v === '' ? undefined : v;
}

/**
 * A DA value; the ACR-NEMA form yyyy.mm.dd, which PS3.5 §6.2 asks readers to accept, as yyyymmdd when it names a
 * day. One that names none (XMedCon's ACR-NEMA files write 0000.00.00 for an unknown date) stays as the file has it,
 * so that a finding quotes what the file holds.
 */
function date(ds: DataSet, t: number): string | undefined {
  return dateValue(str(ds, t));
}

function dateValue(v: string | undefined): string | undefined {
  const old = v && /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(v);
  const day = old && old[1] + old[2] + old[3];
  return day && isValidValue('DA', day) ? day : v;
}

function headerOf(ds: DataSet, part10: boolean, transferSyntaxUid: string): DicomHeader {
  const pixel = ds.elements.x7fe00010;
  const frames = str(ds, TAG.NumberOfFrames);
  const samplesPerPixel = uint(ds, TAG.SamplesPerPixel, 2);
  return {
    part10,
    transferSyntaxUid,
    mediaStorageSopClassUid: str(ds, TAG.MediaStorageSOPClassUID),
    mediaStorageSopInstanceUid: str(ds, TAG.MediaStorageSOPInstanceUID),
    sopClassUid: str(ds, TAG.SOPClassUID),
    sopInstanceUid: str(ds, TAG.SOPInstanceUID),
    studyInstanceUid: str(ds, TAG.StudyInstanceUID),
    seriesInstanceUid: str(ds, TAG.SeriesInstanceUID),
    modality: str(ds, TAG.Modality),
    studyDate: date(ds, TAG.StudyDate),
    patientId: text(ds, TAG.PatientID),
    patientBirthDate: date(ds, TAG.PatientBirthDate),
    rows: uint(ds, TAG.Rows, 2),
    columns: uint(ds, TAG.Columns, 2),
    numberOfFrames: framesValue(frames, ds.elements[tagKey(TAG.NumberOfFrames)] !== undefined),
    samplesPerPixel,
    bitsAllocated: uint(ds, TAG.BitsAllocated, 2),
    photometricInterpretation: samplesPerPixel === 3 ? str(ds, TAG.PhotometricInterpretation) : undefined,
    pixelData: pixel ? { offset: pixel.dataOffset, length: pixel.hadUndefinedLength || pixel.length === UNDEFINED_LENGTH ? null : pixel.length } : null,
  };
}

function moreThan(have: number, totalSize: number): number {
  return Math.min(totalSize, Math.max(have * 4, 256 * 1024));
}

/** Top-level tags the header needs besides the meta group (headerOf reads nothing else). */
const WANTED: ReadonlySet<number> = new Set([
  TAG.SOPClassUID, TAG.SOPInstanceUID, TAG.StudyInstanceUID, TAG.SeriesInstanceUID, TAG.Modality, TAG.StudyDate,
  TAG.PatientID, TAG.PatientBirthDate, TAG.Rows, TAG.Columns, TAG.NumberOfFrames, TAG.SpecificCharacterSet,
  TAG.SamplesPerPixel, TAG.BitsAllocated, TAG.PhotometricInterpretation,
]);
const LONG_VR = PARSER_LONG_VR;
const UNLISTED_LONG_VR = new Set(['OV', 'SV', 'UV']);
const MAX_NESTING = 16;
const TS_NOT_EXPLICIT_LE = new Set<string>([TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian, TS.DeflatedExplicitVRLittleEndian]);
const DataSetClass = (dicomParser as unknown as { DataSet: new (parser: unknown, bytes: Uint8Array, elements: Record<string, Element>) => DataSet }).DataSet;

/** The values `locate` finds, by name, in slot order: the meta group's, then those headerOf reads, then Pixel Data. */
const SLOTTED_BY_NAME = {
  groupLength: TAG.FileMetaInformationGroupLength,
  mediaStorageSopClassUid: TAG.MediaStorageSOPClassUID,
  mediaStorageSopInstanceUid: TAG.MediaStorageSOPInstanceUID,
  transferSyntaxUid: TAG.TransferSyntaxUID,
  sopClassUid: TAG.SOPClassUID,
  sopInstanceUid: TAG.SOPInstanceUID,
  studyInstanceUid: TAG.StudyInstanceUID,
  seriesInstanceUid: TAG.SeriesInstanceUID,
  modality: TAG.Modality,
  studyDate: TAG.StudyDate,
  patientId: TAG.PatientID,
  patientBirthDate: TAG.PatientBirthDate,
  rows: TAG.Rows,
  columns: TAG.Columns,
  numberOfFrames: TAG.NumberOfFrames,
  specificCharacterSet: TAG.SpecificCharacterSet,
  samplesPerPixel: TAG.SamplesPerPixel,
  bitsAllocated: TAG.BitsAllocated,
  photometricInterpretation: TAG.PhotometricInterpretation,
  pixelData: PIXEL_DATA,
} as const;
const SLOTTED: readonly number[] = Object.values(SLOTTED_BY_NAME);
/** The slot of each value quickRead takes, by name: read for every header, so known here rather than looked up in SLOT each time. */
const AT = Object.fromEntries(Object.keys(SLOTTED_BY_NAME).map((name, slot) => [name, slot])) as Record<keyof typeof SLOTTED_BY_NAME, number>;
const SLOT: ReadonlyMap<number, number> = new Map(SLOTTED.map((t, i) => [t, i]));
const SLOT_TS = SLOT.get(TAG.TransferSyntaxUID)!;
/** SLOTTED's tags in ascending order, and the slot of each. */
const SLOT_TAGS: readonly number[] = [...SLOTTED].sort((a, b) => a - b);
const SLOT_OF_TAG: readonly number[] = SLOT_TAGS.map((t) => SLOT.get(t)!);
/** Where `locate` notes the values of one header (a header is read to its end before the next starts). */
const located = new Float64Array(2 * SLOTTED.length);

/**
 * How many headers each reader took (tests check that well-formed files do not reach dicom-parser); `onePass`:
 * those of the walker read to Pixel Data without building a DataSet (quickRead).
 */
export const headerReaders = { walker: 0, dicomParser: 0, onePass: 0 };

/** A two-letter VR as a number 0..675 (A-Z, A-Z); VR_NAMES gives back its text without making a string per element. */
const VR_NAMES: readonly string[] = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(0x41 + Math.floor(i / 26), 0x41 + (i % 26)));
const vrCode = (vr: string): number => (vr.charCodeAt(0) - 0x41) * 26 + (vr.charCodeAt(1) - 0x41);
/**
 * Per VR code: 0 a 2-byte length, 1 a 4-byte length (dicom-parser's list), 2 a 4-byte length dicom-parser does not
 * list, 3 no VR DICOM defines (both left to dicom-parser).
 */
const VR_LENGTH_KIND = new Uint8Array(26 * 26).fill(3);
for (const vr of DICOM_VR) VR_LENGTH_KIND[vrCode(vr)] = 0;
for (const vr of LONG_VR) VR_LENGTH_KIND[vrCode(vr)] = 1;
for (const vr of UNLISTED_LONG_VR) VR_LENGTH_KIND[vrCode(vr)] = 2;
const VR_SQ = vrCode('SQ');

function elementOf(tag: number, vr: number, length: number, dataOffset: number): Element {
  const el = { tag: tagKey(tag), vr: VR_NAMES[vr], length, dataOffset } as Element;
  if (length === UNDEFINED_LENGTH) el.hadUndefinedLength = true;
  return el;
}

/** Groups 0001, 0003, 0005, 0007 and FFFF, which PS3.5 §7.1 says shall not be used (the other odd groups are private). */
function forbiddenGroup(group: number): boolean {
  return (group & 1) === 1 && (group < 0x0008 || group === 0xffff);
}

/**
 * Faults of the encoding itself in what was read (PS3.5 §6.2, §7.1.1):
 * - the elements and items whose value length is odd, where PS3.5 §7.1.1 asks for even lengths (a value is padded
 *   to one): the first in the file, and how many. dcmtk and pydicom read such a file with a warning; dciodvfy
 *   reports it as an error. Undefined lengths (FFFFFFFFH) are not lengths;
 * - the items of encapsulated Pixel Data (its Basic Offset Table and fragments) whose length is odd, where PS3.5
 *   §A.4 asks for even ones: the first, and how many. dcmtk and dciodvfy warn, pydicom reads them. Seen where
 *   dicom-parser read the fragments: the full check's, not the quick check's (it stops at the Pixel Data's header);
 * - the elements whose tag is not above the one before them in their data set or item (PS3.5 §7.1: ascending,
 *   each once; a bit flipped in a tag, mostly): the first, and how many. dcmtk and pydicom read them; dciodvfy
 *   reads no further ("Tags out of order - trailing garbage").
 * - the first element written with a VR DICOM does not define (a bit flipped in it, mostly): dcmtk and dciodvfy
 *   stop reading there, pydicom too in the data set (not in the meta group). The header walker leaves such a file to dicom-parser, which reads the VR as one with
 *   a 2-byte length, so only a data set dicom-parser read is searched for them.
 * - the elements in a group PS3.5 §7.1 does not allow (0001, 0003, 0005, 0007, FFFF), at any depth: the first, and
 *   how many. dcmtk and pydicom read them; dciodvfy says "Bad group" and reads on. One of group 0001 that starts an
 *   Explicit VR data set is the error `forbidden-group` instead (`skipAt`).
 */
class EncodingFaults {
  /** Elements and items of odd value length: where, the tag, the length. */
  readonly oddLength = new FirstFault<{ at: number; tag: number; length: number }>();
  readonly unknownVr = new FirstFault<{ at: number; tag: number; vr: string }>();
  /** Elements out of tag order: where, the tag, the tag before it. */
  readonly disorder = new FirstFault<{ at: number; tag: number; after: number }>();
  /** Elements in a group DICOM does not allow: where, the tag. */
  readonly badGroup = new FirstFault<{ at: number; tag: number }>();
  /** Items of encapsulated Pixel Data of odd length: where, which (0: the Basic Offset Table, n: fragment n), the length. */
  readonly oddFragment = new FirstFault<{ at: number; index: number; length: number }>();
  /** Where the element the `forbidden-group` error names starts: not counted again here. */
  skipAt = -1;

  note(at: number, tag: number, length: number): void {
    this.oddLength.add({ at, tag, length });
  }

  inBadGroup(at: number, tag: number): void {
    if (at !== this.skipAt) this.badGroup.add({ at, tag });
  }

  unordered(at: number, tag: number, after: number): void {
    this.disorder.add({ at, tag, after });
  }

  /**
   * Notes those of a data set dicom-parser read (its items' too); an element starts 8 bytes before its value, 12 for
   * an explicit VR with a 4-byte length. Elements whose value starts before `from` are not looked at.
   */
  inDataSet(ds: DataSet, from: number): void {
    const order: { at: number; tag: number }[] = [];
    for (const key in ds.elements) {
      const el = ds.elements[key];
      // Not `< from`: the Transfer Syntax UID dicom-parser makes up for a file without meta group lies nowhere.
      if (!(el.dataOffset >= from)) continue;
      const tag = parseInt(key.slice(1), 16);
      // Where the element starts (a VR DICOM does not define is read with a 2-byte length).
      const at = el.dataOffset - (el.vr && LONG_VR.has(el.vr) ? 12 : 8);
      order.push({ at, tag });
      if (forbiddenGroup(tag >>> 16)) this.inBadGroup(at, tag);
      if (!el.hadUndefinedLength && el.length !== UNDEFINED_LENGTH && (el.length & 1) === 1) this.note(at, tag, el.length);
      if (el.vr && !DICOM_VR.has(el.vr)) this.unknownVr.add({ at, tag, vr: el.vr });
      if (el.fragments) this.inFragments(ds.byteArray, el);
      if (!el.items) continue;
      for (const item of el.items) {
        if (!item.hadUndefinedLength && (item.length & 1) === 1) this.note(item.dataOffset - 8, ITEM, item.length);
        if (item.dataSet) this.inDataSet(item.dataSet, from);
      }
    }
    order.sort((a, b) => a.at - b.at);
    for (let i = 1; i < order.length; i++) {
      // The meta group is not part of the data set: the data set's first element is not held to its last.
      const metaEnd = order[i - 1].tag >>> 16 === 0x0002 && order[i].tag >>> 16 !== 0x0002;
      if (order[i].tag <= order[i - 1].tag && !metaEnd) this.unordered(order[i].at, order[i].tag, order[i - 1].tag);
    }
  }

  /**
   * Notes the odd items of encapsulated Pixel Data dicom-parser read: the Basic Offset Table item at the value's start
   * (its length read from the bytes: dicom-parser keeps only the offsets), then each fragment.
   */
  private inFragments(bytes: Uint8Array, el: Element): void {
    if (el.dataOffset + 8 <= bytes.length) {
      const tableLength = uint32At(bytes, el.dataOffset + 4);
      if ((tableLength & 1) === 1) this.oddFragment.add({ at: el.dataOffset, index: 0, length: tableLength });
    }
    el.fragments!.forEach((fragment, i) => {
      if ((fragment.length & 1) === 1) this.oddFragment.add({ at: fragment.position - 8, index: i + 1, length: fragment.length });
    });
  }

  problemInto(problems: DicomProblem[]): void {
    const unknown = this.unknownVr.first;
    if (unknown) {
      const label = tagLabel(unknown.tag);
      problems.push(problem(
        'unknown-vr',
        'error',
        `位元組 ${unknown.at} 的資料元素 ${label} 以 DICOM 未定義的值表示法（VR）「${unknown.vr}」寫成（PS3.5 §6.2）；dcmtk 與 dciodvfy 讀到此處即無法再讀`,
        `element ${label} at byte ${unknown.at} is written with the VR "${unknown.vr}", which DICOM does not define (PS3.5 §6.2); dcmtk and dciodvfy stop reading the file there`,
      ));
    }
    const disorder = this.disorder.first;
    if (disorder) {
      const label = tagLabel(disorder.tag);
      const after = tagLabel(disorder.after);
      const more = this.disorder.count - 1;
      problems.push(problem(
        'tag-order',
        'warning',
        `位元組 ${disorder.at} 的資料元素 ${label} 排在 ${after} 之後，資料集的元素須依標籤遞增排列（PS3.5 §7.1）${more ? `；另有 ${more} 個元素亦同` : ''}`,
        `element ${label} at byte ${disorder.at} comes after ${after}, where the elements of a data set ascend by tag (PS3.5 §7.1)${more ? `; so ${more === 1 ? 'does 1 more element' : `do ${more} more elements`}` : ''}`,
      ));
    }
    const bad = this.badGroup.first;
    if (bad) {
      const label = tagLabel(bad.tag);
      const group = label.slice(1, 5);
      const more = this.badGroup.count - 1;
      problems.push(problem(
        'bad-group',
        'warning',
        `位元組 ${bad.at} 的資料元素 ${label} 屬於 DICOM 不允許使用的群組 ${group}（PS3.5 §7.1）${more ? `；另有 ${more} 個元素亦同` : ''}`,
        `element ${label} at byte ${bad.at} is in group ${group}, which DICOM does not allow (PS3.5 §7.1)${more ? `; so ${more === 1 ? 'is 1 more element' : `are ${more} more elements`}` : ''}`,
      ));
    }
    const fragment = this.oddFragment.first;
    if (fragment) {
      const more = this.oddFragment.count - 1;
      const zhWhich = fragment.index === 0 ? '基本偏移表（Basic Offset Table）項目' : `第 ${fragment.index} 個片段（fragment）`;
      const enWhich = fragment.index === 0 ? 'the Basic Offset Table item' : `fragment ${fragment.index}`;
      problems.push(problem(
        'odd-fragment',
        'warning',
        `封裝的像素資料 (7FE0,0010) 中位元組 ${fragment.at} 的${zhWhich}長度為奇數 ${fragment.length} 位元組，其項目長度須為偶數（PS3.5 §A.4）${more ? `；另有 ${more} 個項目亦同` : ''}`,
        `${enWhich} of the encapsulated Pixel Data (7FE0,0010), the item at byte ${fragment.at}, has an odd length, ${fragment.length} bytes, where its items have even lengths (PS3.5 §A.4)${more ? `; so ${more === 1 ? 'has 1 more item' : `have ${more} more items`}` : ''}`,
      ));
    }
    const odd = this.oddLength.first;
    if (!odd) return;
    const label = tagLabel(odd.tag);
    const more = this.oddLength.count - 1;
    problems.push(problem(
      'odd-length',
      'warning',
      `位元組 ${odd.at} 的資料元素 ${label} 值長度為奇數 ${odd.length} 位元組，DICOM 的值長度須為偶數（PS3.5 §7.1.1）${more ? `；另有 ${more} 個元素亦同` : ''}`,
      `element ${label} at byte ${odd.at} has an odd value length, ${odd.length} bytes, where DICOM value lengths are even (PS3.5 §7.1.1)${more ? `; so ${more === 1 ? 'has 1 more element' : `have ${more} more elements`}` : ''}`,
    ));
  }
}

/** Of faults found in any order, the first in the file (by byte), and how many there are. */
class FirstFault<T extends { at: number }> {
  first: T | undefined;
  count = 0;

  add(fault: T): void {
    this.count++;
    if (!this.first || fault.at < this.first.at) this.first = fault;
  }
}

/**
 * A minimal reader of Part 10 headers in explicit VR little endian, the encoding of nearly every upload:
 * it walks the elements from the meta group to Pixel Data (7FE0,0010), skipping sequences item by item,
 * and keeps only the elements the header needs (for the DICOMDIR reader: all top-level elements, its
 * records noted in an ItemTable), in a dicom-parser DataSet, so the same code reads them. Read to Pixel
 * Data for the quick check, it builds no DataSet at all (locate, quickRead).
 * dicom-parser built an object and a key string for every element of every file, nested items included,
 * which made it most of the quick check's time. Anything unusual (implicit VR, big endian, deflate,
 * undefined lengths outside sequences, an element or item past the bytes held, an unknown VR, a prefix
 * that ends before Pixel Data) returns null and dicom-parser reads the file as before: its findings for
 * bad input stay exactly what they were, and a test compares the two readers on well-formed and broken files.
 */
class HeaderWalker {
  private readonly dv: DataView;
  private readonly n: number;
  readonly elements: Record<string, Element> = {};
  /** The element header last read by `head`: its tag, VR code, value length and value offset. */
  private tag = 0;
  private vr = 0;
  private length = 0;
  private dataOffset = 0;
  /**
   * Top-level elements, items of top-level sequences and elements kept from items: past MAX_PARSED_ELEMENTS the
   * walker gives up, and the structure scan reports the file. Elements nested in items are skipped, not built,
   * when not kept: an enhanced multi-frame header holds hundreds of thousands of them.
   */
  private count = 0;
  /** Elements and items whose value length is odd (PS3.5 §7.1.1), of those the walker read. */
  readonly faults = new EncodingFaults();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly table?: ItemTable,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.n = bytes.length;
  }

  /** Reads the explicit VR little endian element header at `pos` into tag/vr/length/dataOffset; false when it is not one the walker accepts. */
  private head(pos: number): boolean {
    if (pos + 8 > this.n) return false;
    const b = this.bytes;
    const v0 = b[pos + 4];
    const v1 = b[pos + 5];
    if (v0 < 0x41 || v0 > 0x5a || v1 < 0x41 || v1 > 0x5a) return false;
    const vr = (v0 - 0x41) * 26 + (v1 - 0x41);
    const kind = VR_LENGTH_KIND[vr];
    if (kind >= 2) return false;
    if (kind === 1) {
      if (pos + 12 > this.n) return false;
      this.length = this.dv.getUint32(pos + 8, true);
      this.dataOffset = pos + 12;
    } else {
      this.length = this.dv.getUint16(pos + 6, true);
      this.dataOffset = pos + 8;
    }
    this.tag = this.tagAt(pos);
    this.vr = vr;
    if ((this.length & 1) === 1 && this.length !== UNDEFINED_LENGTH) this.faults.note(pos, this.tag, this.length);
    if (forbiddenGroup(this.tag >>> 16)) this.faults.inBadGroup(pos, this.tag);
    return true;
  }

  /** Keeps the element header last read. */
  private keep(): Element {
    return (this.elements[tagKey(this.tag)] = elementOf(this.tag, this.vr, this.length, this.dataOffset));
  }

  private tooMany(): boolean {
    return ++this.count > MAX_PARSED_ELEMENTS;
  }

  private tagAt(pos: number): number {
    return ((this.dv.getUint16(pos, true) << 16) | this.dv.getUint16(pos + 2, true)) >>> 0;
  }

  /** The tag at `pos` (at least 4 bytes there), noted when not above `prev`, the tag before it in its data set or item (-1: none). */
  private inOrder(pos: number, prev: number): number {
    if (pos + 4 > this.n) return prev;
    const tag = this.tagAt(pos);
    if (tag <= prev) this.faults.unordered(pos, tag, prev);
    return tag;
  }

  /**
   * Past one element inside a sequence item (no Pixel Data stop there), or -1; unless a sequence, kept in
   * `into`, or noted in the item table's row `row` (≥ 0).
   */
  private skipElement(pos: number, depth: number, into?: Record<string, Element>, row = -1): number {
    if (!this.head(pos) || this.tag >>> 16 === 0xfffe) return -1;
    if (this.vr === VR_SQ) return this.skipSequence(this.length, this.dataOffset, depth + 1);
    if (this.length === UNDEFINED_LENGTH || this.dataOffset + this.length > this.n) return -1;
    if (into || row >= 0) {
      if (this.tooMany()) return -1;
      if (into) into[tagKey(this.tag)] = elementOf(this.tag, this.vr, this.length, this.dataOffset);
      else this.table!.note(row, this.tag, this.dataOffset, this.length);
    }
    return this.dataOffset + this.length;
  }

  /**
   * Past the value of a sequence whose header declared `length` at `dataOffset` (defined or undefined length),
   * or -1; with `items`, its items are pushed there; with `tabled`, noted in the item table.
   */
  private skipSequence(sqLength: number, sqOffset: number, depth: number, items?: Element[], tabled = false): number {
    if (depth > MAX_NESTING) return -1;
    const defined = sqLength !== UNDEFINED_LENGTH;
    const end = defined ? sqOffset + sqLength : this.n;
    if (end > this.n) return -1;
    let pos = sqOffset;
    for (;;) {
      if (defined && pos === end) return pos;
      if (pos + 8 > end) return -1;
      const tag = this.tagAt(pos);
      const length = this.dv.getUint32(pos + 4, true);
      if (!defined && tag === SEQUENCE_END) return length === 0 ? pos + 8 : -1;
      if (tag !== ITEM || (depth === 1 && this.tooMany())) return -1;
      if ((length & 1) === 1 && length !== UNDEFINED_LENGTH) this.faults.note(pos, tag, length);
      pos += 8;
      const itemStart = pos;
      const elements: Record<string, Element> | undefined = items && {};
      const row = tabled ? this.table!.begin() : -1;
      let prev = -1;
      if (length === UNDEFINED_LENGTH) {
        for (;;) {
          if (pos + 8 > end) return -1;
          if (this.tagAt(pos) === ITEM_END) {
            if (this.dv.getUint32(pos + 4, true) !== 0) return -1;
            pos += 8;
            break;
          }
          prev = this.inOrder(pos, prev);
          pos = this.skipElement(pos, depth, elements, row);
          if (pos < 0) return -1;
        }
      } else {
        const itemEnd = pos + length;
        if (itemEnd > end) return -1;
        while (pos < itemEnd) {
          prev = this.inOrder(pos, prev);
          pos = this.skipElement(pos, depth, elements, row);
          if (pos < 0 || pos > itemEnd) return -1;
        }
      }
      if (row >= 0) this.table!.end(row, itemStart, length === UNDEFINED_LENGTH ? pos - itemStart : length, length === UNDEFINED_LENGTH);
      if (items && elements) {
        // dicom-parser's item: the length of an undefined-length one counts up to past its delimiter.
        const item = { tag: 'xfffee000', length: length === UNDEFINED_LENGTH ? pos - itemStart : length, dataOffset: itemStart, dataSet: this.dataSet(elements) } as Element;
        if (length === UNDEFINED_LENGTH) item.hadUndefinedLength = true;
        items.push(item);
      }
    }
  }

  /**
   * The DataSet up to Pixel Data (`untilPixelData`), or of the whole file (then only when the bytes are
   * the whole file), or null to leave the file to dicom-parser. `keepAll`: see ReadDicomOptions.dataSet.
   */
  walk(complete: boolean, untilPixelData: boolean, keepAll: boolean): DataSet | null {
    let pos = 132;
    let prev = -1;
    // The meta group (0002,xxxx); dicom-parser ends it at the first tag above group 2.
    for (;;) {
      // Ending with the meta group: dicom-parser fails to start the data set ("position ... cannot be
      // greater than or equal to ... length"); its message is the finding.
      if (pos + 8 > this.n) return null;
      const group = this.dv.getUint16(pos, true);
      if (group !== 0x0002) {
        if (group < 0x0002) return null;
        break;
      }
      if (!this.head(pos) || this.vr === VR_SQ || this.length === UNDEFINED_LENGTH || this.dataOffset + this.length > this.n) return null;
      prev = this.inOrder(pos, prev);
      this.keep();
      pos = this.dataOffset + this.length;
    }
    const ts = this.elements.x00020010;
    if (!ts || ts.length === 0) return null;
    const raw = fixedString(this.bytes, ts.dataOffset, ts.length);
    if (TS_NOT_EXPLICIT_LE.has(raw)) return null;
    let first = true;
    while (pos < this.n) {
      if (!this.head(pos) || this.tooMany()) return null;
      const { tag, length, dataOffset } = this;
      if (tag <= prev) this.faults.unordered(pos, tag, prev);
      prev = tag;
      const group = tag >>> 16;
      if (group === 0x0002 || group === 0xfffe) return null;
      if (tag === PIXEL_DATA && untilPixelData) {
        // dicom-parser's meta loop reads the first element after the meta group whole (encapsulated
        // fragments included) before it stops: leave that rare layout to it.
        if (first) return null;
        this.keep();
        return this.dataSet(this.elements);
      }
      first = false;
      // A later element of the table's tag replaces an earlier one, as in the data set.
      const tabled = keepAll && this.table?.sequence === tag;
      if (tabled) this.table!.clear();
      if (this.vr === VR_SQ) {
        const items = keepAll && !tabled ? [] : undefined;
        pos = this.skipSequence(length, dataOffset, 1, items, tabled);
        if (pos < 0) return null;
        if (keepAll) {
          const sq = (this.elements[tagKey(tag)] = elementOf(tag, VR_SQ, length, dataOffset));
          if (items) sq.items = items;
          // As dicom-parser: an undefined length becomes the items' length, without the delimiter.
          if (sq.hadUndefinedLength) sq.length = pos - 8 - dataOffset;
        }
        continue;
      }
      if (length === UNDEFINED_LENGTH || dataOffset + length > this.n) return null;
      if (keepAll || WANTED.has(tag) || tag === PIXEL_DATA) this.keep();
      pos = dataOffset + length;
    }
    if (!complete) return null;
    return this.dataSet(this.elements);
  }

  /**
   * `walk(false, true, false)` reduced to what the header needs: where each value of SLOT lies (its offset at
   * 2 × slot, its length after it, in `found`; -1 where absent, the last of repeated tags winning, as in the
   * elements walk keeps); returns where the meta group ends. No element, key or DataSet is made. -1 wherever
   * walk gives null, and also when the bytes end before Pixel Data (walk's data set of a whole file).
   */
  locate(found: Float64Array): number {
    // One loop with the element header read into locals (as `head` reads it) and the slots found by stepping
    // through SLOT_TAGS: run for every element of every header, mostly before V8 has optimised it, where each
    // call, field and Map lookup per element costs more than the walk itself.
    found.fill(-1);
    const b = this.bytes;
    const n = this.n;
    let count = this.count;
    let pos = 132;
    let metaEnd = -1;
    let first = true;
    let next = 0;
    let lastTag = 0;
    for (;;) {
      if (pos + 8 > n) return -1;
      const group = b[pos] | (b[pos + 1] << 8);
      if (metaEnd < 0 && group !== 0x0002) {
        // The meta group (0002,xxxx) ends at the first tag above group 2.
        if (group < 0x0002) return -1;
        metaEnd = pos;
        const ts = found[2 * SLOT_TS];
        const tsLength = found[2 * SLOT_TS + 1];
        if (ts < 0 || tsLength === 0 || TS_NOT_EXPLICIT_LE.has(fixedString(b, ts, tsLength))) return -1;
      }
      const v0 = b[pos + 4];
      const v1 = b[pos + 5];
      if (v0 < 0x41 || v0 > 0x5a || v1 < 0x41 || v1 > 0x5a) return -1;
      const vr = (v0 - 0x41) * 26 + (v1 - 0x41);
      const kind = VR_LENGTH_KIND[vr];
      if (kind >= 2) return -1;
      let length: number;
      let dataOffset: number;
      if (kind === 1) {
        if (pos + 12 > n) return -1;
        length = (b[pos + 8] | (b[pos + 9] << 8) | (b[pos + 10] << 16) | (b[pos + 11] << 24)) >>> 0;
        dataOffset = pos + 12;
      } else {
        length = b[pos + 6] | (b[pos + 7] << 8);
        dataOffset = pos + 8;
      }
      const tag = ((group << 16) | b[pos + 2] | (b[pos + 3] << 8)) >>> 0;
      if ((length & 1) === 1 && length !== UNDEFINED_LENGTH) this.faults.note(pos, tag, length);
      if (forbiddenGroup(group)) this.faults.inBadGroup(pos, tag);
      if (metaEnd < 0) {
        if (vr === VR_SQ || length === UNDEFINED_LENGTH || dataOffset + length > n) return -1;
      } else {
        if (++count > MAX_PARSED_ELEMENTS || group === 0x0002 || group === 0xfffe) return -1;
        if (tag === PIXEL_DATA) {
          if (first) return -1;
        } else {
          first = false;
          if (vr === VR_SQ) {
            this.count = count;
            pos = this.skipSequence(length, dataOffset, 1);
            if (pos < 0) return -1;
            count = this.count;
            continue;
          }
          if (length === UNDEFINED_LENGTH || dataOffset + length > n) return -1;
        }
      }
      // The slot of `tag`, if any: tags ascend in a well-formed header, so the search goes on from the last
      // one's place, and starts over when a tag comes out of order. A repeated tag overwrites (the last wins).
      if (tag <= lastTag) {
        next = 0;
        if (pos > 132) this.faults.unordered(pos, tag, lastTag);
      }
      lastTag = tag;
      while (next < SLOT_TAGS.length && SLOT_TAGS[next] < tag) next++;
      if (next < SLOT_TAGS.length && SLOT_TAGS[next] === tag) {
        const slot = SLOT_OF_TAG[next];
        found[2 * slot] = dataOffset;
        found[2 * slot + 1] = length;
      }
      if (tag === PIXEL_DATA) return metaEnd;
      pos = dataOffset + length;
    }
  }

  /** A DataSet as dicom-parser makes it; no warnings, since the walker gives up wherever dicom-parser would warn. */
  private dataSet(elements: Record<string, Element>): DataSet {
    const ds = new DataSetClass(dicomParser.littleEndianByteArrayParser, this.bytes, elements);
    ds.warnings = [];
    return ds;
  }
}

export function readDicomHeader(bytes: Uint8Array, options: ReadDicomOptions = {}): DicomRead {
  const totalSize = options.totalSize ?? bytes.length;
  const complete = bytes.length >= totalSize;
  const problems: DicomProblem[] = [];

  if (!complete && bytes.length < Math.min(totalSize, 132)) return { header: null, problems, needMore: Math.min(totalSize, 132) };
  const part10 = hasDicmPrefix(bytes);
  let transferSyntaxUid: string;
  if (part10) {
    transferSyntaxUid = '';
  } else {
    if (!looksLikeDataSet(bytes)) {
      return { header: null, problems: [problem('not-dicom', 'error', '不是 DICOM 檔案（沒有「DICM」標記，也不像 DICOM 資料集）', 'not a DICOM file (no "DICM" marker and no DICOM data set at the start)')] };
    }
    transferSyntaxUid = guessTransferSyntax(bytes);
    problems.push(problem('not-part10', 'error', '不是 DICOM Part 10 檔案：缺少 128 位元組前導、「DICM」與檔頭群組 (0002)', 'not a DICOM Part 10 file: the 128-byte preamble, "DICM" and the meta group (0002) are missing'));
  }

  const misplaced = part10 ? dataSetReadAsMetaGroup(bytes) : undefined;
  if (misplaced) return { header: null, problems: [problem('unreadable', 'error', `無法判讀 DICOM：${misplaced['zh-TW']}`, `cannot read the DICOM file: ${misplaced.en}`)] };
  // Read on, named as what it is: the quick reader leaves such a file to dicom-parser, which reads it.
  const forbidden = part10 ? explicitDataSetInForbiddenGroup(bytes) : undefined;
  if (forbidden) problems.push(problem('forbidden-group', 'error', forbidden['zh-TW'], forbidden.en));
  if (part10 && options.walker !== false && options.untilPixelData !== false && !options.dataSet) {
    const quick = quickRead(bytes, totalSize);
    if (quick) {
      headerReaders.walker++;
      headerReaders.onePass++;
      return quick;
    }
  }
  // A deflated data set is read up to its Pixel Data only: what follows is inflated no further.
  const inflater = part10 && namesDeflatedSyntax(bytes) ? new DataSetInflater() : undefined;
  const untilTag = options.untilPixelData === false && !inflater ? undefined : 'x7fe00010';
  const walkable = part10 && options.walker !== false && (untilTag !== undefined || complete);
  const table = options.dataSet ? options.itemTable : undefined;
  const walker = walkable ? new HeaderWalker(bytes, table) : undefined;
  let ds: DataSet | null = walker ? walker.walk(complete, untilTag !== undefined, options.dataSet === true) : null;
  // The walker notes odd lengths as it reads; a data set dicom-parser read is searched for encoding faults once read.
  let faults = ds ? walker!.faults : undefined;
  if (table) {
    if (ds) table.walked = true;
    else table.clear();
  }
  /** Where the data set after the meta group starts, as the dicom-parser path below finds it. */
  let dataSetStart = 0;
  if (ds) headerReaders.walker++;
  else try {
    headerReaders.dicomParser++;
    // dicom-parser asks the VR of every Implicit VR element, nested ones too: the count of its objects.
    let parsed = 0;
    const vrCallback = () => {
      if (++parsed > MAX_PARSED_ELEMENTS) throw TOO_MANY_ELEMENTS;
      return undefined;
    };
    // Explicit VR reaches no VR callback, and nesting is dicom-parser's recursion: both are measured first.
    const shape = part10 ? afterMetaGroup(bytes) : { start: 0, transferSyntaxUid };
    dataSetStart = shape.start;
    if (part10 && unreadableSyntax(bytes, shape)) return { header: null, problems: [...problems, unknownSyntaxUnreadable(shape.transferSyntaxUid)] };
    const untilPixel = untilTag !== undefined;
    const scan = (data: Uint8Array, start: number, syntax: string): void => {
      const verdict = scanStructure(data, start, encodingOf(syntax), STRUCTURE_LIMITS, untilPixel);
      if (verdict !== 'ok') throw new StructureRefused(verdict);
    };
    const inflate = inflater && ((byteArray: Uint8Array, position: number): Uint8Array => {
      const inflated = inflater.inflate(byteArray, position);
      scan(inflated, position, TS.ExplicitVRLittleEndian);
      return inflated;
    });
    if (!inflater) scan(bytes, shape.start, shape.transferSyntaxUid);
    // Inflated before dicom-parser reads the meta group: see INFLATED_ALREADY.
    const data = inflate ? inflate(bytes, shape.start) : bytes;
    ds = dicomParser.parseDicom(data, part10 ? { untilTag, inflater: inflate && INFLATED_ALREADY, vrCallback } : { untilTag, TransferSyntaxUID: transferSyntaxUid, vrCallback });
  } catch (e) {
    const refused = e instanceof StructureRefused ? e : (e as { exception?: unknown })?.exception;
    if (refused instanceof StructureRefused) return { header: null, problems: [...problems, refused.problem()] };
    if ((e as { exception?: unknown })?.exception === TOO_MANY_ELEMENTS || e === TOO_MANY_ELEMENTS) return { header: null, problems: [...problems, tooManyElements()] };
    const failure = parserFailure(e);
    if (inflater && !inflater.whole && failure.overread) return { header: null, problems: [...problems, inflatedTooLarge()] };
    const partial = failure.partial;
    const limit = bytes.length;
    if (!complete && failure.overread) {
      const over = partial ? overrunning(partial, limit, '') : undefined;
      if (over && over.length !== UNDEFINED_LENGTH && over.dataOffset + over.length > totalSize) {
        problems.push(lengthProblem(over, totalSize));
        return { header: partial ? partialHeader(partial, part10, bytes, transferSyntaxUid) : null, problems };
      }
      if (bytes.length >= MAX_HEADER_BYTES) return { header: null, problems: [...problems, headerTooLarge()] };
      return { header: null, problems: [], needMore: moreThan(bytes.length, totalSize) };
    }
    if (/0002,0010/.test(failure.detail)) {
      problems.push(problem('meta-incomplete', 'error', 'Part 10 檔頭缺少 (0002,0010) Transfer Syntax UID，無法判讀', 'the Part 10 meta group lacks (0002,0010) Transfer Syntax UID; the file cannot be read'));
      return { header: null, problems };
    }
    if (partial && failure.overread) {
      const over = overrunning(partial, limit, '');
      const last = lastElement(partial);
      if (over) problems.push(lengthProblem(over, totalSize));
      else problems.push(truncatedProblem(failure.detail, last && labelOf(last)));
      return { header: partialHeader(partial, part10, bytes, transferSyntaxUid), problems };
    }
    if (failure.overread) {
      problems.push(truncatedProblem(failure.detail));
      return { header: null, problems };
    }
    const why = explainFailure(failure.detail, partial);
    problems.push(problem('unreadable', 'error', `無法判讀 DICOM：${why['zh-TW']}`, `cannot read the DICOM file: ${why.en}`));
    return { header: partial ? partialHeader(partial, part10, bytes, transferSyntaxUid) : null, problems };
  }

  if (part10) {
    transferSyntaxUid = str(ds, TAG.TransferSyntaxUID) ?? '';
    problems.push(...metaProblems(ds));
  }
  if (!faults) {
    faults = new EncodingFaults();
    if (forbidden) faults.skipAt = dataSetStart;
    // Of a deflated file dicom-parser also reads the preamble and the meta group again as elements of the data set.
    faults.inDataSet(ds, inflater ? dataSetStart : 0);
  }
  // A deflated data set is inflated into a new buffer: offsets refer to that, and only a whole file inflated
  // whole tells where the data set ends.
  const deflated = transferSyntaxUid === TS.DeflatedExplicitVRLittleEndian;
  const held = deflated ? ds.byteArray.length : bytes.length;
  if (deflated && inflater && !inflater.whole && !untilTagReached(ds)) {
    return { header: null, problems: [...problems, inflatedTooLarge()] };
  }
  // A whole file whose deflate stream does not end: cut short, though what it inflates to may hold every pixel.
  const deflateCut = deflated && inflater !== undefined && complete && inflater.whole && !inflater.ended;
  // A prefix that ends between two elements before the Pixel Data: the rest of the header is still to come.
  if (!complete && untilTag && !untilTagReached(ds)) {
    if (bytes.length >= MAX_HEADER_BYTES) return { header: null, problems: [...problems, headerTooLarge()] };
    return { header: null, problems: [], needMore: moreThan(bytes.length, totalSize) };
  }
  const size = !deflated ? Math.max(totalSize, held) : complete && inflater?.whole ? held : Infinity;
  // Elements (other than Pixel Data, checked below) whose value runs past what we hold.
  const over = overrunning(ds, held, untilTag ?? '');
  if (over) {
    if (!complete && over.dataOffset + over.length <= totalSize) {
      if (bytes.length >= MAX_HEADER_BYTES) return { header: null, problems: [...problems, headerTooLarge()] };
      return { header: null, problems: [], needMore: Math.min(totalSize, Math.max(over.dataOffset + over.length + 64 * 1024, moreThan(bytes.length, totalSize))) };
    }
    problems.push(lengthProblem(over, size));
  }
  const header = headerOf(ds, part10, transferSyntaxUid);
  pixelDataProblem(header, size, problems);
  // Of a whole deflated data set: its stream cut short, or else (the full check, where dicom-parser read it to its
  // Pixel Data only) what follows the Pixel Data; unless the file is already said to be cut.
  const cut = deflateCut
    ? problem('truncated', 'error', '壓縮（Deflated）的資料集在 deflate 資料流結束前就中斷（PS3.5 A.5）：檔案不完整', 'the deflated data set ends before its deflate stream does (PS3.5 A.5): the file is truncated')
    : deflated && complete && inflater?.whole && options.untilPixelData === false ? strayTail(ds) : undefined;
  if (cut && !problems.some((p) => p.code === 'truncated' || p.code === 'absurd-length')) problems.push(cut);
  if (complete && !untilTag && ds.warnings.some((w) => /missing sequence delimiter/i.test(w))) {
    problems.push(truncatedProblem(ds.warnings.join('; ')));
  }
  headerProblems(header, problems);
  faults.problemInto(problems);
  return options.dataSet ? { header, problems, dataSet: ds } : { header, problems };
}

/**
 * A Pixel Data value that runs past the `size` bytes of the file; or else, one whose length does not fit the
 * image its header describes (pixel-length.ts).
 */
function pixelDataProblem(header: DicomHeader, size: number, problems: DicomProblem[]): void {
  const pixels = header.pixelData;
  if (!pixels) return;
  if (pixels.length !== null && pixels.offset + pixels.length > size) {
    problems.push(lengthProblem({ tag: tagKey(PIXEL_DATA), length: pixels.length, dataOffset: pixels.offset } as Element, size));
    return;
  }
  const misfit = pixelLengthProblem(header, pixels.length);
  if (misfit) problems.push(misfit);
}

/** The problems of a header read: its transfer syntax, and a meta group naming another SOP instance than the data set. */
function headerProblems(header: DicomHeader, problems: DicomProblem[]): void {
  problems.push(...transferSyntaxProblems(header.transferSyntaxUid));
  if (header.part10 && header.mediaStorageSopInstanceUid && header.sopInstanceUid && header.mediaStorageSopInstanceUid !== header.sopInstanceUid) {
    problems.push(problem('sop-mismatch', 'warning', `檔頭 (0002,0003) ${header.mediaStorageSopInstanceUid} 與 SOP Instance UID (0008,0018) ${header.sopInstanceUid} 不同`, `meta (0002,0003) ${header.mediaStorageSopInstanceUid} differs from SOP Instance UID (0008,0018) ${header.sopInstanceUid}`));
  }
}

/**
 * What readDicomHeader gives for a Part 10 file the walker reads up to its Pixel Data, from one walk that
 * notes where the values lie (HeaderWalker.locate): no element objects, no DataSet, no search for the
 * deflated syntax's UID. Undefined for every other file (read as before), and for a transfer syntax that
 * reads as deflated once trimmed, whose sizes the general path judges.
 */
function quickRead(bytes: Uint8Array, totalSize: number): DicomRead | undefined {
  const walker = new HeaderWalker(bytes);
  const metaEnd = walker.locate(located);
  if (metaEnd < 0) return undefined;
  const syntax = locatedValue(bytes, AT.transferSyntaxUid);
  const transferSyntaxUid = syntax ?? '';
  if (transferSyntaxUid === TS.DeflatedExplicitVRLittleEndian) return undefined;
  const groupLength = locatedOffset(AT.groupLength);
  const mediaStorageSopClassUid = locatedValue(bytes, AT.mediaStorageSopClassUid);
  const mediaStorageSopInstanceUid = locatedValue(bytes, AT.mediaStorageSopInstanceUid);
  const problems = metaProblemsOf(
    [mediaStorageSopClassUid, mediaStorageSopInstanceUid, syntax],
    groupLength < 0 ? null : { declared: locatedLength(AT.groupLength) < 4 ? 0 : uint32At(bytes, groupLength), actual: metaEnd - (groupLength + 4) },
  );
  const patientId = locatedValue(bytes, AT.patientId);
  const pixels = locatedLength(AT.pixelData);
  const samplesPerPixel = locatedUint16(bytes, AT.samplesPerPixel);
  const header: DicomHeader = {
    part10: true,
    transferSyntaxUid,
    mediaStorageSopClassUid,
    mediaStorageSopInstanceUid,
    sopClassUid: locatedValue(bytes, AT.sopClassUid),
    sopInstanceUid: locatedValue(bytes, AT.sopInstanceUid),
    studyInstanceUid: locatedValue(bytes, AT.studyInstanceUid),
    seriesInstanceUid: locatedValue(bytes, AT.seriesInstanceUid),
    modality: locatedValue(bytes, AT.modality),
    studyDate: dateValue(locatedValue(bytes, AT.studyDate)),
    patientId: patientId && decodedText(patientId, bytes, locatedOffset(AT.patientId), locatedLength(AT.patientId), () => locatedValue(bytes, AT.specificCharacterSet)),
    patientBirthDate: dateValue(locatedValue(bytes, AT.patientBirthDate)),
    rows: locatedUint16(bytes, AT.rows),
    columns: locatedUint16(bytes, AT.columns),
    numberOfFrames: framesValue(locatedValue(bytes, AT.numberOfFrames), locatedOffset(AT.numberOfFrames) >= 0),
    samplesPerPixel,
    bitsAllocated: locatedUint16(bytes, AT.bitsAllocated),
    photometricInterpretation: samplesPerPixel === 3 ? locatedValue(bytes, AT.photometricInterpretation) : undefined,
    pixelData: { offset: locatedOffset(AT.pixelData), length: pixels === UNDEFINED_LENGTH ? null : pixels },
  };
  pixelDataProblem(header, Math.max(totalSize, bytes.length), problems);
  headerProblems(header, problems);
  walker.faults.problemInto(problems);
  return { header, problems };
}

/** Where `locate` found the value of `slot` (an AT number) in the header it walked last (-1: absent), and its length. */
function locatedOffset(slot: number): number {
  return located[2 * slot];
}

function locatedLength(slot: number): number {
  return located[2 * slot + 1];
}

function locatedValue(bytes: Uint8Array, slot: number): string | undefined {
  const at = locatedOffset(slot);
  return at < 0 ? undefined : valueString(bytes, at, locatedLength(slot));
}

/** A US value as dicom-parser's uint16 reads it (unsigned little endian); undefined when absent or shorter. */
function locatedUint16(bytes: Uint8Array, slot: number): number | undefined {
  const at = locatedOffset(slot);
  return at < 0 || locatedLength(slot) < 2 ? undefined : bytes[at] | (bytes[at + 1] << 8);
}

/** dicom-parser's uint32: unsigned little endian. */
function uint32At(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

/**
 * The header of a data set dicom-parser gave up on (a file cut short, a length beyond its item). The meta group it
 * read first is not merged into that partial data set: its transfer syntax and Media Storage UIDs are read again
 * from the meta group, as a whole read gives them. `guessed`: the syntax of a file without one.
 */
function partialHeader(partial: DataSet, part10: boolean, bytes: Uint8Array, guessed: string): DicomHeader {
  if (!part10) return headerOf(partial, false, guessed);
  let meta: DataSet | undefined;
  try {
    meta = dicomParser.readPart10Header(bytes);
  } catch {
    meta = undefined;
  }
  const fromMeta = (tag: number): string | undefined => str(partial, tag) ?? (meta && str(meta, tag));
  const header = headerOf(partial, true, fromMeta(TAG.TransferSyntaxUID) ?? '');
  header.mediaStorageSopClassUid = fromMeta(TAG.MediaStorageSOPClassUID);
  header.mediaStorageSopInstanceUid = fromMeta(TAG.MediaStorageSOPInstanceUID);
  return header;
}

/**
 * The bytes after a Pixel Data of defined length that are too few for an element header (8 bytes), as a bit flipped in
 * a deflate stream leaves them. Of a file not deflated dicom-parser reads past the Pixel Data and fails on them
 * (`truncated`); dcmdump fails on either ("premature end of stream"), pydicom reads both: the same error here.
 */
function strayTail(ds: DataSet): DicomProblem | undefined {
  const pixels = ds.elements.x7fe00010;
  if (!pixels || pixels.hadUndefinedLength || pixels.length === UNDEFINED_LENGTH) return undefined;
  const end = pixels.dataOffset + pixels.length;
  const left = ds.byteArray.length - end;
  if (left <= 0 || left >= 8) return undefined;
  const why = bi(`位元組 ${end} 起剩下的 ${left} 位元組不足以構成一個元素`, `the ${left === 1 ? 'byte' : `${left} bytes`} left from byte ${end} cannot form an element`);
  return truncatedBecause(why, labelOf(pixels));
}

/** `after`: the last element read before the failure. */
function truncatedProblem(detail: string, after?: string): DicomProblem {
  return truncatedBecause(explainFailure(detail), after);
}

function truncatedBecause(why: Bilingual, after?: string): DicomProblem {
  const zhAfter = after ? `，在 ${after} 之後` : '';
  const enAfter = after ? `, after ${after}` : '';
  return problem('truncated', 'error', `DICOM 檔案不完整或毀損${zhAfter}：${why['zh-TW']}`, `the DICOM file is truncated or corrupt${enAfter}: ${why.en}`);
}

function untilTagReached(ds: DataSet): boolean {
  return ds.elements.x7fe00010 !== undefined;
}

function inflatedTooLarge(): DicomProblem {
  const mib = INFLATED_HEADER_LIMIT / 1048576;
  return problem('header-too-large', 'error', `壓縮（Deflated）的 DICOM 資料解壓超過 ${mib} MiB 仍未到影像資料，不予判讀`, `the deflated DICOM data set inflates past ${mib} MiB before the pixel data; not read further`);
}

/** Thrown from dicom-parser's VR callback to stop it; only this module sees it. */
const TOO_MANY_ELEMENTS = new Error('too many elements');

function tooManyElements(): DicomProblem {
  const cap = MAX_PARSED_ELEMENTS.toLocaleString('en-US');
  return problem('header-too-large', 'error', `DICOM 檔頭超過 ${cap} 個元素仍未到影像資料，不予判讀`, `the DICOM header holds more than ${cap} elements before the pixel data; not read further`);
}

/** Sequences nested deeper than this are refused before dicom-parser recurses into them; real objects nest a handful deep. */
export const MAX_SEQUENCE_DEPTH = 128;
const STRUCTURE_LIMITS = { maxElements: MAX_PARSED_ELEMENTS, maxDepth: MAX_SEQUENCE_DEPTH };

/** Thrown when the structure scan refuses a data set; only this module sees it. */
class StructureRefused extends Error {
  constructor(readonly verdict: Exclude<StructureVerdict, 'ok'>) {
    super(verdict);
  }

  problem(): DicomProblem {
    if (this.verdict === 'too-many-elements') return tooManyElements();
    return problem('unreadable', 'error', `DICOM 序列一層套一層超過 ${MAX_SEQUENCE_DEPTH} 層，不予判讀`, `the DICOM file nests sequences more than ${MAX_SEQUENCE_DEPTH} deep; not read further`);
  }
}

function headerTooLarge(): DicomProblem {
  return problem('header-too-large', 'error', `DICOM 檔頭超過 ${MAX_HEADER_BYTES / 1048576} MiB 仍未到影像資料，不予判讀`, `the DICOM header runs past ${MAX_HEADER_BYTES / 1048576} MiB before the pixel data; not read further`);
}

/**
 * Reads a header through a prefix reader, asking for longer prefixes until the header fits.
 * `readPrefix(n)` returns the first n bytes of the file (fewer only at its end).
 */
export async function readDicomHeaderFrom(
  readPrefix: (maxBytes: number) => Promise<Uint8Array>,
  totalSize: number,
  options: PrefixReadOptions = {},
): Promise<DicomRead> {
  let want = Math.min(totalSize, options.firstRead ?? 64 * 1024);
  for (;;) {
    const step = prefixStep(await readPrefix(want), want, totalSize, options);
    if (typeof step !== 'number') return step;
    want = step;
  }
}

/**
 * `readDicomHeaderFrom` for a reader that can give prefixes at once; undefined as soon as `readPrefix`
 * cannot (the caller then reads through the asynchronous one).
 */
export function readDicomHeaderFromNow(readPrefix: (maxBytes: number) => Uint8Array | undefined, totalSize: number, options: PrefixReadOptions = {}): DicomRead | undefined {
  let want = Math.min(totalSize, options.firstRead ?? 64 * 1024);
  for (;;) {
    const bytes = readPrefix(want);
    if (bytes === undefined) return undefined;
    const step = prefixStep(bytes, want, totalSize, options);
    if (typeof step !== 'number') return step;
    want = step;
  }
}

interface PrefixReadOptions {
  firstRead?: number;
  untilPixelData?: boolean;
}

/** The header read from a prefix of `want` bytes asked for, or how many bytes to read next. */
function prefixStep(bytes: Uint8Array, want: number, totalSize: number, options: PrefixReadOptions): DicomRead | number {
  const result = readDicomHeader(bytes, { totalSize: Math.max(totalSize, bytes.length), untilPixelData: options.untilPixelData });
  if (result.needMore === undefined || bytes.length < want || result.needMore <= bytes.length) {
    if (result.needMore !== undefined) {
      return { header: null, problems: [truncatedProblem(`only ${bytes.length} of ${totalSize} bytes could be read`)] };
    }
    return result;
  }
  return Math.min(totalSize, result.needMore);
}
