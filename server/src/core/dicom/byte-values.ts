/** Values read from a DICOM file's bytes as dicom-parser reads them, without its per-character string building. */

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

/** The bytes [start, end) as Latin-1 text, NULs and all: one call however long the range (no argument per byte). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (latin1Slice) return latin1Slice.call(bytes, start, end);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** dicom-parser's uint32: unsigned little endian. */
export function uint32At(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}
