import type { DataSet, Element } from 'dicom-parser';
import { agreeing, counted } from '../counted';
import { uint32At, valueString } from './byte-values';
import { framesValue } from './pixel-length';
import { problem, type DicomProblem } from './problems';
import { DICOM_VR, PARSER_LONG_VR as LONG_VR, TAG, UNDEFINED_LENGTH, tagLabel } from './tags';
import { defaultRepertoireOnly, hasC1, hasLongLead, takesLongUtf8, unusableTerm, utf8Reading, windowsC1Reading } from './charset';
import { c1ReadAsWindowsProblem, highBytesAt, INHERITED, isText, OWN_ASCII, OWN_OTHER, ownScope, undeclaredCharsetProblem, utf8AsSingleByteProblem, type HighText, type TextScope } from './undeclared-charset';

const { Item: ITEM, PixelData: PIXEL_DATA } = TAG;

/** Groups 0001, 0003, 0005, 0007 and FFFF, which PS3.5 §7.1 says shall not be used (the other odd groups are private). */
export function forbiddenGroup(group: number): boolean {
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
 * - the first element of undefined length that is neither a sequence (SQ, or UN read as one) nor encapsulated Pixel
 *   Data (PS3.5 §7.1.2, §7.5): dcmtk fails there ("larger than remaining bytes", "Illegal element with OB or OW Value
 *   Representation and undefined length"); pydicom reads it up to a delimiter or the end of the file, as dicom-parser does.
 * - the elements in a group PS3.5 §7.1 does not allow (0001, 0003, 0005, 0007, FFFF), at any depth: the first, and
 *   how many. dcmtk and pydicom read them; dciodvfy says "Bad group" and reads on. One of group 0001 that starts an
 *   Explicit VR data set is the error `forbidden-group` instead (`skipAt`).
 * - the elements of group 0002 (File Meta Information) in the data set, after the meta group (PS3.10 §7.1: the group
 *   precedes the data set): the first, and how many. dcmtk reads them with a warning ("Invalid Element … found in data
 *   set"), pydicom reads them into the data set, dciodvfy finds the tags out of order. Found by the structure scan
 *   (read.ts): the header walker leaves such a file to dicom-parser, which hides one of a meta element's tag under it.
 * - the first Basic Offset Table of encapsulated Pixel Data that cannot find the frames (PS3.5 §A.4: one 4-byte offset
 *   a frame, each to the first byte of the item of the frame's first fragment, ascending): a length that is not a
 *   multiple of 4 (pydicom refuses to find frames by it, dcmtk fails on an odd one), or an offset where no fragment
 *   starts or not above the one before (readers that split frames by it cut the wrong bytes). An error, `bad-offset-table`;
 *   an odd table length is said there rather than as an odd item.
 */
export class EncodingFaults {
  /** Elements and items of odd value length: where, the tag, the length. */
  readonly oddLength = new FirstFault<{ at: number; tag: number; length: number }>();
  readonly unknownVr = new FirstFault<{ at: number; tag: number; vr: string }>();
  /** Elements read as Implicit VR that the data dictionary makes sequences but whose value holds no item: where, the tag, the tag the value starts with. */
  readonly notSequence = new FirstFault<{ at: number; tag: number; found: number }>();
  /** UN elements of undefined length in a big endian data set whose items are big endian too (StructureNotes.bigEndianUnItems). */
  readonly bigEndianUnItems = new FirstFault<{ at: number; tag: number }>();
  /** Elements of undefined length that are no sequence and no encapsulated Pixel Data: where, the tag. */
  readonly undefinedLength = new FirstFault<{ at: number; tag: number }>();
  /** Elements out of tag order: where, the tag, the tag before it. */
  readonly disorder = new FirstFault<{ at: number; tag: number; after: number }>();
  /** Elements in a group DICOM does not allow: where, the tag. */
  readonly badGroup = new FirstFault<{ at: number; tag: number }>();
  /** Top-level elements of group 0002 (File Meta Information) in the data set: where, the tag. */
  readonly metaInDataSet = new FirstFault<{ at: number; tag: number }>();
  /** Items of encapsulated Pixel Data of odd length: where, which (0: the Basic Offset Table, n: fragment n), the length. */
  readonly oddFragment = new FirstFault<{ at: number; index: number; length: number }>();
  /** Basic Offset Tables that cannot find the frames: where the table's item starts, its length, and the first offset (its index, value, and the offset before it) that is wrong, if any. */
  readonly badTable = new FirstFault<BadTable>();
  /**
   * Text values with a byte above 7FH (undeclared-charset.ts) of the data set and of the items that take its set,
   * judged by the file's Specific Character Set in problemInto; and those of items that declare the default
   * repertoire alone, faults whatever the data set's set.
   */
  readonly highText = new FirstFault<HighText>();
  readonly highTextOwnAscii = new FirstFault<HighText>();
  /**
   * Those of them (of the data set and the items that take its set) with bytes of 80H-9FH, judged in problemInto where
   * the set is a single ISO 8859 or TIS 620 term: well-formed UTF-8, and the others; and those without such a byte that
   * are well-formed UTF-8 with a sequence of three or four bytes (中, E4 B8 AD), UTF-8 under an ISO 8859 set only.
   */
  readonly utf8Text = new FirstFault<HighText>();
  readonly c1Text = new FirstFault<HighText>();
  readonly longUtf8Text = new FirstFault<HighText>();
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
   * Notes a text value (of a VR Specific Character Set governs) at [start, start + length) of `bytes` that holds a
   * byte above 7FH; `scope`: of the item it is in (INHERITED at the top level).
   */
  text(bytes: Uint8Array, at: number, tag: number, start: number, length: number, scope: TextScope = INHERITED): void {
    if (scope === OWN_OTHER || length === UNDEFINED_LENGTH || !highBytesAt(bytes, start, length)) return;
    const found = { at, tag, value: bytes.subarray(start, Math.min(bytes.length, start + length)) };
    (scope === OWN_ASCII ? this.highTextOwnAscii : this.highText).add(found);
    if (scope !== INHERITED) return;
    if (hasC1(found.value)) (utf8Reading(found.value) === undefined ? this.c1Text : this.utf8Text).add(found);
    else if (hasLongLead(found.value) && utf8Reading(found.value) !== undefined) this.longUtf8Text.add(found);
  }

  /**
   * Notes those of a data set dicom-parser read (its items' too); an element starts 8 bytes before its value, 12 for
   * an explicit VR with a 4-byte length. Elements whose value starts before `from` are not looked at. `scope`: by
   * what its text is judged (INHERITED: the data set's, or an item that takes it).
   */
  inDataSet(ds: DataSet, from: number, scope: TextScope = INHERITED): void {
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
      // (0008,0005) does not govern the meta group.
      if (tag >>> 16 !== 0x0002 && !el.items && isText(el.vr, tag)) this.text(ds.byteArray, at, tag, el.dataOffset, el.length, scope);
      // dicom-parser reads such an element up to the next item delimiter or the end of the file, without a word.
      if (el.hadUndefinedLength && !el.items && tag !== PIXEL_DATA && !holdsItems(ds, el)) this.undefinedLength.add({ at, tag });
      if (el.fragments) this.inFragments(ds.byteArray, el, framesOf(ds));
      if (!el.items) continue;
      for (const item of el.items) {
        if (!item.hadUndefinedLength && (item.length & 1) === 1) this.note(item.dataOffset - 8, ITEM, item.length);
        const own = item.dataSet?.elements.x00080005;
        if (item.dataSet) this.inDataSet(item.dataSet, from, own ? ownScope(item.dataSet.string('x00080005') ?? '') : scope);
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
   * Notes the faults of the items of encapsulated Pixel Data dicom-parser read, walked again from the bytes: dicom-parser
   * reads a Basic Offset Table whose length is no multiple of 4 by whole offsets, past its end and into the next item,
   * and its fragments from there are out of step. The odd fragments; the table's length and offsets, and their count
   * against `frames` (undefined: not known).
   */
  private inFragments(bytes: Uint8Array, el: Element, frames: number | undefined): void {
    const items = pixelItems(bytes, el.dataOffset);
    if (items.length === 0) return;
    const [table, ...fragments] = items;
    fragments.forEach((fragment, i) => {
      if ((fragment.length & 1) === 1) this.oddFragment.add({ at: fragment.at, index: i + 1, length: fragment.length });
    });
    if (table.length % 4 !== 0) {
      this.badTable.add({ at: table.at, length: table.length });
      return;
    }
    const starts = new Set(fragments.map((f) => f.at - fragments[0].at));
    const count = Math.min(table.length, bytes.length - table.at - 8) >>> 2;
    for (let i = 0; i < count; i++) {
      const value = uint32At(bytes, table.at + 8 + 4 * i);
      const previous = i > 0 ? uint32At(bytes, table.at + 4 + 4 * i) : -1;
      const why = i === 0 && value !== 0 ? 'first' : !starts.has(value) ? 'nowhere' : value <= previous ? 'descending' : undefined;
      if (why) {
        this.badTable.add({ at: table.at, length: table.length, wrong: { index: i, value, why, previous } });
        return;
      }
    }
    if (count > 0 && frames !== undefined && count !== frames) this.badTable.add({ at: table.at, length: table.length, frames });
  }

  /** `specificCharacterSet`: the value of the data set's (0008,0005), by which its text values are judged. */
  problemInto(problems: DicomProblem[], specificCharacterSet: string | undefined): void {
    const unusable = unusableTerm(specificCharacterSet ?? '');
    const high = defaultRepertoireOnly(specificCharacterSet ?? '') || unusable !== undefined ? this.highText.with(this.highTextOwnAscii) : this.highTextOwnAscii;
    if (high.first) problems.push(undeclaredCharsetProblem(high.first, high.count - 1, unusable && { ...unusable, defined: false }));
    const windows = windowsC1Reading(specificCharacterSet ?? '');
    if (windows !== undefined) {
      const term = specificCharacterSet!.trim();
      const utf8 = takesLongUtf8(term) ? this.utf8Text.with(this.longUtf8Text) : this.utf8Text;
      if (utf8.first) problems.push(utf8AsSingleByteProblem(utf8.first, utf8.count - 1, term));
      if (this.c1Text.first) problems.push(c1ReadAsWindowsProblem(this.c1Text.first, this.c1Text.count - 1, term, windows));
    }
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
    const notSequence = this.notSequence.first;
    if (notSequence) {
      const label = tagLabel(notSequence.tag);
      const found = tagLabel(notSequence.found);
      problems.push(problem(
        'sequence-without-items',
        'error',
        `位元組 ${notSequence.at} 的資料元素 ${label} 依 DICOM 資料字典（PS3.6）是序列（SQ），其值卻沒有項目：以 ${found} 開始，而不是項目標籤 (FFFE,E000)（PS3.5 §7.5）。Implicit VR 的元素不寫 VR，讀取程式依資料字典把它當序列讀，dcmtk 讀到此處即失敗；多半是標籤的位元損壞`,
        `element ${label} at byte ${notSequence.at} is a sequence (SQ) by the DICOM data dictionary (PS3.6), but its value holds no items: it starts with ${found}, not the item tag (FFFE,E000) (PS3.5 §7.5). An Implicit VR element carries no VR, so readers take it for a sequence by the dictionary, and dcmtk fails there; most likely a bit of its tag is damaged`,
      ));
    }
    const unItems = this.bigEndianUnItems.first;
    if (unItems) {
      const label = tagLabel(unItems.tag);
      problems.push(problem(
        'un-items-big-endian',
        'error',
        `位元組 ${unItems.at} 的資料元素 ${label} 是未定長度的 UN，其項目卻以 big endian 寫成；PS3.5 §6.2.2 規定這樣的值在任何傳輸語法中都以 Implicit VR Little Endian 寫，dcmtk 依此讀取，讀到此處即失敗`,
        `element ${label} at byte ${unItems.at}, a UN of undefined length, holds its items in big endian, where PS3.5 §6.2.2 has such a value in Implicit VR Little Endian in every transfer syntax; dcmtk reads it so and fails there`,
      ));
    }
    const undefinedLength = this.undefinedLength.first;
    // One of undefined length said above is not said again.
    if (undefinedLength && undefinedLength.at !== notSequence?.at) {
      const label = tagLabel(undefinedLength.tag);
      problems.push(problem(
        'undefined-length',
        'error',
        `位元組 ${undefinedLength.at} 的資料元素 ${label} 長度為未定（FFFFFFFFH），但它不是序列（SQ）也不是封裝的像素資料；只有這兩者可用未定長度（PS3.5 §7.1.2、§7.5、§A.4）。其後的元素無從判讀，dcmtk 讀到此處即失敗`,
        `element ${label} at byte ${undefinedLength.at} has an undefined length (FFFFFFFFH) but is neither a sequence (SQ) nor encapsulated Pixel Data, the only elements that may (PS3.5 §7.1.2, §7.5, §A.4); the elements after it cannot be read, and dcmtk fails there`,
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
        `element ${label} at byte ${disorder.at} comes after ${after}, where the elements of a data set ascend by tag (PS3.5 §7.1)${more ? `; so ${agreeing(more, 'does', 'do')} ${counted(more, 'more element')}` : ''}`,
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
        `element ${label} at byte ${bad.at} is in group ${group}, which DICOM does not allow (PS3.5 §7.1)${more ? `; so ${agreeing(more, 'is', 'are')} ${counted(more, 'more element')}` : ''}`,
      ));
    }
    const meta = this.metaInDataSet.first;
    if (meta) {
      const label = tagLabel(meta.tag);
      const more = this.metaInDataSet.count - 1;
      problems.push(problem(
        'meta-element-in-data-set',
        'warning',
        `位元組 ${meta.at} 的資料元素 ${label} 屬於檔頭群組 0002（File Meta Information），卻在資料集中；群組 0002 只在資料集之前的檔頭中（PS3.10 §7.1），dcmtk 警告後照讀，dciodvfy 判定標籤順序錯誤${more ? `；另有 ${more} 個元素亦同` : ''}`,
        `element ${label} at byte ${meta.at} is a File Meta Information element (group 0002) inside the data set, where group 0002 is the meta group before the data set only (PS3.10 §7.1); dcmtk reads it with a warning, dciodvfy finds the tags out of order${more ? `; so ${agreeing(more, 'is', 'are')} ${counted(more, 'more element')}` : ''}`,
      ));
    }
    const table = this.badTable.first;
    if (table) problems.push(badTableProblem(table));
    const fragment = this.oddFragment.first;
    if (fragment) {
      const more = this.oddFragment.count - 1;
      const zhWhich = fragment.index === 0 ? '基本偏移表（Basic Offset Table）項目' : `第 ${fragment.index} 個片段（fragment）`;
      const enWhich = fragment.index === 0 ? 'the Basic Offset Table item' : `fragment ${fragment.index}`;
      problems.push(problem(
        'odd-fragment',
        'warning',
        `封裝的像素資料 (7FE0,0010) 中位元組 ${fragment.at} 的${zhWhich}長度為奇數 ${fragment.length} 位元組，其項目長度須為偶數（PS3.5 §A.4）${more ? `；另有 ${more} 個項目亦同` : ''}`,
        `${enWhich} of the encapsulated Pixel Data (7FE0,0010), the item at byte ${fragment.at}, has an odd length, ${fragment.length} bytes, where its items have even lengths (PS3.5 §A.4)${more ? `; so ${agreeing(more, 'has', 'have')} ${counted(more, 'more item')}` : ''}`,
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
      `element ${label} at byte ${odd.at} has an odd value length, ${odd.length} bytes, where DICOM value lengths are even (PS3.5 §7.1.1)${more ? `; so ${agreeing(more, 'has', 'have')} ${counted(more, 'more element')}` : ''}`,
    ));
  }
}

/**
 * Whether the value of `el` starts with an item or a sequence delimiter: a sequence, though dicom-parser keeps no items
 * of a private one of undefined length in Implicit VR.
 */
export function holdsItems(ds: DataSet, el: Element): boolean {
  const at = el.dataOffset;
  if (at + 4 > ds.byteArray.length) return false;
  const group = ds.byteArrayParser.readUint16(ds.byteArray, at);
  const element = ds.byteArrayParser.readUint16(ds.byteArray, at + 2);
  return group === 0xfffe && (element === 0xe000 || element === 0xe0dd);
}

/** Of faults found in any order, the first in the file (by byte), and how many there are. */
class FirstFault<T extends { at: number }> {
  first: T | undefined;
  count = 0;

  add(fault: T): void {
    this.count++;
    if (!this.first || fault.at < this.first.at) this.first = fault;
  }

  /** These and `other`'s together. */
  with(other: FirstFault<T>): FirstFault<T> {
    const both = new FirstFault<T>();
    for (const f of [this, other]) if (f.first) {
      both.add(f.first);
      both.count += f.count - 1;
    }
    return both;
  }
}


/** The items of encapsulated Pixel Data from `at` (the Basic Offset Table's, then the fragments'), up to the sequence delimiter, to anything else, or to an item that runs past the bytes (the last listed). */
function pixelItems(bytes: Uint8Array, at: number): { at: number; length: number }[] {
  const items: { at: number; length: number }[] = [];
  for (let pos = at; pos + 8 <= bytes.length; ) {
    const tag = (((bytes[pos] | (bytes[pos + 1] << 8)) << 16) | bytes[pos + 2] | (bytes[pos + 3] << 8)) >>> 0;
    if (tag !== ITEM) break;
    const length = uint32At(bytes, pos + 4);
    items.push({ at: pos, length });
    if (length === UNDEFINED_LENGTH || pos + 8 + length > bytes.length) break;
    pos += 8 + length;
  }
  return items;
}

/** A Basic Offset Table that cannot find the frames: where its item starts, its length, and its first wrong offset (index, value, why, the offset before it). */
interface BadTable {
  at: number;
  length: number;
  wrong?: { index: number; value: number; why: 'first' | 'nowhere' | 'descending'; previous: number };
  /** Number of Frames, where the table's offsets are not as many. */
  frames?: number;
}

/** The frames a data set's Number of Frames (0028,0008) says: 1 when absent, undefined when it is no number. */
function framesOf(ds: DataSet): number | undefined {
  const el = ds.elements.x00280008;
  const frames = framesValue(el && el.dataOffset + el.length <= ds.byteArray.length ? valueString(ds.byteArray, el.dataOffset, el.length) : undefined, el !== undefined);
  return frames === undefined ? 1 : frames ?? undefined;
}

function badTableProblem({ at, length, wrong, frames }: BadTable): DicomProblem {
  const zhTable = `封裝的像素資料 (7FE0,0010) 中位元組 ${at} 的基本偏移表（Basic Offset Table）`;
  const enTable = `the Basic Offset Table of the encapsulated Pixel Data (7FE0,0010), the item at byte ${at},`;
  const zhRule = '該表每張影像（frame）存一個 4 位元組的偏移，指向該影像第一個片段的項目開頭，依序遞增（PS3.5 §A.4）';
  const enRule = 'the table holds a 4-byte offset a frame, each to the start of the item of its frame\'s first fragment, ascending (PS3.5 §A.4)';
  if (frames !== undefined) {
    const count = length / 4;
    return problem(
      'bad-offset-table',
      'error',
      `${zhTable}有 ${count} 個偏移，Number of Frames (0028,0008) 卻是 ${frames} 張；${zhRule}。依表切分影像的程式可能把錯的位元組讀成影像`,
      `${enTable} holds ${counted(count, 'offset')} where Number of Frames (0028,0008) is ${frames}; ${enRule}: readers that split the frames by it can take the wrong bytes for a frame`,
    );
  }
  if (!wrong) {
    const zhOdd = (length & 1) === 1 ? '，dcmtk 也讀不過此表' : '';
    const enOdd = (length & 1) === 1 ? ', and dcmtk reads no further than the table' : '';
    return problem(
      'bad-offset-table',
      'error',
      `${zhTable}長度為 ${length} 位元組，不是 4 的倍數；${zhRule}。依表找影像的程式（pydicom）找不到影像${zhOdd}`,
      `${enTable} is ${length} bytes long, not a multiple of 4; ${enRule}: readers that find the frames by it (pydicom) find none${enOdd}`,
    );
  }
  const n = wrong.index + 1;
  const zhWhy = { first: '不是 0（第一張影像從第一個片段開始）', nowhere: '此處不是任何片段的開頭', descending: `沒有大於前一個偏移 ${wrong.previous}` }[wrong.why];
  const enWhy = { first: 'not 0 (the first frame starts with the first fragment)', nowhere: 'where no fragment starts', descending: `not above the offset before it, ${wrong.previous}` }[wrong.why];
  return problem(
    'bad-offset-table',
    'error',
    `${zhTable}第 ${n} 個偏移為 ${wrong.value}，${zhWhy}；${zhRule}。依表切分影像的程式可能把錯的位元組讀成影像`,
    `offset ${n} of ${enTable} is ${wrong.value}, ${enWhy}; ${enRule}: readers that split the frames by it can take the wrong bytes for a frame`,
  );
}
