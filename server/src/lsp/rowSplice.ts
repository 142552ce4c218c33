import { parseCsv } from '../core/csv/parse';
import { DEFAULT_MAX_ROW_LENGTH, shiftCell, type Row, type SyntaxProblem } from '../core/csv/model';
import { CsvRow } from '../core/csv/parse';
import type { Range } from '../core/types';

/** The new text, by lines. */
export interface LineSource {
  lineCount: number;
  /** Text from the start of line `first` up to the start of line `last + 1` (or the end). */
  linesText(first: number, last: number): string;
}

/** Replace `removeCount` rows from index `first` by `added`, and move every later row by `lineDelta` lines. */
export interface RowSplice {
  first: number;
  removeCount: number;
  added: Row[];
  addedProblems: SyntaxProblem[];
  lineDelta: number;
}

/**
 * Works out which rows one text change touched and re-parses just those lines.
 * `rows` are the rows of the text before the change, in order; `change.range` is in that text.
 * Returns null when the change can reach past the lines it touched (an unclosed quote), and the
 * caller must re-parse the whole text.
 */
export function spliceForChange(rows: readonly Row[], oldLineCount: number, change: { range: Range; text: string }, next: LineSource): RowSplice | null {
  // One line of margin on each side: an edit next to a CR or LF can join or split a CRLF pair.
  const oldFirstLine = Math.max(0, change.range.start.line - 1);
  const oldLastLine = Math.min(change.range.end.line + 1, oldLineCount - 1);
  const lineDelta = next.lineCount - oldLineCount;

  // Rows whose lines overlap [oldFirstLine, oldLastLine], and a record cut short before them that may now end there.
  const first = firstCutRowReaching(rows, firstRowEndingAtOrAfter(rows, oldFirstLine));
  let end = first;
  while (end < rows.length && rows[end].line <= oldLastLine) end++;

  let regionFirst = oldFirstLine;
  let regionLast = oldLastLine;
  if (end > first) {
    regionFirst = Math.min(regionFirst, rows[first].line);
    regionLast = Math.max(regionLast, rows[end - 1].range.end.line);
  }
  const newLast = Math.min(regionLast + lineDelta, next.lineCount - 1);
  const text = next.linesText(regionFirst, newLast);
  // parseCsv reads U+FEFF at its start as a byte order mark, which it only is at the file's start.
  if (regionFirst > 0 && text.charCodeAt(0) === 0xfeff) return null;
  const parsed = parseCsv(text);
  const reachesEnd = newLast >= next.lineCount - 1;
  // A record cut at its first line break is cut in the whole text too: its quote reaches no further.
  if (!reachesEnd && parsed.syntaxProblems.some((p) => p.kind === 'unclosed-quote' && !parsed.rows[p.row].cut)) return null;

  for (const row of parsed.rows) moveRow(row, regionFirst, first);
  for (const p of parsed.syntaxProblems) {
    moveRange(p.range, regionFirst);
    p.row += first;
  }
  return { first, removeCount: end - first, added: parsed.rows, addedProblems: parsed.syntaxProblems, lineDelta };
}

/**
 * The first row before row `first` that is a record cut at its first line break (Row.cut) and starts within the length
 * bound of it, else `first`: a change from row `first` on may close its quote within the bound, and make it whole again.
 */
function firstCutRowReaching(rows: readonly Row[], first: number): number {
  let found = first;
  for (let i = first - 1, length = 0; i >= 0 && (length += rows[i].text.length + 1) <= DEFAULT_MAX_ROW_LENGTH; i--) if (rows[i].cut) found = i;
  return found;
}

/** Index of the first row that ends on or after `line` (rows.length when none). */
function firstRowEndingAtOrAfter(rows: readonly Row[], line: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].range.end.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the row covering `line`, or -1 when the line is blank or past the last row. */
export function rowAtLine(rows: readonly Row[], line: number): number {
  const i = firstRowEndingAtOrAfter(rows, line);
  return i < rows.length && rows[i].line <= line ? i : -1;
}

/** Index of the first row that starts after `line` (rows.length when none). */
export function firstRowAfterLine(rows: readonly Row[], line: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shifts a row (and its cells) by `lineDelta` lines and gives it a new index. */
export function moveRow(row: Row, lineDelta: number, indexDelta: number): void {
  row.index += indexDelta;
  if (lineDelta === 0) return;
  if (row instanceof CsvRow) {
    row.shift(lineDelta);
    return;
  }
  row.line += lineDelta;
  moveRange(row.range, lineDelta);
  for (const cell of row.cells) shiftCell(cell, lineDelta);
}

export function moveRange(range: Range, lineDelta: number): void {
  range.start.line += lineDelta;
  range.end.line += lineDelta;
}
