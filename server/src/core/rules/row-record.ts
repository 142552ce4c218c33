/**
 * What the index of rules across rows (cross-row.ts) keeps of a row: a record of int32 (hashes of its visit, its
 * archive name and its text, its report serial, where its cells stand), written without touching any index, so
 * that a worker thread can encode rows for an index on another thread.
 */
import { CsvCell, type Cell, type Row } from '../csv/model';
import { CsvRow } from '../csv/parse';
import { caseKeyOf, isDraftPath, isHomeOrVariableAlone } from './archive-name';
import { FNV1A_OFFSET, FNV1A_PRIME, fnv1a } from './fnv1a';
import { recordCells } from './row';

const VISIT_FIELDS = [0, 3, 4, 5, 7, 14, 15];
const SEP = 0x1f;

export function hashA(h: number, s: string): number {
  return Math.imul(fnv1a(h, s) ^ SEP, FNV1A_PRIME);
}

const B_PRIME = 0x5bd1e995;

function hashB(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), B_PRIME);
    h ^= h >>> 15;
  }
  return Math.imul(h ^ SEP, B_PRIME) ^ (h >>> 13);
}

export const SEED_A = FNV1A_OFFSET;
export const SEED_B = 0x9747b28c | 0;

/**
 * Per-row record: 20 int32 in chunks of 65,536 rows, so growing never copies. Archive groups are keyed by the
 * case number (ARCH_A, ARCH_B), so that two different archives with one case number meet; NAME_A tells whether
 * two rows of a group name the very same archive, and FOLDED_A whether their names differ only in letter case.
 * The index links rows of one hash bucket both ways (VISIT_NEXT and VISIT_PREV, ARCH_NEXT and ARCH_PREV), so that
 * removing a row does not walk its bucket, which holds every row of its visit.
 */
export const STRIDE = 20;
export const ROW_IX = 0, R_LINE = 1, R_END_CHAR = 2, S_CHAR = 3, S_END = 4, A_CHAR = 5, A_END = 6, VISIT_A = 7, VISIT_B = 8,
  ARCH_A = 9, ARCH_B = 10, ROW_A = 11, ORDER_A = 12, SERIAL = 13, NAME_A = 14, FOLDED_A = 15, VISIT_NEXT = 16, ARCH_NEXT = 17,
  VISIT_PREV = 18, ARCH_PREV = 19;

export interface Span {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** Where a row or cell stands: the parser's rows and cells have the numbers, others build a Range. */
export function spanOf(x: Row | Cell): Span {
  if (x instanceof CsvRow || x instanceof CsvCell) return x;
  const r = x.range;
  return { line: r.start.line, character: r.start.character, endLine: r.end.line, endCharacter: r.end.character };
}


/** Flags encodeRow returns: the row names an archive; the row and its serial and archive cells sit on one line from character 0. */
export const HAS_ARCHIVE = 1;
export const REGULAR = 2;
/** How many int32 encodeRow writes a row, from its offset. */
export const ENCODED_FIELDS = FOLDED_A + 1;

/**
 * Writes what the index keeps of a row (hashes, serial, positions) into `rec` from offset `o`, without
 * touching any index: a worker thread can encode rows for an index on another thread (`addEncoded`). With
 * `hashText` false, the hash of the row's whole text is left 0, for an index that reads texts itself (`rowText`).
 */
export function encodeRow(row: Row, rowCells: readonly Cell[], rec: Int32Array, o: number, hashText = true): number {
  // Fields behind a row number an export wrote (ROW-index) are read where they stand, as the row's own checks read them.
  const cells = recordCells(rowCells);
  const rowSpan = spanOf(row);
  const line = rowSpan.line;
  rec[o + ROW_IX] = row.index;
  rec[o + R_LINE] = line;
  rec[o + R_END_CHAR] = rowSpan.endCharacter;
  let regular = rowSpan.character === 0 && rowSpan.endLine === line;
  // hashA and hashB of the visit's values, both in one pass over each value.
  let va = SEED_A;
  let vb = SEED_B;
  for (const f of VISIT_FIELDS) {
    const v = cells[f]?.value ?? '';
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      va = Math.imul(va ^ c, FNV1A_PRIME);
      vb = Math.imul(vb ^ c, B_PRIME);
      vb ^= vb >>> 15;
    }
    va = Math.imul(va ^ SEP, FNV1A_PRIME);
    vb = Math.imul(vb ^ SEP, B_PRIME) ^ (vb >>> 13);
  }
  rec[o + VISIT_A] = va;
  rec[o + VISIT_B] = vb;
  rec[o + ROW_A] = hashText ? hashA(SEED_A, row.text) : 0;
  rec[o + ORDER_A] = hashA(SEED_A, trimmed(cells[9]?.value ?? ''));
  const serialCell = cells[10];
  rec[o + SERIAL] = serialCell ? parseSerial(serialCell.value) : -1;
  rec[o + S_CHAR] = 0;
  rec[o + S_END] = 0;
  if (serialCell) {
    const span = spanOf(serialCell);
    rec[o + S_CHAR] = span.character;
    rec[o + S_END] = span.endCharacter;
    if (span.line !== line || span.endLine !== line) regular = false;
  }
  const archCell = cells[13];
  const arch = trimmed(archCell?.value ?? '');
  // A folder (a draft path, the home folder or a variable's alone: F14-pattern in an upload CSV) names no archive.
  const hasArch = arch !== '' && !isDraftPath(arch) && !isHomeOrVariableAlone(arch);
  rec[o + A_CHAR] = 0;
  rec[o + A_END] = 0;
  rec[o + ARCH_A] = 0;
  rec[o + ARCH_B] = 0;
  rec[o + NAME_A] = 0;
  rec[o + FOLDED_A] = 0;
  if (hasArch) {
    const span = spanOf(archCell!);
    rec[o + A_CHAR] = span.character;
    rec[o + A_END] = span.endCharacter;
    if (span.line !== line || span.endLine !== line) regular = false;
    if (!encodeAsciiArchive(arch, rec, o)) encodeArchive(arch, rec, o);
  }
  return (hasArch ? HAS_ARCHIVE : 0) | (regular ? REGULAR : 0);
}

/** The archive hashes of a row naming archive `name`: of its case key (ARCH_A, ARCH_B), of the name and of the name in upper case. */
export function encodeArchive(name: string, rec: Int32Array, o: number): void {
  const key = caseKeyOf(name);
  rec[o + ARCH_A] = hashA(SEED_A, key);
  rec[o + ARCH_B] = hashB(SEED_B, key);
  rec[o + NAME_A] = hashA(SEED_A, name);
  rec[o + FOLDED_A] = hashA(SEED_A, name.toUpperCase());
}

/** `c` upper-cased, for a character below 128 (as toUpperCase does it). */
function asciiUpper(c: number): number {
  return c >= 97 && c <= 122 ? c - 32 : c;
}

/** Whether the text of `s` from `at` is `word` in any letter case (`word` in upper case). */
function hasWordAt(s: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (asciiUpper(s.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * encodeArchive for a name in ASCII (the common case: a row per archive), in one pass and without building
 * strings; the same numbers. False, with nothing written, for a name with other characters.
 */
export function encodeAsciiArchive(name: string, rec: Int32Array, o: number): boolean {
  const n = name.length;
  // caseKeyOf's pattern, /^(?:DCF|ATT)(.+)\.(?:CAB|7z)$/i: the case key is the text between, upper-cased.
  const tail = n >= 8 && hasWordAt(name, n - 4, '.CAB') ? 4 : n >= 7 && hasWordAt(name, n - 3, '.7Z') ? 3 : 0;
  let keyed = tail > 0 && (hasWordAt(name, 0, 'DCF') || hasWordAt(name, 0, 'ATT'));
  const keyEnd = n - tail;
  let nameA = SEED_A;
  let foldedA = SEED_A;
  let keyA = SEED_A;
  let keyB = SEED_B;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128) return false;
    const u = asciiUpper(c);
    nameA = Math.imul(nameA ^ c, FNV1A_PRIME);
    foldedA = Math.imul(foldedA ^ u, FNV1A_PRIME);
    if (i >= 3 && i < keyEnd) {
      // `.` takes no line break.
      if (c === 10 || c === 13) keyed = false;
      keyA = Math.imul(keyA ^ u, FNV1A_PRIME);
      keyB = Math.imul(keyB ^ u, B_PRIME);
      keyB ^= keyB >>> 15;
    }
  }
  rec[o + NAME_A] = Math.imul(nameA ^ SEP, FNV1A_PRIME);
  rec[o + FOLDED_A] = Math.imul(foldedA ^ SEP, FNV1A_PRIME);
  rec[o + ARCH_A] = keyed ? Math.imul(keyA ^ SEP, FNV1A_PRIME) : rec[o + NAME_A];
  rec[o + ARCH_B] = keyed ? Math.imul(keyB ^ SEP, B_PRIME) ^ (keyB >>> 13) : hashB(SEED_B, name);
  return true;
}

/**
 * `v.trim()`, without the call when `v` starts and ends with printable ASCII other than space (most values): trim
 * takes only white space and line ends, none of which is such a character.
 */
export function trimmed(v: string): string {
  const n = v.length;
  if (n === 0) return v;
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(n - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? v : v.trim();
}

export function parseSerial(v: string): number {
  const t = trimmed(v);
  if (t.length === 0 || t.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
