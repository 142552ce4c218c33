import type { Range } from '../types';

/** One cell: its unquoted value and exactly where its raw text stands in the document. */
export interface Cell {
  /** The value after CSV unquoting, nothing else changed (no trimming). */
  value: string;
  /** The raw text as it stands in the document, quotes included. */
  raw: string;
  /** The range of `raw`. For an empty trailing cell the range is empty, right after its comma. */
  readonly range: Range;
  quoted: boolean;
}

/**
 * The parser's cell: positions kept as numbers and the range built only when asked for, because a
 * file of 100,000 rows has 1.7 million cells and their ranges are read only for findings.
 */
export class CsvCell implements Cell {
  constructor(
    public value: string,
    public raw: string,
    public quoted: boolean,
    public line: number,
    public character: number,
    public endLine: number,
    public endCharacter: number,
  ) {}

  get range(): Range {
    return { start: { line: this.line, character: this.character }, end: { line: this.endLine, character: this.endCharacter } };
  }
}

/** Moves a cell by whole lines (the language server's incremental model). */
export function shiftCell(cell: Cell, lineDelta: number): void {
  if (cell instanceof CsvCell) {
    cell.line += lineDelta;
    cell.endLine += lineDelta;
  } else {
    cell.range.start.line += lineDelta;
    cell.range.end.line += lineDelta;
  }
}

/**
 * Rows longer than this (UTF-16 code units, line break excluded) are not upload data: they are reported
 * (FILE-row-too-long) and not checked field by field. A record that would run longer is cut at its first line
 * break, so that a quote left open cannot swallow the rest of the file.
 */
export const DEFAULT_MAX_ROW_LENGTH = 64 * 1024;

/** One CSV record. Usually one line; a quoted field with a line break makes it span several. */
export interface Row {
  /** 0-based index among the file's rows (blank lines are not rows). */
  index: number;
  /** 0-based line where the row starts. */
  line: number;
  cells: Cell[];
  /** From the start of the first cell to the end of the last, line break excluded. */
  range: Range;
  /** Raw text of the record, line break excluded. */
  text: string;
  /** False when the row ends the text, no line break after it (absent: one follows). */
  lineBreak?: boolean;
  /** True when a quote left open ran the record past DEFAULT_MAX_ROW_LENGTH: the row is its first line (absent: false). */
  cut?: boolean;
}

/** A row over DEFAULT_MAX_ROW_LENGTH: always one line (see there); the parser gives it no cells. */
export function isRowTooLong(row: Pick<Row, 'text'>): boolean {
  return row.text.length > DEFAULT_MAX_ROW_LENGTH;
}

/** A problem of the CSV syntax itself (unbalanced quote, stray quote) found while parsing. */
export interface SyntaxProblem {
  kind: 'unclosed-quote' | 'stray-quote' | 'text-after-quote';
  range: Range;
  row: number;
}

export interface CsvModel {
  rows: Row[];
  /** The text began with U+FEFF. Ranges count it as a character of line 0, as editors do. */
  bom: boolean;
  /** Number of lines in the text. */
  lineCount: number;
  syntaxProblems: SyntaxProblem[];
}
