/**
 * Deflated Explicit VR Little Endian (PS3.5 A.5): after the meta group, the data set is a raw deflate
 * stream. dicom-parser inflates it through an `inflater` option; this one works on a Uint8Array (its own
 * Node path calls Buffer#copy) and on a prefix of the file (what the prefix inflates to is returned), and
 * bounds the bytes it makes, so that a small file cannot inflate to gigabytes in memory.
 */
import { constants, inflateRawSync } from 'node:zlib';
import * as dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { fixedString } from './byte-values';
import { DataSetClass } from './header-walker';
import { TS } from './uids';

/** Most bytes of data set inflated to read a header: far more than any header before Pixel Data. */
export const INFLATED_HEADER_LIMIT = 8 * 1024 * 1024;

const DEFLATED_UID = new TextEncoder().encode(TS.DeflatedExplicitVRLittleEndian);

/** Whether a Part 10 file's meta group names the deflated transfer syntax (its UID among the first bytes). */
export function namesDeflatedSyntax(bytes: Uint8Array): boolean {
  // Buffer#indexOf searches natively: this runs once per file, often before the JIT has compiled a loop.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096));
  for (let i = head.indexOf(DEFLATED_UID, 132); i >= 0; i = head.indexOf(DEFLATED_UID, i + 1)) {
    // Not a longer UID that starts the same way.
    const next = bytes[i + DEFLATED_UID.length];
    if (next === 0x2e || (next >= 0x30 && next <= 0x39)) continue;
    return true;
  }
  return false;
}

/**
 * dicom-parser's `inflater` for bytes whose data set is inflated already (DataSetInflater.inflate called first).
 * dicom-parser reads the element after the meta group whole before it sees that it is not in group 0002; of a
 * deflated file given as it is, that "element" is the start of the deflate stream, whose bytes can spell a VR: "SQ"
 * in bytes 4 and 5 (about one dcmconv +td CT file in a hundred) made it look for items in it and give up on a file
 * dcmtk and pydicom read. Given the inflated data set, it reads the data set's first element there.
 */
export const INFLATED_ALREADY = (byteArray: Uint8Array): Uint8Array => byteArray;

/**
 * dicom-parser's parseDicom of a Part 10 file; with `inflated`, one whose deflated data set is inflated already
 * (DataSetInflater.inflate), read from where its meta group ends. parseDicom reads a deflated data set from byte 0,
 * the preamble and the meta group again as Explicit VR elements, and whether it falls back into step at the data set
 * depends on the meta group's bytes: without (0002,0000), or with a group length of 65,536 or more, it ran on through
 * the data set out of step and called a whole file truncated. With `bigEndianFrom`, a Big Endian data set that starts
 * there: one starting in group 0000 reads, little endian, as a tag below (0002,FFFF), which dicom-parser takes for a
 * meta element, skipping a length its bytes misread, and then calls the file truncated; read from there, the data set
 * reads as dcmtk reads it. A failure is thrown as parseDicom throws it.
 */
export function parsePart10(data: Uint8Array, options: Pick<dicomParser.ParseDicomOptions, 'untilTag' | 'vrCallback'>, inflated: boolean, bigEndianFrom?: number): DataSet {
  if (bigEndianFrom !== undefined) {
    const meta = dicomParser.readPart10Header(data.subarray(0, bigEndianFrom));
    return dataSetAfter(meta, data, bigEndianFrom, dicomParser.bigEndianByteArrayParser, options.untilTag);
  }
  if (!inflated) return dicomParser.parseDicom(data, options);
  const meta = dicomParser.readPart10Header(data) as DataSet & { position: number };
  const syntax = meta.elements.x00020010;
  if (!syntax || fixedString(data, syntax.dataOffset, syntax.length).trim() !== TS.DeflatedExplicitVRLittleEndian) {
    return dicomParser.parseDicom(data, { ...options, inflater: INFLATED_ALREADY });
  }
  return dataSetAfter(meta, data, meta.position, dicomParser.littleEndianByteArrayParser, options.untilTag);
}

/** The Explicit VR data set of `data` from `position` in the byte order of `parser`, with the meta group's elements, as parseDicom merges them. */
function dataSetAfter(meta: DataSet, data: Uint8Array, position: number, parser: dicomParser.ByteArrayParser, untilTag: string | undefined): DataSet {
  const stream = new dicomParser.ByteStream(parser, data, position);
  const ds = new DataSetClass(parser, data, {});
  ds.warnings = stream.warnings;
  try {
    dicomParser.parseDicomDataSetExplicit(ds, stream, data.length, { untilTag: untilTag as string });
  } catch (e) {
    throw { exception: e, dataSet: ds };
  }
  Object.assign(ds.elements, meta.elements);
  ds.warnings = meta.warnings.concat(ds.warnings);
  return ds;
}

export class DataSetInflater {
  /** False when the data set was cut at INFLATED_HEADER_LIMIT: lengths past what was inflated are unknown. */
  whole = true;
  /** False when the bytes given end before the deflate stream does (of a whole file: the file is cut short). */
  ended = true;
  /** Of a stream that ended: the bytes given after its end, which are no part of the data set, and where they start. */
  trailing = 0;
  trailingAt = 0;

  /** dicom-parser's `inflater`: the bytes before `position` as they are, then the inflated data set. */
  readonly inflate = (byteArray: Uint8Array, position: number): Uint8Array => {
    const deflated = byteArray.subarray(position);
    let inflated = tryInflate(deflated, true);
    if (inflated === null) {
      this.ended = false;
      inflated = tryInflate(deflated) ?? undefined;
    } else if (inflated) {
      const after = deflated.subarray(inflated.read);
      this.trailing = padding(after, inflated.bytes.length) ? 0 : after.length;
      this.trailingAt = position + inflated.read;
    }
    if (inflated === undefined) {
      this.whole = false;
      // Fewer input bytes until what they make fits: the header is at the start of the data set.
      let n = deflated.length;
      while (inflated === undefined && n > 1) inflated = tryInflate(deflated.subarray(0, (n = n >>> 1))) ?? undefined;
    }
    const data = inflated?.bytes ?? new Uint8Array(0);
    const out = new Uint8Array(position + data.length);
    out.set(byteArray.subarray(0, position));
    out.set(data, position);
    return out;
  };
}

/**
 * Whether `after`, the bytes after a deflate stream that inflated to `inflated` bytes, are what writers put there, which
 * dcmtk and pydicom pass over: NULs (pydicom pads a stream of odd length with one; Orthanc writes the stream into a
 * buffer the size of the inflated data set and leaves the rest zero), or a gzip trailer, the CRC-32 and then the length
 * of the inflated data set (GDCM's gdcmconv --deflated), known by that length.
 */
function padding(after: Uint8Array, inflated: number): boolean {
  if (after.length === 8 && new DataView(after.buffer, after.byteOffset).getUint32(4, true) === inflated % 2 ** 32) return true;
  return after.every((b) => b === 0);
}

/**
 * The bytes `deflated` inflates to (a stream cut short gives what it holds) and how many of its bytes the stream took
 * (bytes after the stream's end are left), or undefined past the limit. `whole`: the stream must end within the
 * bytes, null when it does not (zlib's "unexpected end of file").
 */
function tryInflate(deflated: Uint8Array, whole = false): { bytes: Uint8Array; read: number } | undefined | null {
  try {
    const options = { finishFlush: whole ? constants.Z_FINISH : constants.Z_SYNC_FLUSH, maxOutputLength: INFLATED_HEADER_LIMIT, info: true };
    const { buffer, engine } = inflateRawSync(deflated, options) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return { bytes: buffer, read: engine.bytesWritten };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    if (whole && code === 'Z_BUF_ERROR') return null;
    throw e;
  }
}
