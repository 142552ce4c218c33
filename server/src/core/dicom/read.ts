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
import { agreeing, counted } from '../counted';
import { explainFailure, lastElement, parserFailure } from './parser-errors';
import { DataSetInflater, INFLATED_HEADER_LIMIT, namesDeflatedSyntax, parsePart10 } from './inflate';
import { problem } from './problems';
import type { DicomProblem } from './problems';
import { CharacterSetError, decoderFor } from './charset';
import { PALETTE_TABLE_TAGS, TAG, UNDEFINED_LENGTH, tagKey, tagLabel } from './tags';
import { uint32At, valueString } from './byte-values';
import { EncodingFaults, holdsItems } from './encoding-faults';
import { AT, DataSetClass, HeaderWalker, MAX_PARSED_ELEMENTS, SLOTTED } from './header-walker';
import type { ItemTable } from './item-table';
import { TS, transferSyntaxInfo } from './uids';
import { isValidValue } from './vr-values';
import { framesValue, pixelLengthProblem } from './pixel-length';
import { afterMetaGroup, dataSetReadAsMetaGroup, deflateLooksLikeMetaElement, deflateReadAsMetaElement, encodingOf, explicitDataSetInForbiddenGroup, metaElementLeftByGroupLength, metaGroupMadeExplicit, scanStructure, spelledForParser } from './structure-scan';
import type { StructureNotes, StructureVerdict } from './structure-scan';

const { PixelData: PIXEL_DATA } = TAG;

export { MAX_PARSED_ELEMENTS };

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
  photometricInterpretation?: string;
  /** Planar Configuration (0028,0006), Bits Stored, High Bit, Pixel Representation: for the Image Pixel check (image-pixel-attributes.ts). */
  planarConfiguration?: number;
  bitsStored?: number;
  highBit?: number;
  pixelRepresentation?: number;
  /** Which Palette Color Lookup Table Descriptors, Data and Segmented Data are present with a value: bit i for PALETTE_TABLE_TAGS[i] (tags.ts). */
  paletteColorLookupTables?: number;
  /** Of a PALETTE COLOR image, the red, green and blue tables' sizes, each where its descriptor holds three values and its (plain) data is present. */
  paletteTableSizes?: readonly (PaletteTableSize | undefined)[];
  /** Pixel Data (7FE0,0010) seen; its declared length, or null for undefined (encapsulated). */
  pixelData: { offset: number; length: number | null } | null;
}

/** A palette lookup table's descriptor (PS3.3 C.7.6.3.1.5): its number of entries (0 as written) and bits per entry; and its data's length in bytes. */
export interface PaletteTableSize {
  entries: number;
  bits: number;
  dataLength: number;
}

export interface DicomRead {
  /** Null when nothing useful could be read. */
  header: DicomHeader | null;
  problems: DicomProblem[];
  /** The bytes were a prefix and did not hold the whole header: read at least this many and call again. */
  needMore?: number;
  /** With `dataSet: true`, when the file was read without failure: its whole data set (see ReadDicomOptions.dataSet). */
  dataSet?: DataSet;
  /** With `dataSet`: dicom-parser read it, not the header walker, so it holds the sequences nested in items too. */
  byParser?: true;
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

const ABSURD_LENGTH = 1024 * 1024 * 1024;
/** A header beyond this is not a header we will read (private blobs of this size are not plausible). */
export const MAX_HEADER_BYTES = 64 * 1024 * 1024;

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/**
 * "DICM" and a meta group element at the first byte: a Part 10 file written without its 128-byte preamble, which
 * dcmtk and dciodvfy cannot read.
 */
export function dicmWithoutPreamble(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x44 && bytes[1] === 0x49 && bytes[2] === 0x43 && bytes[3] === 0x4d && bytes[4] === 0x02 && bytes[5] === 0x00;
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

/**
 * `fileSize`: of the file as it is (not its data set inflated), which a group length can run past. `dataSetStart`: where
 * the data set starts (0: not known), past which a group-0002 element is no part of the meta group.
 */
function metaProblems(ds: DataSet, bytes: Uint8Array, fileSize: number, dataSetStart: number): DicomProblem[] {
  const groupLengthEl = ds.elements[tagKey(TAG.FileMetaInformationGroupLength)];
  let groupLength: GroupLength | null = null;
  if (groupLengthEl) {
    let end = -Infinity;
    for (const key in ds.elements) {
      if (!key.startsWith('x0002')) continue;
      const el = ds.elements[key];
      // Not `>=`: an empty last meta element's value starts where the data set does; one of the data set's, 8 bytes on.
      if (dataSetStart > 0 && el.dataOffset > dataSetStart) continue;
      end = Math.max(end, el.dataOffset + el.length);
    }
    groupLength = {
      declared: uint(ds, TAG.FileMetaInformationGroupLength, 4) ?? 0,
      actual: end - (groupLengthEl.dataOffset + 4),
      left: fileSize - (groupLengthEl.dataOffset + 4),
      leftElementAt: metaElementLeftByGroupLength(bytes),
    };
  }
  return metaProblemsOf(REQUIRED_META.map(([t]) => str(ds, t)), groupLength);
}

/** (0002,0000)'s value, the bytes of the meta group after it, and the bytes of the file after it. */
interface GroupLength {
  declared: number;
  actual: number;
  left: number;
  /** Where the first meta element dcmtk reads into the data set by a short group length starts, or -1 (metaElementLeftByGroupLength). */
  leftElementAt: number;
}

/**
 * The meta group's problems from its required values (REQUIRED_META's order) and its group length, declared
 * and counted from past (0002,0000) to the end of the meta group's last element; null when (0002,0000) is absent.
 */
function metaProblemsOf(required: readonly (string | undefined)[], groupLength: GroupLength | null): DicomProblem[] {
  const out: DicomProblem[] = [];
  let missing: string[] | undefined;
  for (let i = 0; i < REQUIRED_META.length; i++) if (!required[i]) (missing ??= []).push(REQUIRED_META[i][1]);
  if (missing) {
    out.push(problem('meta-incomplete', 'error', `Part 10 檔頭缺少 ${missing.join('、')}`, `the Part 10 meta group lacks ${missing.join(', ')}`));
  }
  if (!groupLength) {
    out.push(problem('meta-group-length', 'warning', 'Part 10 檔頭缺少 (0002,0000) 群組長度（PS3.10 §7.1）', 'the Part 10 meta group lacks its group length (0002,0000) (PS3.10 §7.1)'));
  } else if (groupLength.declared !== groupLength.actual) {
    const { declared, actual, left } = groupLength;
    const zhPast = declared > left ? `，超過檔案結尾（其後只有 ${left} 位元組）` : '';
    const enPast = declared > left ? `, past the end of the file (${left} bytes follow it)` : '';
    const zh = `(0002,0000) 群組長度為 ${declared}${zhPast}，檔頭群組實際為 ${actual} 位元組（PS3.10 §7.1）`;
    const en = `group length (0002,0000) says ${declared}${enPast}, the meta group has ${actual} bytes (PS3.10 §7.1)`;
    const dataSet = OTHER_THAN_META_ENCODING[required[2] ?? ''];
    const leftAt = groupLength.leftElementAt;
    if (dataSet && declared > actual) {
      out.push(problem('meta-group-overrun', 'error', `${zh}；dcmtk 依此長度把${dataSet['zh-TW']}資料集的開頭當成檔頭元素（Explicit VR Little Endian）讀，讀不下去`, `${en}; dcmtk reads on by it into the ${dataSet.en} data set, takes its first bytes for Explicit VR Little Endian meta elements and fails`));
    } else if (dataSet && leftAt >= 0) {
      out.push(problem('meta-group-short', 'error', `${zh}；dcmtk 依此長度在位元組 ${leftAt} 結束檔頭，把其後的檔頭元素當成${dataSet['zh-TW']}資料集的元素讀，讀不下去`, `${en}; dcmtk ends the meta group by it at byte ${leftAt}, reads the meta elements after it as elements of the ${dataSet.en} data set and fails`));
    } else {
      out.push(problem('meta-group-length', 'warning', zh, en));
    }
  }
  return out;
}

/**
 * The transfer syntaxes whose data set is not written as the meta group is (Explicit VR Little Endian, PS3.10 §7.1), by
 * name: a group length past the meta group's end makes dcmtk read the data set's first bytes as meta elements and fail
 * (dcmdump exits 1). Of an Explicit VR Little Endian data set it reads those elements into the meta group with a
 * warning and reads on; so does pydicom, which ends the group where it changes, of every syntax.
 */
const OTHER_THAN_META_ENCODING: Readonly<Record<string, Bilingual>> = {
  [TS.ImplicitVRLittleEndian]: bi(' Implicit VR ', 'Implicit VR'),
  [TS.ExplicitVRBigEndian]: bi(' Big Endian ', 'Big Endian'),
  [TS.DeflatedExplicitVRLittleEndian]: bi('壓縮（Deflated）', 'Deflated'),
};

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
  const photometric = str(ds, TAG.PhotometricInterpretation);
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
    photometricInterpretation: photometric,
    planarConfiguration: uint(ds, TAG.PlanarConfiguration, 2),
    bitsStored: uint(ds, TAG.BitsStored, 2),
    highBit: uint(ds, TAG.HighBit, 2),
    pixelRepresentation: uint(ds, TAG.PixelRepresentation, 2),
    paletteColorLookupTables: paletteTablesOf((i) => (ds.elements[tagKey(PALETTE_TABLE_TAGS[i])]?.length ?? 0) > 0),
    paletteTableSizes: photometric === 'PALETTE COLOR' ? paletteSizesOf((i) => {
      const descriptor = ds.elements[tagKey(PALETTE_TABLE_TAGS[i])];
      const data = ds.elements[tagKey(PALETTE_TABLE_TAGS[i + 3])];
      if (!descriptor || !data || descriptor.length < 6 || descriptor.dataOffset + 6 > ds.byteArray.length) return undefined;
      const key = tagKey(PALETTE_TABLE_TAGS[i]);
      return { entries: ds.uint16(key, 0)!, bits: ds.uint16(key, 2)!, dataLength: data.length };
    }) : undefined,
    pixelData: pixel ? { offset: pixel.dataOffset, length: pixel.hadUndefinedLength || pixel.length === UNDEFINED_LENGTH ? null : pixel.length } : null,
  };
}

/** DicomHeader.paletteTableSizes of the red, green and blue tables' sizes by index (0..2); undefined when none is known. */
function paletteSizesOf(size: (i: number) => PaletteTableSize | undefined): (PaletteTableSize | undefined)[] | undefined {
  const sizes = [size(0), size(1), size(2)];
  return sizes.some((s) => s) ? sizes : undefined;
}

/** DicomHeader.paletteColorLookupTables of whether each of PALETTE_TABLE_TAGS `has` a value. */
function paletteTablesOf(has: (i: number) => boolean): number {
  let bits = 0;
  for (let i = 0; i < PALETTE_TABLE_TAGS.length; i++) if (has(i)) bits |= 1 << i;
  return bits;
}

function moreThan(have: number, totalSize: number): number {
  return Math.min(totalSize, Math.max(have * 4, 256 * 1024));
}

const located = new Float64Array(2 * SLOTTED.length);
const PALETTE_SLOTS: readonly number[] = PALETTE_TABLE_TAGS.map((t) => SLOTTED.indexOf(t));

/**
 * How many headers each reader took (tests check that well-formed files do not reach dicom-parser); `onePass`:
 * those of the walker read to Pixel Data without building a DataSet (quickRead).
 */
export const headerReaders = { walker: 0, dicomParser: 0, onePass: 0 };

export function readDicomHeader(bytes: Uint8Array, options: ReadDicomOptions = {}): DicomRead {
  const explicitMeta = hasDicmPrefix(bytes) ? metaGroupMadeExplicit(bytes) : undefined;
  if (!explicitMeta) return readHeader(bytes, options);
  const read = readHeader(explicitMeta, options);
  return read.needMore === undefined ? { ...read, problems: [metaImplicit(), ...read.problems] } : read;
}

/** A meta group written in Implicit VR (metaGroupMadeExplicit): read as the other readers read it, and said. */
function metaImplicit(): DicomProblem {
  return problem(
    'meta-implicit-vr',
    'warning',
    'Part 10 檔頭群組 (0002) 以 Implicit VR 寫成，PS3.10 §7.1 規定以 Explicit VR Little Endian 寫；dcmtk、dciodvfy 與 pydicom 仍照讀（pydicom 會警告）',
    'the Part 10 meta group (0002) is written in Implicit VR, where PS3.10 §7.1 has it in Explicit VR Little Endian; dcmtk, dciodvfy and pydicom read it all the same (pydicom with a warning)',
  );
}

function readHeader(bytes: Uint8Array, options: ReadDicomOptions): DicomRead {
  const totalSize = options.totalSize ?? bytes.length;
  const complete = bytes.length >= totalSize;
  const problems: DicomProblem[] = [];

  if (!complete && bytes.length < Math.min(totalSize, 132)) return { header: null, problems, needMore: Math.min(totalSize, 132) };
  const part10 = hasDicmPrefix(bytes);
  // A prefix that ends inside the meta group (one longer than the first read, with Private Information (0002,0102)):
  // dicom-parser would say the group is cut or lacks its transfer syntax; the rest is still to come.
  if (part10 && !complete && afterMetaGroup(bytes).start + 8 > bytes.length) {
    if (bytes.length >= MAX_HEADER_BYTES) return { header: null, problems: [headerTooLarge()] };
    return { header: null, problems: [], needMore: moreThan(bytes.length, totalSize) };
  }
  const metaOnly = part10 && complete ? endsWithMetaGroup(bytes) : undefined;
  if (metaOnly) return { header: null, problems: [truncatedBecause(metaOnly)] };
  let transferSyntaxUid: string;
  if (part10) {
    transferSyntaxUid = '';
  } else {
    if (dicmWithoutPreamble(bytes)) {
      return { header: null, problems: [problem('not-part10', 'error', '不是 DICOM Part 10 檔案：「DICM」與檔頭群組 (0002) 從第一個位元組開始，前面缺少 128 位元組前導（PS3.10 §7.1）；dcmtk 與 dciodvfy 無法讀取', 'not a DICOM Part 10 file: "DICM" and the meta group (0002) start at its first byte, without the 128-byte preamble before them (PS3.10 §7.1); dcmtk and dciodvfy cannot read it')] };
    }
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
  const walked = ds !== null;
  // The walker notes odd lengths as it reads; a data set dicom-parser read is searched for encoding faults once read.
  let faults = ds ? walker!.faults : undefined;
  if (table) {
    if (ds) table.walked = true;
    else table.clear();
  }
  /** Where the data set after the meta group starts, as the dicom-parser path below finds it. */
  let dataSetStart = 0;
  const notes: StructureNotes = { unlistedLongVrs: [] };
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
      const verdict = scanStructure(data, start, encodingOf(syntax), STRUCTURE_LIMITS, untilPixel, notes);
      if (verdict !== 'ok') throw new StructureRefused(verdict);
    };
    const inflate = inflater && ((byteArray: Uint8Array, position: number): Uint8Array => {
      const inflated = inflater.inflate(byteArray, position);
      scan(inflated, position, TS.ExplicitVRLittleEndian);
      return inflated;
    });
    if (!inflater) scan(bytes, shape.start, shape.transferSyntaxUid);
    // Inflated before dicom-parser reads the meta group: see INFLATED_ALREADY and parsePart10.
    const data = spelledForParser(inflate ? inflate(bytes, shape.start) : bytes, notes, !inflate);
    const bigEndianFrom = forbidden && encodingOf(shape.transferSyntaxUid) === 'explicit-be' ? shape.start : undefined;
    ds = part10 ? parsePart10(data, { untilTag, vrCallback }, inflate !== undefined, bigEndianFrom) : dicomParser.parseDicom(data, { untilTag, TransferSyntaxUID: transferSyntaxUid, vrCallback });
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
    problems.push(...metaProblems(ds, bytes, Math.max(totalSize, bytes.length), dataSetStart));
  }
  if (!faults) {
    faults = new EncodingFaults();
    if (forbidden) faults.skipAt = dataSetStart;
    faults.inDataSet(ds, inflater ? dataSetStart : 0);
    if (notes.notSequence) faults.notSequence.add(notes.notSequence);
    if (notes.bigEndianUnItems) faults.bigEndianUnItems.add(notes.bigEndianUnItems);
    for (const element of notes.metaInDataSet ?? []) faults.metaInDataSet.add(element);
  }
  // A deflated data set is inflated into a new buffer: offsets refer to that, and only a whole file inflated
  // whole tells where the data set ends.
  const deflated = transferSyntaxUid === TS.DeflatedExplicitVRLittleEndian;
  const held = deflated ? ds.byteArray.length : bytes.length;
  const metaEnd = deflated && part10 ? deflateReadAsMetaElement(bytes, dataSetStart) : undefined;
  if (metaEnd) problems.push(problem('deflated-meta-end', 'error', metaEnd['zh-TW'], metaEnd.en));
  const lookalike = deflated && part10 ? deflateLooksLikeMetaElement(bytes, dataSetStart) : undefined;
  if (lookalike) problems.push(problem('deflated-meta-lookalike', 'warning', lookalike['zh-TW'], lookalike.en));
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
  // Elements (other than Pixel Data, checked below) whose value runs past what we hold; one in group 0002 dicom-parser
  // put the meta group's element over is known from the structure scan.
  const over = overrunning(ds, held, untilTag ?? '') ?? metaTagElement(notes);
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
  if (deflated && complete && inflater && inflater.ended && inflater.trailing > 0) problems.push(afterDeflateStream(inflater));
  // Not of a deflated data set inflated only in part: its end is no end of the data set.
  const unclosed = complete && (!deflated || inflater?.whole) ? unclosedIn(ds, faults) : undefined;
  if (unclosed && !problems.some((p) => p.code === 'truncated' || p.code === 'absurd-length')) problems.push(truncatedProblem(unclosed));
  if (notes.delimiterAsElement && !problems.some((p) => p.code === 'truncated' || p.code === 'absurd-length')) problems.push(delimiterAsElement(notes.delimiterAsElement));
  headerProblems(header, problems);
  faults.problemInto(problems, str(ds, TAG.SpecificCharacterSet));
  if (!options.dataSet) return { header, problems };
  return walked ? { header, problems, dataSet: ds } : { header, problems, dataSet: ds, byParser: true };
}

/** An item tag or sequence delimiter where an element belongs (StructureNotes.delimiterAsElement). */
function delimiterAsElement({ at, tag }: { at: number; tag: number }): DicomProblem {
  const label = tagLabel(tag);
  const where = tag === TAG.ItemDelimitationItem
    ? bi(`位元組 ${at} 的項目結束標記 ${label} 在定長項目結束之前`, `an item delimiter, ${label}, at byte ${at} ends an item of defined length before its end`)
    : tag === TAG.Item
      ? bi(`位元組 ${at} 該是資料元素之處卻是項目標籤 ${label}`, `an item tag, ${label}, stands at byte ${at} where an element belongs`)
      : bi(`位元組 ${at} 該是資料元素之處卻是序列結束標記 ${label}`, `a sequence delimiter, ${label}, stands at byte ${at} where an element belongs`);
  return truncatedBecause(bi(`${where['zh-TW']}（PS3.5 §7.5），多半是其前某個長度損壞；dcmtk 讀到此處即失敗`, `${where.en} (PS3.5 §7.5), most likely after a damaged length; dcmtk fails there`));
}

/** The group-0002 element of the data set whose value runs past the bytes (StructureNotes.metaTagPastEnd), as an Element. */
function metaTagElement({ metaTagPastEnd: el }: StructureNotes): Element | undefined {
  return el && ({ tag: tagKey(el.tag), length: el.length, dataOffset: el.dataOffset } as Element);
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
    groupLength < 0 ? null : {
      declared: locatedLength(AT.groupLength) < 4 ? 0 : uint32At(bytes, groupLength),
      actual: metaEnd - (groupLength + 4),
      left: Math.max(totalSize, bytes.length) - (groupLength + 4),
      leftElementAt: metaElementLeftByGroupLength(bytes),
    },
  );
  const patientId = locatedValue(bytes, AT.patientId);
  const pixels = locatedLength(AT.pixelData);
  const samplesPerPixel = locatedUint16(bytes, AT.samplesPerPixel);
  const photometric = locatedValue(bytes, AT.photometricInterpretation);
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
    photometricInterpretation: photometric,
    planarConfiguration: locatedUint16(bytes, AT.planarConfiguration),
    bitsStored: locatedUint16(bytes, AT.bitsStored),
    highBit: locatedUint16(bytes, AT.highBit),
    pixelRepresentation: locatedUint16(bytes, AT.pixelRepresentation),
    paletteColorLookupTables: paletteTablesOf((i) => locatedOffset(PALETTE_SLOTS[i]) >= 0 && locatedLength(PALETTE_SLOTS[i]) > 0),
    paletteTableSizes: photometric === 'PALETTE COLOR' ? paletteSizesOf((i) => {
      const descriptor = locatedOffset(PALETTE_SLOTS[i]);
      const data = locatedOffset(PALETTE_SLOTS[i + 3]);
      if (descriptor < 0 || data < 0 || locatedLength(PALETTE_SLOTS[i]) < 6) return undefined;
      return { entries: bytes[descriptor] | (bytes[descriptor + 1] << 8), bits: bytes[descriptor + 4] | (bytes[descriptor + 5] << 8), dataLength: locatedLength(PALETTE_SLOTS[i + 3]) };
    }) : undefined,
    pixelData: { offset: locatedOffset(AT.pixelData), length: pixels === UNDEFINED_LENGTH ? null : pixels },
  };
  pixelDataProblem(header, Math.max(totalSize, bytes.length), problems);
  headerProblems(header, problems);
  walker.faults.problemInto(problems, locatedValue(bytes, AT.specificCharacterSet));
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
 * What follows a Pixel Data of defined length in a whole inflated data set, which dicom-parser read up to it: bytes too
 * few for an element header (8 bytes), as a bit flipped in a deflate stream leaves them, or elements that run past the
 * data set's end. Of a file not deflated dicom-parser reads past the Pixel Data and fails on them (`truncated`);
 * dcmdump fails on either ("premature end of stream"), pydicom on a VR it does not know: the same error here. Elements
 * that fit (Data Set Trailing Padding (FFFC,FFFC), say) are read as a file not deflated reads them.
 */
function strayTail(ds: DataSet): DicomProblem | undefined {
  const pixels = ds.elements.x7fe00010;
  if (!pixels || pixels.hadUndefinedLength || pixels.length === UNDEFINED_LENGTH) return undefined;
  const end = pixels.dataOffset + pixels.length;
  const left = ds.byteArray.length - end;
  if (left <= 0) return undefined;
  if (left >= 8) return elementsAfter(ds.byteArray, end, labelOf(pixels));
  const why = bi(`位元組 ${end} 起剩下的 ${left} 位元組不足以構成一個元素`, `the ${left === 1 ? 'byte' : `${left} bytes`} left from byte ${end} cannot form an element`);
  return truncatedBecause(why, labelOf(pixels));
}

/** dicom-parser's failure on the elements from `at` (after the element `after`) to the end of `bytes`, once the structure scan lets it build them. */
function elementsAfter(bytes: Uint8Array, at: number, after: string): DicomProblem | undefined {
  const verdict = scanStructure(bytes, at, 'explicit-le', STRUCTURE_LIMITS, false);
  if (verdict !== 'ok') return new StructureRefused(verdict).problem();
  try {
    const parser = dicomParser.littleEndianByteArrayParser;
    dicomParser.parseDicomDataSetExplicit(new DataSetClass(parser, bytes, {}), new dicomParser.ByteStream(parser, bytes, at), bytes.length);
    return undefined;
  } catch (e) {
    return truncatedProblem(parserFailure(e).detail, after);
  }
}

/** Bytes after the end of a deflate stream that ended (PS3.5 A.5: the stream is the data set); dcmtk and pydicom ignore them. */
function afterDeflateStream({ trailing, trailingAt }: DataSetInflater): DicomProblem {
  const zhCount = `${trailing} 位元組`;
  const enCount = `${counted(trailing, 'byte')} ${agreeing(trailing, 'follows', 'follow')}`;
  return problem(
    'deflate-trailing',
    'warning',
    `壓縮（Deflated）的資料集的 deflate 資料流結束後，自位元組 ${trailingAt} 起還有 ${zhCount}；資料集就是該資料流（PS3.5 §A.5），這些位元組不屬於任何元素，dcmtk 與 pydicom 都略過不讀`,
    `${enCount} the end of the deflated data set's deflate stream, from byte ${trailingAt}; the stream is the data set (PS3.5 §A.5), so they belong to no element, and dcmtk and pydicom pass over them`,
  );
}

/**
 * dicom-parser's warnings of a whole file whose sequence, item or encapsulated Pixel Data of undefined length is never
 * closed (the file ends first, or the Pixel Data holds something other than an item or its delimiter). dcmdump fails on
 * each ("Sequence Delimitation Item missing", "Item Delimitation Item missing"), pydicom on the first two.
 */
const UNCLOSED = /missing sequence delimiter|eof encountered before finding (item delimiter|sequence delimitation|sequence item delimiter|sequence delimiter)|unexpected tag \S+ while searching for end of pixel data/i;

/**
 * Why a whole file has no data set: it ends inside its meta group, or right after it. dcmdump and pydicom read the meta
 * elements there are and an empty data set; dicom-parser fails with no useful word. No SOP instance, no image.
 */
function endsWithMetaGroup(bytes: Uint8Array): Bilingual | undefined {
  const start = afterMetaGroup(bytes).start;
  if (start < bytes.length) return undefined;
  // (0002,0000) at byte 132: where the group says it ends.
  const declaredEnd = bytes.length >= 144 && uint32At(bytes, 132) === 0x00000002 ? 144 + uint32At(bytes, 140) : start;
  if (start > bytes.length || declaredEnd > bytes.length) return bi(`檔案在檔頭群組 (0002) 中途結束（共 ${bytes.length} 位元組），沒有資料集`, `the file ends inside its meta group (0002), at byte ${bytes.length}, and holds no data set`);
  return bi(`檔案在檔頭群組 (0002) 之後、位元組 ${start} 即結束，沒有資料集`, `the file ends right after its meta group (0002), at byte ${start}, and holds no data set`);
}

/**
 * Of a whole file, dicom-parser's warning (or ours) that a sequence, item or encapsulated Pixel Data is never closed. Not
 * of Pixel Data whose Basic Offset Table is no multiple of 4 long: dicom-parser reads whole offsets past its end and
 * the fragments after it out of step; the table's own error says what is wrong.
 */
function unclosedIn(ds: DataSet, faults: EncodingFaults): string | undefined {
  const table = faults.badTable.first;
  const misread = table !== undefined && table.length % 4 !== 0;
  return ds.warnings.find((w) => UNCLOSED.test(w) && !(misread && /pixel data/i.test(w))) ?? cutDelimiter(ds);
}

/**
 * A whole file that ends inside the 8 bytes of the delimiter closing its last sequence of undefined length: dicom-parser
 * sees the delimiter's tag and steps over it without a word; dcmdump and pydicom fail.
 */
function cutDelimiter(ds: DataSet): string | undefined {
  for (const key in ds.elements) {
    const el = ds.elements[key];
    if (el.hadUndefinedLength && key !== 'x7fe00010' && el.dataOffset + el.length < ds.byteArray.length && el.dataOffset + el.length + 8 > ds.byteArray.length && holdsItems(ds, el)) {
      return 'eof encountered before finding sequence delimiter in sequence of undefined length';
    }
  }
  return undefined;
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
