/**
 * Counts the elements and items of a data set and measures how deep its sequences nest, without
 * building anything and without recursion, before dicom-parser reads it. dicom-parser builds an object
 * per element and per item and recurses once per sequence level: millions of empty elements or items
 * (8 bytes each) took gigabytes and minutes, and sequences nested 100,000 deep overflowed the stack.
 *
 * The scan follows dicom-parser's reading (which VRs have a 4-byte length, which implicit VR elements
 * are sequences, UN of undefined length read as implicit VR) so that it counts what dicom-parser would
 * build. Where the bytes stop making sense it stops and answers 'ok': dicom-parser then fails at the
 * same place and reports it.
 */

import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { isDictionarySequence } from './sequence-tags';
import { PARSER_LONG_VR, TAG, UNDEFINED_LENGTH, tagLabel } from './tags';
import { TS } from './uids';

const { PixelData: PIXEL_DATA, Item: ITEM, ItemDelimitationItem: ITEM_END, SequenceDelimitationItem: SEQUENCE_END } = TAG;

export type ByteOrderAndVr = 'implicit-le' | 'explicit-le' | 'explicit-be';

export type StructureVerdict = 'ok' | 'too-many-elements' | 'too-deep';

export interface StructureLimits {
  /** Elements and items together. */
  maxElements: number;
  /** Sequences inside sequences. */
  maxDepth: number;
}

const LONG_VR = PARSER_LONG_VR;
/** VRs PS3.5 §7.1.2 gives a 4-byte length (added in 2019) that dicom-parser reads with a 2-byte one, as if short. */
const UNLISTED_LONG_VR: ReadonlySet<string> = new Set(['OV', 'SV', 'UV']);

/** A sequence being read (its items follow), or an item being read (its elements follow). */
interface Frame {
  sequence: boolean;
  /** Where a defined length ends it; Infinity for an undefined length (a delimiter ends it). */
  end: number;
  /** Inside UN of undefined length, implicit VR little endian (PS3.5 §6.2.2), whatever the data set's byte order. */
  encoding: ByteOrderAndVr;
  /** Where the header of a UN of undefined length in a big endian data set starts (StructureNotes.bigEndianUnSequences). */
  bigEndianUnAt?: number;
}

/** How dicom-parser reads the data set of a transfer syntax: any it does not single out as explicit VR little endian. */
export function encodingOf(transferSyntaxUid: string): ByteOrderAndVr {
  if (transferSyntaxUid === TS.ImplicitVRLittleEndian) return 'implicit-le';
  if (transferSyntaxUid === TS.ExplicitVRBigEndian) return 'explicit-be';
  return 'explicit-le';
}

/**
 * The element numbers of the File Meta Information PS3.10 §7.1 defines (Table 7.1-1); group 0002 holds no
 * private elements.
 */
const META_ELEMENTS: ReadonlySet<number> = new Set([0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x0012, 0x0013, 0x0016, 0x0017, 0x0018, 0x0026, 0x0027, 0x0028, 0x0100, 0x0102]);

/**
 * Where the data set after the Part 10 meta group starts, and the transfer syntax the group names.
 *
 * The elements are read while their group is 0002, as dicom-parser and pydicom end the group. Where that walk
 * goes past the end (0002,0000) File Meta Information Group Length gives (PS3.10 §7.1), at an element boundary
 * it crossed, and what starts there is no meta element PS3.10 defines, the group length holds: a deflated data
 * set (PS3.5 A.5) is a deflate stream whose first bytes can read as a group-0002 element, which dcmtk, by the
 * group length, does not read as one. A group length that ends inside an element or past the group, or before
 * elements PS3.10 defines (a writer that left some out of the count), is wrong: the walk's end stands, as pydicom
 * reads such a file (dcmtk reads it by the wrong length, and then fails on an Implicit VR or deflated data set).
 *
 * Without a group length that holds, the meta group of a deflated file ends at its first group-0002 element that PS3.10
 * does not define. A deflate stream reads as a group-0002 element only when it starts with an empty fixed-Huffman block
 * and a stored block (02 00, then the block's length LEN and its complement): the element (0002,LEN), whose VR, the
 * complement, is two letters only when both bytes of LEN lie in A5..BE, so never one of PS3.10's. dcmtk and pydicom,
 * which end the group where it changes, read it as a meta element and fail to inflate what follows.
 */
export function afterMetaGroup(bytes: Uint8Array): { start: number; transferSyntaxUid: string } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 132;
  let transferSyntaxUid = '';
  let declaredEnd = -1;
  /** The transfer syntax read before the group length's end, when that end holds. */
  let syntaxAtDeclaredEnd: string | undefined;
  while (pos + 8 <= bytes.length && dv.getUint16(pos, true) === 0x0002) {
    const element = dv.getUint16(pos + 2, true);
    if (transferSyntaxUid === TS.DeflatedExplicitVRLittleEndian && !META_ELEMENTS.has(element)) break;
    if (pos === declaredEnd) {
      if (META_ELEMENTS.has(element)) declaredEnd = -1;
      else syntaxAtDeclaredEnd = transferSyntaxUid;
    }
    const vr = String.fromCharCode(bytes[pos + 4], bytes[pos + 5]);
    const long = LONG_VR.has(vr);
    if (long && pos + 12 > bytes.length) break;
    const length = long ? dv.getUint32(pos + 8, true) : dv.getUint16(pos + 6, true);
    const dataOffset = pos + (long ? 12 : 8);
    if (element === 0x0010) transferSyntaxUid = uidText(bytes, dataOffset, length);
    if (pos === 132 && element === 0x0000 && length === 4 && dataOffset + 4 <= bytes.length) declaredEnd = dataOffset + 4 + dv.getUint32(dataOffset, true);
    pos = dataOffset + length;
  }
  if (syntaxAtDeclaredEnd !== undefined) return { start: declaredEnd, transferSyntaxUid: syntaxAtDeclaredEnd };
  return { start: pos, transferSyntaxUid };
}

/** A copy of the bytes: a Buffer's own `slice` gives a view of the same memory, which writing to would change the caller's. */
function copyOf(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** The VRs of the meta group's elements (PS3.10 §7.1) that a meta group written in Implicit VR is given back. */
const META_VR: Readonly<Record<number, string>> = { 0x0000: 'UL', 0x0002: 'UI', 0x0003: 'UI', 0x0010: 'UI', 0x0012: 'UI', 0x0013: 'SH', 0x0016: 'AE', 0x0017: 'AE', 0x0018: 'AE', 0x0100: 'UI' };

/**
 * A copy of `bytes` whose meta group, written in Implicit VR Little Endian (its first element at byte 132 with a 4-byte
 * length where a VR's two letters belong; that element is (0002,0000), or (0002,0001) where the group length is
 * missing, which dcmtk reads with a warning), is spelled in Explicit VR, as PS3.10 §7.1 has it and dcmtk, dciodvfy and pydicom read it
 * anyway. Each element gets the short form, whose header is as long as the implicit one, so every offset of the file
 * stays: its own VR, or LO for one whose VR has the long form (OB File Meta Information Version, whose value no check
 * reads). Undefined when the meta group is not written so, or an element's length does not fit the short form.
 */
export function metaGroupMadeExplicit(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < 144) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint16(132, true) !== 0x0002 || dv.getUint32(136, true) > 0xffff || (isLetter(bytes[136]) && isLetter(bytes[137]))) return undefined;
  const out = copyOf(bytes);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let pos = 132; pos + 8 <= bytes.length && dv.getUint16(pos, true) === 0x0002; ) {
    const length = dv.getUint32(pos + 4, true);
    if (length > 0xffff) return undefined;
    const vr = META_VR[dv.getUint16(pos + 2, true)] ?? 'LO';
    out[pos + 4] = vr.charCodeAt(0);
    out[pos + 5] = vr.charCodeAt(1);
    outView.setUint16(pos + 6, length, true);
    pos += 8 + length;
  }
  return out;
}

/**
 * Where dcmtk ends the meta group when (0002,0000) is short of it: dcmtk reads meta elements while it has read fewer
 * bytes than the group length says, so it ends the group at the first element boundary at or past that end, and reads
 * the group-0002 elements after it as elements of the data set, in the data set's transfer syntax. The start of the
 * first element so left, or -1: no group length, or one that ends inside the last meta element or past it.
 */
export function metaElementLeftByGroupLength(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 144 || dv.getUint32(132, true) !== 0x00000002 || dv.getUint16(138, true) !== 4) return -1;
  const declaredEnd = 144 + dv.getUint32(140, true);
  const end = afterMetaGroup(bytes).start;
  for (let pos = 144; pos + 8 <= end; ) {
    if (pos >= declaredEnd) return pos;
    const long = LONG_VR.has(String.fromCharCode(bytes[pos + 4], bytes[pos + 5]));
    if (long && pos + 12 > bytes.length) break;
    pos += long ? 12 + dv.getUint32(pos + 8, true) : 8 + dv.getUint16(pos + 6, true);
  }
  return -1;
}

/**
 * Why dcmtk and pydicom cannot read a deflated file whose deflate stream, at `start` (afterMetaGroup), reads as a
 * group-0002 element while (0002,0000) does not end the meta group there: both then end the group where it changes
 * (dcmtk by a wrong group length reads on as far as it says), take the stream's first bytes for a meta element and
 * fail to inflate the rest ("invalid block type"). Undefined when the stream does not read so, or the group length
 * ends the group before it, which dcmtk follows (deflateLooksLikeMetaElement).
 */
export function deflateReadAsMetaElement(bytes: Uint8Array, start: number): Bilingual | undefined {
  const stream = deflateStartAsMetaElement(bytes, start);
  if (!stream || stream.groupLengthHolds) return undefined;
  const { label, declared } = stream;
  const zhLength = declared === undefined ? '缺少 (0002,0000) 檔頭群組長度' : `(0002,0000) 檔頭群組長度為 ${declared}，並非在此結束`;
  const enLength = declared === undefined ? '(0002,0000) File Meta Information Group Length is missing' : `(0002,0000) File Meta Information Group Length says ${declared}, which does not end the meta group there`;
  return bi(
    `壓縮（Deflated）的資料集自位元組 ${start} 起的 deflate 資料流，開頭可讀成檔頭群組元素 ${label}，而${zhLength}；檔頭在何處結束只能由群組長度得知（PS3.10 §7.1、PS3.5 §A.5），dcmtk 與 pydicom 把這些位元組當成檔頭元素，無法解壓資料集。請以正確的群組長度重新寫出檔案（例如 dcmconv +td）`,
    `the deflate stream of the deflated data set, from byte ${start}, starts with bytes that read as a meta group element, ${label}, and ${enLength}; only the group length tells where the meta group ends (PS3.10 §7.1, PS3.5 §A.5), so dcmtk and pydicom read those bytes as a meta element and cannot inflate the data set. Write the file again with the right group length (dcmconv +td, for one)`,
  );
}

/**
 * The same stream where (0002,0000) does end the meta group before it: dcmtk and GDCM end the group by its length and
 * read the file; pydicom and dciodvfy end it where the group changes, take the stream's first bytes for a meta
 * element and fail ("invalid block type", "Dicom dataset read failed"). The file is as PS3.10 asks, so a warning that
 * readers of the second kind cannot open it. Undefined otherwise.
 */
export function deflateLooksLikeMetaElement(bytes: Uint8Array, start: number): Bilingual | undefined {
  const stream = deflateStartAsMetaElement(bytes, start);
  if (!stream?.groupLengthHolds) return undefined;
  const { label } = stream;
  return bi(
    `壓縮（Deflated）的資料集自位元組 ${start} 起的 deflate 資料流，開頭可讀成檔頭群組元素 ${label}；(0002,0000) 檔頭群組長度在此之前結束檔頭，dcmtk 依此讀取，但在群組改變處才結束檔頭的程式（pydicom、dciodvfy）把這些位元組當成檔頭元素，無法解壓資料集（PS3.10 §7.1、PS3.5 §A.5）。請重新壓縮資料集（例如 dcmconv +td）`,
    `the deflate stream of the deflated data set, from byte ${start}, starts with bytes that read as a meta group element, ${label}; (0002,0000) File Meta Information Group Length ends the meta group before them and dcmtk reads the file by it, but readers that end the meta group where its group changes (pydicom, dciodvfy) take those bytes for a meta element and cannot inflate the data set (PS3.10 §7.1, PS3.5 §A.5). Deflate the data set again (dcmconv +td, for one)`,
  );
}

/**
 * The group-0002 element a deflate stream at `start` reads as, (0002,0000)'s value (undefined without one), and whether
 * that ends the meta group at `start`; undefined when the stream does not read as a group-0002 element.
 */
function deflateStartAsMetaElement(bytes: Uint8Array, start: number): { label: string; declared: number | undefined; groupLengthHolds: boolean } | undefined {
  if (start + 8 > bytes.length) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint16(start, true) !== 0x0002) return undefined;
  const hasGroupLength = bytes.length >= 144 && dv.getUint32(132, true) === 0x00000002 && dv.getUint16(138, true) === 4;
  const declared = hasGroupLength ? dv.getUint32(140, true) : undefined;
  const label = tagLabel(((0x0002 << 16) | dv.getUint16(start + 2, true)) >>> 0);
  return { label, declared, groupLengthHolds: declared !== undefined && 144 + declared === start };
}

/**
 * The first tag of the data set after the meta group, when its group is below 0002 (0000, or 0001 which PS3.5 §7.1
 * forbids). None of a deflated data set, whose bytes there are a deflate stream: one that starts with a stored block
 * (01 or 00, then its length) reads as group 0001 or 0000 when the block's length is a multiple of 256.
 */
function dataSetBelowGroup2(bytes: Uint8Array): { start: number; encoding: ByteOrderAndVr; label: string; group: string } | undefined {
  const shape = afterMetaGroup(bytes);
  if (shape.start + 4 > bytes.length || shape.transferSyntaxUid === TS.DeflatedExplicitVRLittleEndian) return undefined;
  const encoding = encodingOf(shape.transferSyntaxUid);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = encoding !== 'explicit-be';
  const group = dv.getUint16(shape.start, little);
  if (group >= 0x0002) return undefined;
  const label = tagLabel(((group << 16) | dv.getUint16(shape.start + 2, little)) >>> 0);
  return { start: shape.start, encoding, label, group: label.slice(1, 5) };
}

/**
 * Why a Part 10 file cannot be read when its Implicit VR data set starts with a group below 0002 (0000, or
 * 0001 which PS3.5 §7.1 forbids): dicom-parser ends the meta group at the first tag above group 0002, so it
 * reads these elements as Explicit VR meta elements, runs through the data set and fails on what is left (a
 * bogus length, a "truncated" tag made of value bytes, or no data set at all). dcmtk and pydicom skip the
 * element with a warning. Undefined when the data set starts otherwise.
 */
export function dataSetReadAsMetaGroup(bytes: Uint8Array): Bilingual | undefined {
  const found = dataSetBelowGroup2(bytes);
  if (found?.encoding !== 'implicit-le') return undefined;
  const { start, label, group: g } = found;
  return bi(
    `資料集在位元組 ${start} 以 ${label} 開始，群組 ${g} 是 DICOM 不允許使用的群組（PS3.5 §7.1）；DICOM 解析程式（dicom-parser）把它當成 Part 10 檔頭（群組 0002）的 Explicit VR 元素讀下去，讀錯了其後的整個 Implicit VR 資料集。請移除此元素後重新匯出`,
    `the data set starts at byte ${start} with ${label}, in group ${g}, which DICOM does not allow (PS3.5 §7.1); the DICOM parser (dicom-parser) takes it for an Explicit VR element of the Part 10 meta group (group 0002) and misreads the whole Implicit VR data set after it. Remove the element and export the file again`,
  );
}

/**
 * The same element at the start of an Explicit VR data set (little or big endian): dicom-parser and dcmtk read it
 * and what follows (dcmtk with a warning), dciodvfy finds the tags out of order and no IOD. Undefined otherwise.
 */
export function explicitDataSetInForbiddenGroup(bytes: Uint8Array): Bilingual | undefined {
  const found = dataSetBelowGroup2(bytes);
  if (!found || found.encoding === 'implicit-le') return undefined;
  const { start, label, group: g } = found;
  return bi(
    `資料集在位元組 ${start} 以 ${label} 開始，群組 ${g} 是 DICOM 不允許使用的群組（PS3.5 §7.1）；dcmtk 警告後略過，dciodvfy 則判定標籤順序錯誤、讀不到影像。請移除此元素後重新匯出`,
    `the data set starts at byte ${start} with ${label}, in group ${g}, which DICOM does not allow (PS3.5 §7.1); dcmtk reads past it with a warning, but dciodvfy finds the tags out of order and reads no image. Remove the element and export the file again`,
  );
}

/** What the structure scan notes on its way, for the reader (`scanStructure`'s `notes`). */
export interface StructureNotes {
  /** Where the VRs of OV, SV and UV elements lie (read with their 4-byte length, as DICOM has them), for `spelledForParser`. */
  unlistedLongVrs: number[];
  /**
   * The UN elements of undefined length in an Explicit VR Big Endian data set, from the start of each one's header to
   * the end of its sequence delimiter, for `spelledForParser`: their items are Implicit VR Little Endian (PS3.5
   * §6.2.2, as dcmtk reads them), which dicom-parser reads in big endian, and fails.
   */
  bigEndianUnSequences?: { at: number; end: number }[];
  /** The first such UN whose first item is written in big endian (where its header starts, its tag): dcmtk fails on it. */
  bigEndianUnItems?: { at: number; tag: number };
  /**
   * The first element read as Implicit VR whose tag the data dictionary gives the VR SQ but whose value (not empty) does
   * not start with an item or a sequence delimiter: where it starts, its tag, and the tag its value starts with. dcmtk
   * reads it as a sequence and fails ("Parse error in sequence"); dicom-parser reads it as a plain value.
   */
  notSequence?: { at: number; tag: number; found: number };
  /**
   * The first top-level element in group 0002 whose value runs past the bytes: dicom-parser puts the meta group's
   * element of that tag over it, so its length is not seen as read (a length before it off by a few bytes lands on
   * the 02 00 00 00 of a 2-byte value's length, read as (0002,0000)). dcmtk fails on it.
   */
  metaTagPastEnd?: { tag: number; length: number; dataOffset: number };
  /**
   * The first item tag (FFFE,E000) or sequence delimiter (FFFE,E0DD) where an element belongs (in the data set or an
   * item), or item delimiter (FFFE,E00D) before the end of an item of defined length, as a length a few bytes off lands
   * on one: dcmtk fails there ("Invalid tag", "Parse error in sequence item", "Parse error in sequence"); dicom-parser
   * reads the first two as elements and steps over the third.
   */
  delimiterAsElement?: { at: number; tag: number };
  /**
   * The top-level elements of group 0002 in the data set, after the meta group, whose value fits in the bytes (one past
   * them is `metaTagPastEnd`): where each starts, and its tag. dcmdump
   * warns of each ("Invalid Element … found in data set"); dicom-parser puts the meta group's element of the same tag
   * over it, or reads it as one more meta element.
   */
  metaInDataSet?: { at: number; tag: number }[];
}

export function scanStructure(bytes: Uint8Array, start: number, encoding: ByteOrderAndVr, limits: StructureLimits, untilPixelData: boolean, notes?: StructureNotes): StructureVerdict {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const stack: Frame[] = [];
  let count = 0;
  let depth = 0;
  let pos = start;
  const tagAt = (at: number, little: boolean): number => ((dv.getUint16(at, little) << 16) | dv.getUint16(at + 2, little)) >>> 0;

  for (;;) {
    const frame = stack[stack.length - 1];
    const enc = frame ? frame.encoding : encoding;
    const little = enc !== 'explicit-be';
    if (frame && pos >= frame.end) {
      stack.pop();
      if (frame.sequence) depth--;
      continue;
    }
    if (pos + 8 > n) return 'ok';
    const tag = tagAt(pos, little);
    const tagLength = dv.getUint32(pos + 4, little);
    if (frame?.sequence) {
      if (tag === SEQUENCE_END) {
        stack.pop();
        depth--;
        pos += 8;
        if (frame.bigEndianUnAt !== undefined && notes) (notes.bigEndianUnSequences ??= []).push({ at: frame.bigEndianUnAt, end: pos });
        continue;
      }
      if (tag !== ITEM) {
        if (frame.bigEndianUnAt !== undefined && notes && !notes.bigEndianUnItems && tagAt(pos, false) === ITEM) notes.bigEndianUnItems = { at: frame.bigEndianUnAt, tag: tagAt(frame.bigEndianUnAt, false) };
        return 'ok';
      }
      if (++count > limits.maxElements) return 'too-many-elements';
      pos += 8;
      stack.push({ sequence: false, end: tagLength === UNDEFINED_LENGTH ? Infinity : pos + tagLength, encoding: enc });
      continue;
    }
    if (frame && tag === ITEM_END) {
      // Ends an item of defined length before its end: dcmtk then reads the rest of the item as items and fails.
      if (frame.end !== Infinity && pos + 8 < frame.end && notes && !notes.delimiterAsElement) notes.delimiterAsElement = { at: pos, tag };
      stack.pop();
      pos += 8;
      continue;
    }
    if (!frame && untilPixelData && tag === PIXEL_DATA) return 'ok';
    if ((tag === ITEM || tag === SEQUENCE_END) && notes && !notes.delimiterAsElement) notes.delimiterAsElement = { at: pos, tag };
    if (++count > limits.maxElements) return 'too-many-elements';

    let length: number;
    let dataOffset: number;
    let sequence: boolean;
    let inner = enc;
    if (enc === 'implicit-le') {
      length = tagLength;
      dataOffset = pos + 8;
      const next = dataOffset + 4 <= n ? tagAt(dataOffset, true) : 0;
      const looksSequence = next === ITEM || next === SEQUENCE_END;
      const isPrivate = (tag >>> 16) % 2 === 1;
      sequence = looksSequence && (!isPrivate || length === UNDEFINED_LENGTH);
      if (!looksSequence && length !== 0 && dataOffset + 4 <= n && notes && !notes.notSequence && !isPrivate && isDictionarySequence(tag)) notes.notSequence = { at: pos, tag, found: next };
    } else {
      const vr = String.fromCharCode(bytes[pos + 4], bytes[pos + 5]);
      const unlisted = UNLISTED_LONG_VR.has(vr);
      if (unlisted) notes?.unlistedLongVrs.push(pos + 4);
      if (LONG_VR.has(vr) || unlisted) {
        if (pos + 12 > n) return 'ok';
        length = dv.getUint32(pos + 8, little);
        dataOffset = pos + 12;
      } else {
        length = dv.getUint16(pos + 6, little);
        dataOffset = pos + 8;
      }
      sequence = vr === 'SQ' || (vr === 'UN' && length === UNDEFINED_LENGTH && tag !== PIXEL_DATA);
      if (vr === 'UN') inner = 'implicit-le';
    }
    if (sequence) {
      if (++depth > limits.maxDepth) return 'too-deep';
      const bigEndianUnAt = enc === 'explicit-be' && inner === 'implicit-le' ? pos : undefined;
      stack.push({ sequence: true, end: length === UNDEFINED_LENGTH ? Infinity : dataOffset + length, encoding: inner, bigEndianUnAt });
      pos = dataOffset;
      continue;
    }
    if (length !== UNDEFINED_LENGTH) {
      if (!frame && tag >>> 16 === 0x0002 && notes) {
        if (dataOffset + length <= n) (notes.metaInDataSet ??= []).push({ at: pos, tag });
        else notes.metaTagPastEnd ??= { tag, length, dataOffset };
      }
      pos = dataOffset + length;
      continue;
    }
    // Undefined length, not a sequence: Pixel Data's fragments up to a sequence delimiter, anything else up to an item delimiter.
    pos = tag === PIXEL_DATA ? pastFragments(dv, dataOffset, little) : pastItemDelimiter(dv, dataOffset, little);
    if (pos < 0) return 'ok';
  }
}

/**
 * `bytes` with the OV, SV and UV VRs at `notes.unlistedLongVrs` spelled OB, which has the same 4-byte length, so that
 * dicom-parser reads the elements as DICOM does: read with a 2-byte length, each made a valid file truncated. And each
 * of `notes.bigEndianUnSequences` spelled OB of the length of its items and delimiter, which dicom-parser steps over:
 * its little endian items are then not read (private data, mostly), where dicom-parser would read them in big endian
 * and call a valid file corrupt. A copy when `copy` (the caller's bytes are left as they are).
 */
export function spelledForParser(bytes: Uint8Array, notes: Pick<StructureNotes, 'unlistedLongVrs' | 'bigEndianUnSequences'>, copy: boolean): Uint8Array {
  const un = notes.bigEndianUnSequences ?? [];
  if (notes.unlistedLongVrs.length === 0 && un.length === 0) return bytes;
  const out = copy ? copyOf(bytes) : bytes;
  for (const p of notes.unlistedLongVrs) {
    out[p] = 0x4f;
    out[p + 1] = 0x42;
  }
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const { at, end } of un) {
    out[at + 4] = 0x4f;
    out[at + 5] = 0x42;
    dv.setUint32(at + 8, end - (at + 12), false);
  }
  return out;
}

/** As dicom-parser looks for the end of an undefined-length value other than Pixel Data: past the first (FFFE,E00D) at an even step, or -1. */
function pastItemDelimiter(dv: DataView, at: number, little: boolean): number {
  for (let pos = at; pos + 8 <= dv.byteLength; pos += 2) {
    if (dv.getUint16(pos, little) === 0xfffe && dv.getUint16(pos + 2, little) === 0xe00d) return pos + 8;
  }
  return -1;
}

/** Past the items (fragments) and the sequence delimiter that end an undefined-length value, or -1. */
function pastFragments(dv: DataView, at: number, little: boolean): number {
  let pos = at;
  while (pos + 8 <= dv.byteLength) {
    const group = dv.getUint16(pos, little);
    const element = dv.getUint16(pos + 2, little);
    const length = dv.getUint32(pos + 4, little);
    if (group !== 0xfffe) return -1;
    if (element === 0xe0dd || element === 0xe00d) return pos + 8;
    if (element !== 0xe000 || length === UNDEFINED_LENGTH) return -1;
    pos += 8 + length;
  }
  return -1;
}

/** A UI value as text: latin1, up to a NUL, trimmed; only the bytes that are there. */
function uidText(bytes: Uint8Array, at: number, length: number): string {
  const end = Math.min(bytes.length, at + length);
  return Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.max(0, end - at)).toString('latin1').replace(/\0.*$/s, '').trim();
}
