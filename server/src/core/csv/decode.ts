/**
 * Bytes to text. The upload CSV is UTF-8 (a BOM is tolerated, and plain ASCII is UTF-8).
 * Anything else (UTF-16/32, Big5 and other legacy encodings, binary files) is recognised and
 * named, so the caller can report one clear file-level problem instead of rows of noise.
 */
import { isUtf8 } from 'node:buffer';

/** What the bytes turned out to be when they are not UTF-8 text. */
export type EncodingKind =
  'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'big5' | 'legacy-8bit' | 'damaged-utf8' | 'nul-values' | 'nul-text' | 'binary';

export interface EncodingProblem {
  kind: EncodingKind;
  /** For binary files whose format was recognised: its name, e.g. "7-Zip archive". */
  format?: string;
  /** 0-based line where the first offending byte stands (0 for a file-wide verdict). */
  line: number;
  /** Its 0-based column on `line`, in UTF-16 code units as an editor counts them, where one byte is named (a NUL, a bad sequence). */
  character?: number;
}

/** Where a byte stands in the text, as an editor shows it. */
interface TextPosition {
  line: number;
  character: number;
}

/** How many leading bytes the sniffing looks at. */
export const SNIFF_LENGTH = 64 * 1024;

interface Signature {
  offset: number;
  bytes: number[];
  format: string;
}

/** Formats a file mistaken for the CSV is likely to be, by their leading bytes. */
const BINARY_SIGNATURES: Signature[] = [
  { offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], format: '7-Zip archive' },
  { offset: 0, bytes: [0x4d, 0x53, 0x43, 0x46], format: 'Microsoft Cabinet (CAB) archive' },
  { offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04], format: 'ZIP archive (e.g. an Excel .xlsx workbook)' },
  { offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], format: 'OLE compound file (e.g. an Excel .xls workbook)' },
  { offset: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], format: 'PDF document' },
  { offset: 0, bytes: [0xff, 0xd8, 0xff], format: 'JPEG image' },
  { offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47], format: 'PNG image' },
  { offset: 0, bytes: [0x1f, 0x8b], format: 'gzip archive' },
  { offset: 128, bytes: [0x44, 0x49, 0x43, 0x4d], format: 'DICOM file' },
];

/** Byte order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one). */
const BOMS: { bytes: number[]; kind: EncodingKind }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], kind: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], kind: 'utf-32le' },
  { bytes: [0xff, 0xfe], kind: 'utf-16le' },
  { bytes: [0xfe, 0xff], kind: 'utf-16be' },
];

/**
 * Looks at the first bytes of a file for a verdict that holds for the whole file: a UTF-16/32
 * byte order mark or NUL pattern, a known binary format, or control characters that text does
 * not have. Returns null when the bytes may be UTF-8 text (validity is checked while decoding).
 */
export function sniffEncoding(head: Uint8Array): EncodingProblem | null {
  for (const bom of BOMS) {
    if (startsWith(head, 0, bom.bytes)) return { kind: bom.kind, line: 0 };
  }
  for (const sig of BINARY_SIGNATURES) {
    if (startsWith(head, sig.offset, sig.bytes)) return { kind: 'binary', format: sig.format, line: 0 };
  }
  const n = Math.min(head.length, SNIFF_LENGTH);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i & 1) nulOdd++;
      else nulEven++;
    } else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) {
      control++;
    }
  }
  const nul = nulEven + nulOdd;
  if (nul > 0) {
    // ASCII text in UTF-16 has a NUL in every other byte and none in the others.
    const pairs = n >> 1;
    if (nulOdd >= pairs * 0.3 && nulEven <= nulOdd * 0.02) return { kind: 'utf-16le', line: 0 };
    if (nulEven >= pairs * 0.3 && nulOdd <= nulEven * 0.02) return { kind: 'utf-16be', line: 0 };
    if (control > 0) return { kind: 'binary', line: 0 };
    const first = head.indexOf(0);
    return nulProblem(head.subarray(0, n), first, LF, positionOf(head, first));
  }
  if (control > Math.max(4, n * 0.01)) return { kind: 'binary', line: 0 };
  return null;
}

const COMMA = 0x2c;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Text but for its NULs, the first at `first` on `line`: whole values of one NUL (bcp), or NULs in a value or after
 * the last line (a save cut off). `previous` is the byte before `bytes` (LF at the start of the file).
 */
function nulProblem(bytes: Uint8Array, first: number, previous: number, at: TextPosition): EncodingProblem {
  return { kind: nulsAreValues(bytes, first, previous) ? 'nul-values' : 'nul-text', ...at };
}

/**
 * Whether every NUL of `bytes` from `first` on is a whole value (between separators or line ends), as bcp writes an
 * empty string in character mode.
 */
function nulsAreValues(bytes: Uint8Array, first: number, previous: number): boolean {
  const n = bytes.length;
  for (let i = first; i >= 0; i = bytes.indexOf(0, i + 1)) {
    const before = i === 0 ? previous : bytes[i - 1];
    const after = i + 1 === n ? LF : bytes[i + 1];
    if (!(before === COMMA || before === TAB || before === LF || before === CR) || !(after === COMMA || after === TAB || after === CR || after === LF)) return false;
  }
  return true;
}

/**
 * The line and column of the byte at `at`, counting line breaks as countLineBreaks does (a lone CR is one: Excel
 * for Mac), and the column in UTF-16 code units of the text before it on its line (on line 1 after a BOM, as editors show it).
 */
function positionOf(head: Uint8Array, at: number): TextPosition {
  let line = 0;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = head[i];
    if (c === LF || c === CR) {
      line++;
      if (c === CR && head[i + 1] === LF && i + 1 < at) i++;
      start = i + 1;
    }
  }
  return { line, character: new TextDecoder('utf-8').decode(head.subarray(start, at)).length };
}

/** How many of `bytes` end before a multi-byte sequence its last three bytes may begin without ending. */
export function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Offset of the first byte that breaks UTF-8 in `bytes`, or -1. A sequence cut by the end is not a break. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return -1;
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Names the encoding of bytes that are not UTF-8: Big5 when every byte above 0x7F (from `from`
 * on) pairs up as a Big5 lead and trail byte, an unnamed 8-bit encoding otherwise.
 */
export function guessLegacyEncoding(bytes: Uint8Array, from = 0): EncodingKind {
  const n = Math.min(bytes.length, from + SNIFF_LENGTH);
  let pairs = 0;
  for (let i = from; i < n; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const t = bytes[i + 1];
    if (i + 1 >= n) break;
    const lead = b >= 0x81 && b <= 0xfe;
    const trail = (t >= 0x40 && t <= 0x7e) || (t >= 0xa1 && t <= 0xfe);
    if (!lead || !trail) return 'legacy-8bit';
    pairs++;
    i++;
  }
  return pairs > 0 ? 'big5' : 'legacy-8bit';
}

export type DecodeResult = { ok: true; text: string } | { ok: false; problem: EncodingProblem };

/** Decodes a whole file's bytes. A UTF-8 BOM stays in the text as U+FEFF (the CSV model flags it). */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  // A valid file, the usual case, decoded as Node's Buffer decodes: then ASCII text is held one byte a character,
  // not two as TextDecoder's string is (a 60 MB file's text 60 MB, not 120).
  if (bytes.length > 0 && sniffEncoding(bytes) === null && bytes.indexOf(0) < 0 && isUtf8(bytes)) {
    return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  }
  const decoder = new CsvByteDecoder();
  const first = decoder.push(bytes);
  if (first.problem) return { ok: false, problem: first.problem };
  const last = decoder.end();
  if (last.problem) return { ok: false, problem: { ...last.problem, line: countLineBreaks(first.text) } };
  return { ok: true, text: first.text + last.text };
}

/** A piece of decoded text; with `problem`, `text` is the valid part before the offending byte and nothing may follow. */
export interface DecodedPiece {
  text: string;
  /** Its `line` counts from the start of this piece's text; add the lines before it. */
  problem?: EncodingProblem;
}

/**
 * Decodes a file read in chunks. The first chunk is sniffed (it should be at least
 * SNIFF_LENGTH bytes unless the file is shorter); UTF-8 validity is checked throughout.
 */
export class CsvByteDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private first = true;
  private failed = false;
  /** Whether text beyond ASCII decoded well before: then a bad sequence is damage in a UTF-8 file, not another encoding. */
  private sawUtf8 = false;
  /** The last byte pushed: whether a NUL at the start of a chunk follows a separator. */
  private previous = LF;
  /** The UTF-16 code units decoded since the last line break: the column where the next piece's text starts. */
  private column = 0;
  /** The bytes of a character the last chunk ended inside of, which the decoder holds for the next chunk. */
  private cut: Uint8Array = new Uint8Array(0);

  push(bytes: Uint8Array): DecodedPiece {
    if (this.failed) return { text: '' };
    if (this.first && bytes.length > 0) {
      this.first = false;
      const verdict = sniffEncoding(bytes);
      if (verdict) {
        this.failed = true;
        return { text: '', problem: verdict };
      }
    }
    // Past the bytes sniffed (a save cut off far into the file, a NUL typed into a late row): the same verdict, on its line.
    const nul = bytes.indexOf(0);
    if (nul >= 0) return this.failAtNul(bytes, nul);
    if (bytes.length > 0) this.previous = bytes[bytes.length - 1];
    try {
      const text = this.decoder.decode(bytes, { stream: true });
      // From the text, not the bytes: a sequence cut at the end of this chunk is not yet known to be UTF-8.
      if (!this.sawUtf8) this.sawUtf8 = NON_ASCII.test(text);
      this.column = this.columnAfter(text);
      this.cut = Uint8Array.from(bytes.subarray(completeUtf8Length(bytes)));
      return { text };
    } catch {
      return this.fail(bytes);
    }
  }

  end(): DecodedPiece {
    if (this.failed) return { text: '' };
    try {
      return { text: this.decoder.decode() };
    } catch {
      // The file ended inside a multi-byte sequence: a cut UTF-8 file when UTF-8 text came before.
      this.failed = true;
      return { text: '', problem: { kind: this.sawUtf8 ? 'damaged-utf8' : 'legacy-8bit', line: 0 } };
    }
  }

  private failAtNul(bytes: Uint8Array, at: number): DecodedPiece {
    let prefix: string;
    try {
      prefix = this.decoder.decode(bytes.subarray(0, at));
    } catch {
      return this.fail(bytes);
    }
    this.failed = true;
    return { text: prefix, problem: nulProblem(bytes, at, this.previous, this.positionAfter(prefix)) };
  }

  /** Where the text after `text` stands: its line counted from the start of `text`, its column from the last line break. */
  private positionAfter(text: string): TextPosition {
    return { line: countLineBreaks(text), character: this.columnAfter(text) };
  }

  /** The column after `text`, from its last line break (read from the end: asked of every chunk). */
  private columnAfter(text: string): number {
    let last = text.lastIndexOf('\n');
    // Only the text after the last LF is searched for a CR (a lone CR ends a line too).
    for (let i = text.indexOf('\r', last + 1); i >= 0; i = text.indexOf('\r', i + 1)) last = i;
    return last >= 0 ? text.length - last - 1 : this.column + text.length;
  }

  private fail(chunk: Uint8Array): DecodedPiece {
    this.failed = true;
    // Read after the start of a character the previous chunk ended inside of: its end at the start of this one is no damage.
    const bytes = this.cut.length === 0 ? chunk : Buffer.concat([this.cut, chunk]);
    let at = firstInvalidUtf8(bytes);
    if (at < 0) at = 0;
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const kind = this.sawUtf8 || hasNonAscii(bytes.subarray(0, at)) ? 'damaged-utf8' : guessLegacyEncoding(bytes, at);
    const where = this.positionAfter(prefix);
    // Another encoding is a verdict on the file from its line; damage is one place in it.
    return { text: prefix, problem: kind === 'damaged-utf8' ? { kind, ...where } : { kind, line: where.line } };
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

function startsWith(bytes: Uint8Array, offset: number, sig: number[]): boolean {
  if (bytes.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[offset + i] !== sig[i]) return false;
  return true;
}

/** Line breaks (LF, CR, CRLF counted once) in `text`. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}
