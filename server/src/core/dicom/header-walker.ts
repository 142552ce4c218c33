import * as dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { fixedString, valueString } from './byte-values';
import { EncodingFaults, forbiddenGroup } from './encoding-faults';
import { CHARSET_TEXT_VRS, INHERITED, ownScope, type TextScope } from './undeclared-charset';
import type { ItemTable } from './item-table';
import { DICOM_VR, PALETTE_TABLE_TAGS, PARSER_LONG_VR, TAG, TEXT_VR, UNDEFINED_LENGTH, tagKey } from './tags';
import { TS } from './uids';

const { PixelData: PIXEL_DATA, Item: ITEM, ItemDelimitationItem: ITEM_END, SequenceDelimitationItem: SEQUENCE_END } = TAG;

/**
 * More elements than dicom-parser is let build for one file (each is an object and a key: about 300
 * bytes). Headers hold hundreds, an enhanced multi-frame one tens of thousands; empty elements of 8
 * bytes each pack into almost nothing and would take gigabytes.
 */
export const MAX_PARSED_ELEMENTS = 250_000;

/** Top-level tags the header needs besides the meta group (headerOf reads nothing else). */
const WANTED: ReadonlySet<number> = new Set([
  TAG.SOPClassUID, TAG.SOPInstanceUID, TAG.StudyInstanceUID, TAG.SeriesInstanceUID, TAG.Modality, TAG.StudyDate,
  TAG.PatientID, TAG.PatientBirthDate, TAG.Rows, TAG.Columns, TAG.NumberOfFrames, TAG.SpecificCharacterSet,
  TAG.SamplesPerPixel, TAG.BitsAllocated, TAG.PhotometricInterpretation,
  TAG.PlanarConfiguration, TAG.BitsStored, TAG.HighBit, TAG.PixelRepresentation, ...PALETTE_TABLE_TAGS,
]);
const LONG_VR = PARSER_LONG_VR;
const UNLISTED_LONG_VR = new Set(['OV', 'SV', 'UV']);
const MAX_NESTING = 16;
const TS_NOT_EXPLICIT_LE = new Set<string>([TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian, TS.DeflatedExplicitVRLittleEndian]);
/** dicom-parser's DataSet class, which its types do not export. */
export const DataSetClass = (dicomParser as unknown as { DataSet: new (parser: unknown, bytes: Uint8Array, elements: Record<string, Element>) => DataSet }).DataSet;

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
  planarConfiguration: TAG.PlanarConfiguration,
  bitsStored: TAG.BitsStored,
  highBit: TAG.HighBit,
  pixelRepresentation: TAG.PixelRepresentation,
  redPaletteDescriptor: TAG.RedPaletteColorLookupTableDescriptor,
  greenPaletteDescriptor: TAG.GreenPaletteColorLookupTableDescriptor,
  bluePaletteDescriptor: TAG.BluePaletteColorLookupTableDescriptor,
  redPaletteData: TAG.RedPaletteColorLookupTableData,
  greenPaletteData: TAG.GreenPaletteColorLookupTableData,
  bluePaletteData: TAG.BluePaletteColorLookupTableData,
  segmentedRedPaletteData: TAG.SegmentedRedPaletteColorLookupTableData,
  segmentedGreenPaletteData: TAG.SegmentedGreenPaletteColorLookupTableData,
  segmentedBluePaletteData: TAG.SegmentedBluePaletteColorLookupTableData,
  pixelData: PIXEL_DATA,
} as const;
export const SLOTTED: readonly number[] = Object.values(SLOTTED_BY_NAME);
/** The slot of each value quickRead takes, by name: read for every header, so known here rather than looked up in SLOT each time. */
export const AT = Object.fromEntries(Object.keys(SLOTTED_BY_NAME).map((name, slot) => [name, slot])) as Record<keyof typeof SLOTTED_BY_NAME, number>;
const SLOT: ReadonlyMap<number, number> = new Map(SLOTTED.map((t, i) => [t, i]));
const SLOT_TS = SLOT.get(TAG.TransferSyntaxUID)!;
/** SLOTTED's tags in ascending order, and the slot of each. */
const SLOT_TAGS: readonly number[] = [...SLOTTED].sort((a, b) => a - b);
const SLOT_OF_TAG: readonly number[] = SLOT_TAGS.map((t) => SLOT.get(t)!);

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
/** Per VR code: 1 for a VR of text (TEXT_VR), whose value of padding alone holds nothing. */
const VR_TEXT = new Uint8Array(26 * 26);
for (const vr of TEXT_VR) VR_TEXT[vrCode(vr)] = 1;
/** Per VR code: 1 for a VR whose values Specific Character Set governs (undeclared-charset.ts). */
const VR_CHARSET_TEXT = new Uint8Array(26 * 26);
for (const vr of CHARSET_TEXT_VRS) VR_CHARSET_TEXT[vrCode(vr)] = 1;

function elementOf(tag: number, vr: number, length: number, dataOffset: number): Element {
  const el = { tag: tagKey(tag), vr: VR_NAMES[vr], length, dataOffset } as Element;
  if (length === UNDEFINED_LENGTH) el.hadUndefinedLength = true;
  return el;
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
export class HeaderWalker {
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
  /** By what the text of the item being read is judged (undeclared-charset.ts): set by its own (0008,0005). */
  private scope: TextScope = INHERITED;

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

  /** Whether the element last read holds a value, for the item table's flags: of text, more than its padding (as `str` reads it). */
  private holdsValue(): boolean {
    if (this.length === 0) return false;
    return VR_TEXT[this.vr] === 0 || !this.table!.isFlag(this.tag) || valueString(this.bytes, this.dataOffset, this.length) !== undefined;
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
   * `into`; noted in the item table's row `row` (≥ 0), a sequence with the length of its items.
   */
  private skipElement(pos: number, depth: number, into?: Record<string, Element>, row = -1): number {
    if (!this.head(pos) || this.tag >>> 16 === 0xfffe) return -1;
    if (this.vr === VR_SQ) {
      const { tag, length, dataOffset } = this;
      const end = this.skipSequence(length, dataOffset, depth + 1);
      // Of an undefined length, its items end before its 8-byte delimiter.
      if (row >= 0 && end >= 0) this.table!.note(row, tag, dataOffset, length === UNDEFINED_LENGTH ? end - 8 - dataOffset : length);
      return end;
    }
    if (this.length === UNDEFINED_LENGTH || this.dataOffset + this.length > this.n) return -1;
    // The item's own set comes before its text, tags ascending.
    if (this.tag === TAG.SpecificCharacterSet) this.scope = ownScope(valueString(this.bytes, this.dataOffset, this.length) ?? '');
    else if (VR_CHARSET_TEXT[this.vr] === 1) this.faults.text(this.bytes, pos, this.tag, this.dataOffset, this.length, this.scope);
    if (into || row >= 0) {
      if (this.tooMany()) return -1;
      if (into) into[tagKey(this.tag)] = elementOf(this.tag, this.vr, this.length, this.dataOffset);
      else this.table!.note(row, this.tag, this.dataOffset, this.length, this.holdsValue());
    }
    return this.dataOffset + this.length;
  }

  /**
   * Past the value of a sequence whose header declared `length` at `dataOffset` (defined or undefined length),
   * or -1; with `items`, its items are pushed there; with `tabled`, noted in the item table.
   */
  private skipSequence(sqLength: number, sqOffset: number, depth: number, items?: Element[], tabled = false): number {
    const outer = this.scope;
    const end = this.skipItems(outer, sqLength, sqOffset, depth, items, tabled);
    this.scope = outer;
    return end;
  }

  /** skipSequence's walk of the items, each of whose text is judged by `outer` unless it declares a set of its own. */
  private skipItems(outer: TextScope, sqLength: number, sqOffset: number, depth: number, items: Element[] | undefined, tabled: boolean): number {
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
      this.scope = outer;
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
      if (VR_CHARSET_TEXT[this.vr] === 1) this.faults.text(this.bytes, pos, tag, dataOffset, length);
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
      // (0008,0005) does not govern the meta group; items' text is noted by skipSequence.
      if (VR_CHARSET_TEXT[vr] === 1 && metaEnd >= 0) this.faults.text(b, pos, tag, dataOffset, length);
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
