import type { CsvModel, Cell, Row, SyntaxProblem } from './model';
import { CsvCell, DEFAULT_MAX_ROW_LENGTH, isRowTooLong } from './model';
import type { Range } from '../types';
import { rangeOf } from '../types';

/** Tests turn the indexOf fast paths off to compare them with the character-by-character scan. */
export const scanOptions = { fastPaths: true };

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Where the scanner stands: the 0-based line, the offset (in the text being scanned) where that
 * line starts, and the index the next row will get. `lineStart` may be negative when the line
 * began in text already consumed (streaming).
 */
export interface ScanCursor {
  line: number;
  lineStart: number;
  rowIndex: number;
}

/**
 * Where the next LF, CR and quote stand in a text, as far as a scan found them (-1: not looked for yet), for a
 * scan of the same text that goes on from where the last stopped: a text without quotes is then searched for
 * one once, not at every call.
 */
export interface ScanAhead {
  lf: number;
  cr: number;
  quote: number;
}

export interface ScanOutput {
  rows: Row[];
  syntaxProblems: SyntaxProblem[];
}

/**
 * The parser's row: its text and where it stands, nothing more. Its cells are split from the text
 * each time they are asked for, so that a file of 100,000 rows keeps 100,000 small objects alive
 * instead of 1.7 million cells (the garbage collector traces what stays alive, again and again).
 * Read `cells` once and keep the array while working on one row.
 */
export class CsvRow implements Row {
  constructor(
    public index: number,
    public line: number,
    /** Character on `line` where the row starts (0, or 1 after a byte order mark). */
    public character: number,
    public endLine: number,
    public endCharacter: number,
    public text: string,
    public lineBreak = true,
    /** The text has no quote and no line break (the parser found it so): its cells are split at the commas alone. */
    private readonly plain = false,
  ) {}

  get range(): Range {
    return { start: { line: this.line, character: this.character }, end: { line: this.endLine, character: this.endCharacter } };
  }

  /** None for a row over the length bound (isRowTooLong), which is not checked field by field. */
  get cells(): Cell[] {
    if (isRowTooLong(this)) return [];
    return this.plain ? splitPlain(this.text, this.line, this.character) : splitCells(this.text, this.line, this.character);
  }

  /** Moves the row by whole lines (the language server's incremental model); its cells move with it. */
  shift(lineDelta: number): void {
    this.line += lineDelta;
    this.endLine += lineDelta;
  }
}

/**
 * After the first `rows` rows of a parse, before the rest: `then` gets them and the offset where the last of them
 * ends in the text (a caller can hand the rest of the text to other work while the parse goes on).
 */
export interface ParsePause {
  rows: number;
  then: (rows: readonly Row[], end: number) => void;
}

/**
 * Parses CSV text into rows of cells with exact ranges. Never throws.
 * Blank lines are skipped; a quoted field may span lines.
 */
export function parseCsv(text: string, pause?: ParsePause): CsvModel {
  const out: ScanOutput = { rows: [], syntaxProblems: [] };
  const bom = text.charCodeAt(0) === 0xfeff;
  const cursor: ScanCursor = { line: 0, lineStart: 0, rowIndex: 0 };
  let at = bom ? 1 : 0;
  if (pause) {
    const ahead: ScanAhead = { lf: -1, cr: -1, quote: -1 };
    at = scanRows(text, at, cursor, true, out, pause.rows, ahead);
    if (out.rows.length === pause.rows) pause.then(out.rows, at);
    scanRows(text, at, cursor, true, out, Infinity, ahead);
  } else {
    scanRows(text, at, cursor, true, out);
  }
  return { rows: out.rows, bom, lineCount: cursor.line + 1, syntaxProblems: out.syntaxProblems };
}

/**
 * Scans complete records of `text` from offset `from`, appending them to `out` and advancing
 * `cursor`. Returns the offset up to which the text was consumed.
 *
 * With `final` false the text is a prefix of a longer stream: a record that reaches the end of
 * the text (no line break after it yet) and a trailing CR (maybe half of CRLF) are left
 * unconsumed, to be scanned again once more text has arrived.
 *
 * With `maxRows`, the scan stops once `out.rows` holds that many rows; a later call from the offset returned goes on
 * (given the same `ahead`, it searches no text again).
 *
 * A line longer than `maxRowLength` is a row of its own, its quotes not read (no syntax problems); a record that runs
 * longer over several lines (a quote left open) is cut at its first line break.
 */
export function scanRows(
  text: string, from: number, cursor: ScanCursor, final: boolean, out: ScanOutput, maxRows = Infinity, ahead: ScanAhead = { lf: -1, cr: -1, quote: -1 },
  maxRowLength = DEFAULT_MAX_ROW_LENGTH,
): number {
  const { rows, syntaxProblems } = out;
  const n = text.length;
  let i = from;
  let line = cursor.line;
  let lineStart = cursor.lineStart;
  let rowIndex = cursor.rowIndex;
  // The next LF, CR and quote at or after i (n when none): found with indexOf, each search resumed only once passed.
  const fast = scanOptions.fastPaths;
  let nextLf = ahead.lf;
  let nextCr = ahead.cr;
  let nextQuote = ahead.quote;

  while (i < n && rows.length < maxRows) {
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      if (c0 === CR && i + 1 === n && !final) break;
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    const rowStart = i;
    if (nextLf < i) nextLf = indexOr(text, '\n', i, n);
    if (nextCr < i) nextCr = indexOr(text, '\r', i, n);
    const end = nextLf < nextCr ? nextLf : nextCr;
    if (end - rowStart > maxRowLength && (end < n || final)) {
      rows.push(new CsvRow(rowIndex++, line, rowStart - lineStart, line, end - lineStart, text.slice(rowStart, end), end < n));
      i = end;
      continue;
    }
    if (fast) {
      if (nextQuote < i) nextQuote = indexOr(text, '"', i, n);
      // No quote before the line break: the record is the line, and has no syntax problem (they are all about quotes).
      if (end < n && nextQuote > end) {
        rows.push(new CsvRow(rowIndex++, line, rowStart - lineStart, line, end - lineStart, text.slice(rowStart, end), true, true));
        i = end;
        continue;
      }
    }
    const problemsBefore = syntaxProblems.length;
    rowScan.line = line;
    rowScan.lineStart = lineStart;
    i = scanRecord(text, i, rowScan, syntaxProblems, rowIndex, null);
    if (i >= n && !final) {
      // The record may go on in text not seen yet: leave it for the next call.
      syntaxProblems.length = problemsBefore;
      cursor.line = line;
      cursor.lineStart = lineStart;
      cursor.rowIndex = rowIndex;
      return rowStart;
    }
    if (i - rowStart > maxRowLength) {
      // Its first line is within the bound (see above): the record is that line, its quote left open.
      syntaxProblems.length = problemsBefore;
      rowScan.line = line;
      rowScan.lineStart = lineStart - rowStart;
      const firstLine = text.slice(rowStart, end);
      scanRecord(firstLine, 0, rowScan, syntaxProblems, rowIndex, null);
      const row: Row = new CsvRow(rowIndex++, line, rowStart - lineStart, line, end - lineStart, firstLine);
      row.cut = true;
      rows.push(row);
      i = end;
      continue;
    }
    rows.push(new CsvRow(rowIndex++, line, rowStart - lineStart, rowScan.line, i - rowScan.lineStart, text.slice(rowStart, i), i < n));
    line = rowScan.line;
    lineStart = rowScan.lineStart;
  }
  cursor.line = line;
  cursor.lineStart = lineStart;
  cursor.rowIndex = rowIndex;
  ahead.lf = nextLf;
  ahead.cr = nextCr;
  ahead.quote = nextQuote;
  return i;
}

/** Where a record scan starts (line, offset of that line's start) and, after it, ends; and how many cells it found. */
interface RecordScan {
  line: number;
  lineStart: number;
  cellCount: number;
}

const EQUALS = 61;

/**
 * An unquoted cell text[start, end) of two quotes written ="…" (a spreadsheet formula for the text inside, which
 * HIS exports write so that Excel keeps leading zeros): its quotes are the value's (F-quoted), not CSV syntax.
 */
function isTextFormula(text: string, start: number, end: number): boolean {
  return end - start >= 3 && text.charCodeAt(start) === EQUALS && text.charCodeAt(start + 1) === QUOTE && text.charCodeAt(end - 1) === QUOTE;
}

/** Reused by scanRows and splitCells, which run to completion without calling each other. */
const rowScan: RecordScan = { line: 0, lineStart: 0, cellCount: 0 };
const cellScan: RecordScan = { line: 0, lineStart: 0, cellCount: 0 };

/** Per cell, in `bounds`: raw start and end offsets, closing-quote offset (-1 if none), start line and character, end line and character. */
const CELL_STRIDE = 7;
const bounds: number[] = [];

/**
 * Scans one record from offset `i`: the cells up to the first line break outside quotes (or the
 * end of the text). Syntax problems go to `problems` when given; cell bounds to `cellBounds` when
 * given. Moves `at` to the line the record ends on; returns the offset after the record.
 */
function scanRecord(text: string, i: number, at: RecordScan, problems: SyntaxProblem[] | null, rowIndex: number, cellBounds: number[] | null): number {
  const n = text.length;
  let line = at.line;
  let lineStart = at.lineStart;
  let cell = 0;
  for (;;) {
    const cellStart = i;
    const cellLine = line;
    const cellStartChar = i - lineStart;
    let closeQuote = -1;
    if (text.charCodeAt(i) === QUOTE) {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === QUOTE) {
          if (text.charCodeAt(j + 1) === QUOTE) {
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) {
          line++;
          lineStart = j + 1;
        } else if (c === CR) {
          line++;
          lineStart = j + 2;
          j++;
        }
        j++;
      }
      if (!closed) {
        problems?.push({ kind: 'unclosed-quote', range: rangeOf(cellLine, cellStartChar, cellStartChar + 1), row: rowIndex });
        i = j;
      } else {
        closeQuote = j;
        i = j + 1;
        let k = i;
        while (k < n && !isEnd(text.charCodeAt(k))) k++;
        if (k > i) {
          problems?.push({ kind: 'text-after-quote', range: rangeOf(line, i - lineStart, k - lineStart), row: rowIndex });
          i = k;
        }
      }
    } else {
      let k = i;
      let c = 0;
      let quotes = 0;
      while (k < n && (c = text.charCodeAt(k)) !== COMMA && c !== LF && c !== CR) {
        if (c === QUOTE) quotes++;
        k++;
      }
      if (quotes > 0 && problems && !(quotes === 2 && isTextFormula(text, i, k))) {
        for (let q = i; q < k; q++) {
          if (text.charCodeAt(q) === QUOTE) problems.push({ kind: 'stray-quote', range: rangeOf(line, q - lineStart, q - lineStart + 1), row: rowIndex });
        }
      }
      i = k;
    }
    if (cellBounds) {
      const o = cell * CELL_STRIDE;
      cellBounds[o] = cellStart;
      cellBounds[o + 1] = i;
      cellBounds[o + 2] = closeQuote;
      cellBounds[o + 3] = cellLine;
      cellBounds[o + 4] = cellStartChar;
      cellBounds[o + 5] = line;
      cellBounds[o + 6] = i - lineStart;
    }
    cell++;
    if (i < n && text.charCodeAt(i) === COMMA) {
      i++;
      continue;
    }
    break;
  }
  at.line = line;
  at.lineStart = lineStart;
  at.cellCount = cell;
  return i;
}

/** The cells of one record's text, which starts at `character` on `line`. */
export function splitCells(text: string, line: number, character: number): Cell[] {
  if (scanOptions.fastPaths && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return splitPlain(text, line, character);
  cellScan.line = line;
  cellScan.lineStart = -character;
  scanRecord(text, 0, cellScan, null, 0, bounds);
  const count = cellScan.cellCount;
  const cells: Cell[] = new Array(count);
  for (let c = 0; c < count; c++) {
    const o = c * CELL_STRIDE;
    const start = bounds[o];
    const end = bounds[o + 1];
    const closeQuote = bounds[o + 2];
    const quoted = text.charCodeAt(start) === QUOTE;
    const raw = text.slice(start, end);
    let value = raw;
    if (quoted) {
      value = unquote(text.slice(start + 1, closeQuote < 0 ? end : closeQuote));
      if (closeQuote >= 0 && closeQuote + 1 < end) value += text.slice(closeQuote + 1, end);
    }
    cells[c] = new CsvCell(value, raw, quoted, bounds[o + 3], bounds[o + 4], bounds[o + 5], bounds[o + 6]);
  }
  return cells;
}

/** The cells of a one-line record without quotes: split at the commas. */
function splitPlain(text: string, line: number, character: number): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  for (;;) {
    const comma = text.indexOf(',', start);
    const end = comma < 0 ? text.length : comma;
    const raw = text.slice(start, end);
    cells.push(new CsvCell(raw, raw, false, line, character + start, line, character + end));
    if (comma < 0) return cells;
    start = comma + 1;
  }
}

function indexOr(text: string, s: string, from: number, none: number): number {
  const at = text.indexOf(s, from);
  return at < 0 ? none : at;
}

/** The content of a quoted field with each doubled quote read as one. */
function unquote(inner: string): string {
  return inner.includes('""') ? inner.replace(/""/g, '"') : inner;
}

function isEnd(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}
