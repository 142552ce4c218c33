/**
 * DICOM data element encoding (PS3.5 §7) and a Part 10 file writer (PS3.10 §7).
 *
 * A data set is a list of `DicomElement`; the encoder sorts it by tag. Sequences hold items,
 * each item a data set. Values are padded to even length: UI with NUL, other strings with a
 * space, binary with 0x00. The file meta group is always Explicit VR Little Endian with its
 * group length; the data set after it follows the chosen transfer syntax.
 *
 * Offsets inside a DICOMDIR are byte offsets from the start of the file: `part10HeaderLength`
 * and `encodedLength` let a writer lay records out before encoding them.
 */
import { TAG, UNDEFINED_LENGTH, tagElement, tagGroup } from './tags';
import { TS } from './uids';

export type VR =
  | 'AE' | 'AS' | 'AT' | 'CS' | 'DA' | 'DS' | 'DT' | 'FD' | 'FL' | 'IS' | 'LO' | 'LT' | 'OB' | 'OD'
  | 'OF' | 'OL' | 'OV' | 'OW' | 'PN' | 'SH' | 'SL' | 'SQ' | 'SS' | 'ST' | 'SV' | 'TM' | 'UC' | 'UI'
  | 'UL' | 'UN' | 'UR' | 'US' | 'UT' | 'UV';

/** A sequence item: a nested data set. */
export type DicomItem = DicomElement[];

export type DicomValue = string | string[] | number | number[] | Uint8Array | Uint16Array | DicomItem[] | null;

export interface DicomElement {
  tag: number;
  vr: VR;
  value: DicomValue;
  /** Sequences only: write undefined length with delimiters (items too). Default: defined. */
  undefinedLength?: boolean;
  /** Write this length instead of the true one. For building hostile test files only. */
  lengthOverride?: number;
}

export interface EncodeOptions {
  explicitVR: boolean;
  littleEndian: boolean;
}

export const EXPLICIT_LE: EncodeOptions = { explicitVR: true, littleEndian: true };
export const IMPLICIT_LE: EncodeOptions = { explicitVR: false, littleEndian: true };
export const EXPLICIT_BE: EncodeOptions = { explicitVR: true, littleEndian: false };

/** VRs whose explicit form has two reserved bytes and a 4-byte length (PS3.5 Table 7.1-1). */
const LONG_LENGTH_VRS: ReadonlySet<VR> = new Set<VR>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

const STRING_VRS: ReadonlySet<VR> = new Set<VR>([
  'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT',
]);

/** Fixed-size numeric VRs: byte width and the DataView setter. */
const NUMERIC_VRS: Partial<Record<VR, { size: number; write: (v: DataView, o: number, n: number, le: boolean) => void }>> = {
  US: { size: 2, write: (v, o, n, le) => v.setUint16(o, n, le) },
  SS: { size: 2, write: (v, o, n, le) => v.setInt16(o, n, le) },
  UL: { size: 4, write: (v, o, n, le) => v.setUint32(o, n, le) },
  SL: { size: 4, write: (v, o, n, le) => v.setInt32(o, n, le) },
  FL: { size: 4, write: (v, o, n, le) => v.setFloat32(o, n, le) },
  FD: { size: 8, write: (v, o, n, le) => v.setFloat64(o, n, le) },
  SV: { size: 8, write: (v, o, n, le) => v.setBigInt64(o, BigInt(Math.trunc(n)), le) },
  UV: { size: 8, write: (v, o, n, le) => v.setBigUint64(o, BigInt(Math.trunc(n)), le) },
};

/** Word size for byte swapping binary VRs in big endian. */
const BINARY_WORD: Partial<Record<VR, number>> = { OW: 2, OL: 4, OF: 4, OD: 8, OV: 8 };

export function isLongLengthVR(vr: VR): boolean {
  return LONG_LENGTH_VRS.has(vr);
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function swapWords(bytes: Uint8Array, word: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const whole = bytes.length - (bytes.length % word);
  for (let i = 0; i < whole; i += word) for (let k = 0; k < word; k++) out[i + k] = bytes[i + word - 1 - k];
  out.set(bytes.subarray(whole), whole);
  return out;
}

/** The value bytes of a non-sequence element, padded to even length. */
export function encodeValue(el: DicomElement, opts: EncodeOptions): Uint8Array {
  const { vr, value } = el;
  if (value === null || value === undefined) return new Uint8Array(0);
  let bytes: Uint8Array;
  if (STRING_VRS.has(vr)) {
    const text = asList(value as string | string[]).map(String).join('\\');
    bytes = Buffer.from(text, 'utf8');
    if (bytes.length % 2) {
      const padded = new Uint8Array(bytes.length + 1);
      padded.set(bytes);
      padded[bytes.length] = vr === 'UI' ? 0 : 0x20;
      bytes = padded;
    }
    return bytes;
  }
  const numeric = NUMERIC_VRS[vr];
  if (numeric) {
    const list = asList(value as number | number[]);
    const out = new Uint8Array(list.length * numeric.size);
    const view = new DataView(out.buffer);
    list.forEach((n, i) => numeric.write(view, i * numeric.size, n, opts.littleEndian));
    return out;
  }
  if (vr === 'AT') {
    const list = asList(value as number | number[]);
    const out = new Uint8Array(list.length * 4);
    const view = new DataView(out.buffer);
    list.forEach((t, i) => {
      view.setUint16(i * 4, tagGroup(t), opts.littleEndian);
      view.setUint16(i * 4 + 2, tagElement(t), opts.littleEndian);
    });
    return out;
  }
  if (vr === 'SQ') throw new TypeError('encodeValue: sequences are encoded by encodeElement');
  // Binary VRs (OB, OW, OL, OF, OD, OV, UN). A Uint16Array is taken as words in host order.
  if (value instanceof Uint16Array) {
    const out = new Uint8Array(value.length * 2);
    const view = new DataView(out.buffer);
    value.forEach((w, i) => view.setUint16(i * 2, w, opts.littleEndian));
    bytes = out;
  } else if (value instanceof Uint8Array) {
    const word = BINARY_WORD[vr];
    bytes = !opts.littleEndian && word ? swapWords(value, word) : value;
  } else {
    throw new TypeError(`encodeValue: ${vr} needs bytes`);
  }
  if (bytes.length % 2) {
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    bytes = padded;
  }
  return bytes;
}

/** Appends encoded pieces; `length` is the running byte count. */
class Chunks {
  parts: Uint8Array[] = [];
  length = 0;
  push(part: Uint8Array): void {
    this.parts.push(part);
    this.length += part.length;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}


function header(tagNumber: number, vr: VR | null, length: number, opts: EncodeOptions): Uint8Array {
  const le = opts.littleEndian;
  if (vr === null || !opts.explicitVR) {
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint16(0, tagGroup(tagNumber), le);
    v.setUint16(2, tagElement(tagNumber), le);
    v.setUint32(4, length >>> 0, le);
    return out;
  }
  const long = LONG_LENGTH_VRS.has(vr);
  const out = new Uint8Array(long ? 12 : 8);
  const v = new DataView(out.buffer);
  v.setUint16(0, tagGroup(tagNumber), le);
  v.setUint16(2, tagElement(tagNumber), le);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) v.setUint32(8, length >>> 0, le);
  else v.setUint16(6, length & 0xffff, le);
  return out;
}

function byTag(a: DicomElement, b: DicomElement): number {
  return a.tag - b.tag;
}

function encodeInto(out: Chunks, el: DicomElement, opts: EncodeOptions): void {
  if (el.vr === 'SQ') {
    const items = (el.value ?? []) as DicomItem[];
    const body = new Chunks();
    for (const item of items) {
      const data = encodeDataSet(item, opts);
      if (el.undefinedLength) {
        body.push(header(TAG.Item, null, UNDEFINED_LENGTH, opts));
        body.push(data);
        body.push(header(TAG.ItemDelimitationItem, null, 0, opts));
      } else {
        body.push(header(TAG.Item, null, data.length, opts));
        body.push(data);
      }
    }
    if (el.undefinedLength) body.push(header(TAG.SequenceDelimitationItem, null, 0, opts));
    const length = el.lengthOverride ?? (el.undefinedLength ? UNDEFINED_LENGTH : body.length);
    out.push(header(el.tag, 'SQ', length, opts));
    for (const p of body.parts) out.push(p);
    return;
  }
  const value = encodeValue(el, opts);
  if (opts.explicitVR && !LONG_LENGTH_VRS.has(el.vr) && value.length > 0xffff) {
    throw new RangeError(`encodeElement: ${el.vr} value of ${value.length} bytes exceeds the 16-bit length`);
  }
  out.push(header(el.tag, el.vr, el.lengthOverride ?? value.length, opts));
  out.push(value);
}

export function encodeElement(el: DicomElement, opts: EncodeOptions = EXPLICIT_LE): Uint8Array {
  const out = new Chunks();
  encodeInto(out, el, opts);
  return out.concat();
}

/** Encodes a data set, elements in ascending tag order. */
export function encodeDataSet(elements: DicomElement[], opts: EncodeOptions = EXPLICIT_LE): Uint8Array {
  const out = new Chunks();
  for (const el of [...elements].sort(byTag)) encodeInto(out, el, opts);
  return out.concat();
}

/** Byte length of an element as `encodeElement` would write it. */
export function encodedLength(el: DicomElement, opts: EncodeOptions = EXPLICIT_LE): number {
  return encodeElement(el, opts).length;
}

/** Encoded length of one sequence item including its item header (and delimiter for undefined length). */
export function encodedItemLength(item: DicomItem, opts: EncodeOptions = EXPLICIT_LE, undefinedLength = false): number {
  return 8 + encodeDataSet(item, opts).length + (undefinedLength ? 8 : 0);
}

export interface FileMeta {
  mediaStorageSopClassUid: string;
  mediaStorageSopInstanceUid: string;
  transferSyntaxUid: string;
  implementationClassUid?: string;
  implementationVersionName?: string;
}

/** Our implementation class UID (UUID-derived root 2.25) and version name, written into the meta group. */
export const IMPLEMENTATION_CLASS_UID = '2.25.200411874391466387452081712385013640201';
export const IMPLEMENTATION_VERSION_NAME = 'NHI_IMAGING_01';

/** The meta group (0002,xxxx) with its group length, Explicit VR Little Endian. */
export function encodeFileMeta(meta: FileMeta): Uint8Array {
  const group: DicomElement[] = [
    { tag: TAG.FileMetaInformationVersion, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: TAG.MediaStorageSOPClassUID, vr: 'UI', value: meta.mediaStorageSopClassUid },
    { tag: TAG.MediaStorageSOPInstanceUID, vr: 'UI', value: meta.mediaStorageSopInstanceUid },
    { tag: TAG.TransferSyntaxUID, vr: 'UI', value: meta.transferSyntaxUid },
    { tag: TAG.ImplementationClassUID, vr: 'UI', value: meta.implementationClassUid ?? IMPLEMENTATION_CLASS_UID },
    { tag: TAG.ImplementationVersionName, vr: 'SH', value: meta.implementationVersionName ?? IMPLEMENTATION_VERSION_NAME },
  ];
  const body = encodeDataSet(group, EXPLICIT_LE);
  const groupLength = encodeElement({ tag: TAG.FileMetaInformationGroupLength, vr: 'UL', value: body.length }, EXPLICIT_LE);
  const out = new Uint8Array(groupLength.length + body.length);
  out.set(groupLength);
  out.set(body, groupLength.length);
  return out;
}

/** The 128-byte preamble, "DICM" and the meta group. */
export function encodePart10Header(meta: FileMeta): Uint8Array {
  const metaBytes = encodeFileMeta(meta);
  const out = new Uint8Array(132 + metaBytes.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(metaBytes, 132);
  return out;
}

/** Byte length of the Part 10 header: where the data set starts, for DICOMDIR offsets. */
export function part10HeaderLength(meta: FileMeta): number {
  return encodePart10Header(meta).length;
}

/** Encoding rules of the data set for the transfer syntaxes this writer produces. */
export function encodeOptionsFor(transferSyntaxUid: string): EncodeOptions {
  switch (transferSyntaxUid) {
    case TS.ImplicitVRLittleEndian:
      return IMPLICIT_LE;
    case TS.ExplicitVRBigEndian:
      return EXPLICIT_BE;
    case TS.ExplicitVRLittleEndian:
      return EXPLICIT_LE;
    default:
      throw new RangeError(`encodeOptionsFor: cannot write transfer syntax ${transferSyntaxUid}`);
  }
}

/** A complete Part 10 file: header plus the data set in the meta's transfer syntax. */
export function encodePart10(meta: FileMeta, dataSet: DicomElement[]): Uint8Array {
  const head = encodePart10Header(meta);
  const body = encodeDataSet(dataSet, encodeOptionsFor(meta.transferSyntaxUid));
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
