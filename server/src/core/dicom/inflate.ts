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
 * the data set out of step and called a whole file truncated. A failure is thrown as parseDicom throws it.
 */
export function parsePart10(data: Uint8Array, options: Pick<dicomParser.ParseDicomOptions, 'untilTag' | 'vrCallback'>, inflated: boolean): DataSet {
  if (!inflated) return dicomParser.parseDicom(data, options);
  const meta = dicomParser.readPart10Header(data) as DataSet & { position: number };
  const syntax = meta.elements.x00020010;
  if (!syntax || fixedString(data, syntax.dataOffset, syntax.length).trim() !== TS.DeflatedExplicitVRLittleEndian) {
    return dicomParser.parseDicom(data, { ...options, inflater: INFLATED_ALREADY });
  }
  const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, data, meta.position);
  const ds = new DataSetClass(dicomParser.littleEndianByteArrayParser, data, {});
  ds.warnings = stream.warnings;
  try {
    dicomParser.parseDicomDataSetExplicit(ds, stream, data.length, { untilTag: options.untilTag as string });
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

  /** dicom-parser's `inflater`: the bytes before `position` as they are, then the inflated data set. */
  readonly inflate = (byteArray: Uint8Array, position: number): Uint8Array => {
    const deflated = byteArray.subarray(position);
    let inflated = tryInflate(deflated, true);
    if (inflated === null) {
      this.ended = false;
      inflated = tryInflate(deflated) ?? undefined;
    }
    if (inflated === undefined) {
      this.whole = false;
      // Fewer input bytes until what they make fits: the header is at the start of the data set.
      let n = deflated.length;
      while (inflated === undefined && n > 1) inflated = tryInflate(deflated.subarray(0, (n = n >>> 1))) ?? undefined;
      inflated ??= new Uint8Array(0);
    }
    const out = new Uint8Array(position + inflated.length);
    out.set(byteArray.subarray(0, position));
    out.set(inflated, position);
    return out;
  };
}

/**
 * The bytes `deflated` inflates to (a stream cut short gives what it holds), or undefined past the limit. `whole`:
 * the stream must end within the bytes, null when it does not (zlib's "unexpected end of file").
 */
function tryInflate(deflated: Uint8Array, whole = false): Uint8Array | undefined | null {
  try {
    return inflateRawSync(deflated, { finishFlush: whole ? constants.Z_FINISH : constants.Z_SYNC_FLUSH, maxOutputLength: INFLATED_HEADER_LIMIT });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    if (whole && code === 'Z_BUF_ERROR') return null;
    throw e;
  }
}
