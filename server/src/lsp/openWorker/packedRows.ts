/**
 * The row-local validation of a run of rows, packed into typed arrays so that a worker thread can hand
 * it back without cloning an object a row: what the editor keeps of a row that has no findings
 * (its deadline, its note's severity, its cross-row index record) is numbers.
 */
import { scanRows, type ScanAhead, type ScanCursor, type ScanOutput } from '../../core/csv/parse';
import type { Row, SyntaxProblem } from '../../core/csv/model';
import type { ValidationOptions } from '../../core/options';
import type { DeadlineBasis } from '../../core/rules/deadline';
import { ENCODED_FIELDS, encodeRow } from '../../core/rules/row-record';
import { SEVERITY_RANK, type Finding } from '../../core/types';
import { coreEngine } from '../coreEngine';
import type { RowClaims } from './claims';

export const BASES: readonly DeadlineBasis[] = ['exam', 'replacement-card', 'referral'];

/** A flag beside encodeRow's: the row is not data. */
export const NOT_DATA = 0x80;

/** Where the rows start: the first one is on `line` at character 0 and gets index `rowIndex` (never 0: a header is not sent). */
export interface RowsStart {
  line: number;
  rowIndex: number;
}

export interface PackedRows {
  count: number;
  /** The line of the first row and where the last ends (the server's thread checks that the worker read the rows it did). */
  firstLine: number;
  lastEndLine: number;
  lastEndCharacter: number;
  /** encodeRow's record of each row, ENCODED_FIELDS int32 a row. */
  index: Int32Array;
  /** encodeRow's flags, or NOT_DATA for a row that stays out of the cross-row index (an empty row). */
  flags: Uint8Array;
  /** The incentive deadline, ms since the epoch; NaN when the row has none. */
  deadlineMs: Float64Array;
  /** Index into BASES. */
  basis: Uint8Array;
  /** 4, 12 or 17. */
  field: Uint8Array;
  /** Severity rank of the deadline note, -1 for none. */
  noteRank: Int8Array;
  /**
   * The rows that have findings (`at`: position among the rows sent): how many of each severity rank, and where their
   * note stands. Not the findings: cloning them for the server's thread cost more than building a row's again there
   * when they are read (RowResults), and most are never read (only maxDiagnostics of them are shown).
   */
  findings: { at: number; counts: number[]; notePosition: number }[];
}

/**
 * The rows of a text of whole lines that starts with a row, parsed as far as they are asked for, and their CSV syntax
 * problems by row index. Rows are asked for in order, and those before the rows asked for are let go: a worker's
 * share holds the rows of its chunk, not all the rows before it (which the garbage collector would copy again and
 * again).
 */
export class ParsedRows {
  private readonly out: ScanOutput = { rows: [], syntaxProblems: [] };
  private readonly cursor: ScanCursor;
  private readonly ahead: ScanAhead = { lf: -1, cr: -1, quote: -1 };
  private offset = 0;
  /** How many rows before `out.rows[0]` were let go. */
  private dropped = 0;
  readonly syntax = new Map<number, SyntaxProblem[]>();

  constructor(
    private readonly text: string,
    start: RowsStart,
  ) {
    this.cursor = { line: start.line, lineStart: 0, rowIndex: start.rowIndex };
  }

  /** How many rows there are up to row `count` at most: the text is parsed that far. */
  parsedUpTo(count: number): number {
    const out = this.out;
    if (this.dropped + out.rows.length < count && this.offset < this.text.length) {
      const problems = out.syntaxProblems.length;
      this.offset = scanRows(this.text, this.offset, this.cursor, true, out, count - this.dropped, this.ahead);
      for (let k = problems; k < out.syntaxProblems.length; k++) {
        const p = out.syntaxProblems[k];
        const list = this.syntax.get(p.row);
        if (list) list.push(p);
        else this.syntax.set(p.row, [p]);
      }
    }
    return Math.min(count, this.dropped + out.rows.length);
  }

  /** Rows `[from, to)` (fewer when the text ends first), letting the rows before `from` go: later calls ask for none of them. */
  rows(from: number, to: number): readonly Row[] {
    if (from < this.dropped) throw new Error(`row ${from} was let go`);
    const end = this.parsedUpTo(to);
    const rows = this.out.rows;
    const drop = Math.min(from - this.dropped, rows.length);
    if (drop > 0) {
      rows.splice(0, drop);
      this.dropped += drop;
    }
    return end > from ? rows.slice(0, end - from) : [];
  }
}

/**
 * Validates rows `[from, to)` of `parsed` as CsvDocument does; `at` in the findings counts from `from`. Throws when
 * the text holds fewer rows.
 */
export function packRows(parsed: ParsedRows, from: number, to: number, options: ValidationOptions): PackedRows {
  const rows = parsed.rows(from, to);
  const count = to - from;
  if (rows.length < count) throw new Error(`the text holds ${from + rows.length} rows, not ${to}`);
  const packed: PackedRows = {
    count,
    firstLine: count > 0 ? rows[0].line : -1,
    lastEndLine: count > 0 ? rows[count - 1].range.end.line : -1,
    lastEndCharacter: count > 0 ? rows[count - 1].range.end.character : -1,
    index: new Int32Array(count * ENCODED_FIELDS),
    flags: new Uint8Array(count),
    deadlineMs: new Float64Array(count),
    basis: new Uint8Array(count),
    field: new Uint8Array(count),
    noteRank: new Int8Array(count),
    findings: [],
  };
  const none: readonly SyntaxProblem[] = [];
  for (let k = 0; k < count; k++) {
    const row = rows[k];
    packRow(row, k, parsed.syntax.get(row.index) ?? none, options, packed);
  }
  return packed;
}

function packRow(row: Row, k: number, syntax: readonly SyntaxProblem[], options: ValidationOptions, packed: PackedRows): void {
  if (!coreEngine.isDataRow(row)) {
    packed.flags[k] = NOT_DATA;
    packed.deadlineMs[k] = NaN;
    packed.field[k] = 12;
    packed.noteRank[k] = -1;
    const list = coreEngine.nonDataFindings(row, syntax, options);
    if (list.length > 0) packed.findings.push({ at: k, counts: rankCountsOf(list), notePosition: 0 });
    return;
  }
  const cells = row.cells;
  const v = coreEngine.validateRow(row, cells, syntax, options);
  // The server thread's index hashes a row's text only when its visit has other rows (it has the texts).
  packed.flags[k] = encodeRow(row, cells, packed.index, k * ENCODED_FIELDS, false);
  const d = v.deadline;
  packed.deadlineMs[k] = d ? d.deadline : NaN;
  packed.basis[k] = d ? BASES.indexOf(d.basis) : 0;
  packed.field[k] = d ? d.field : 12;
  packed.noteRank[k] = v.noteSeverity === undefined ? -1 : SEVERITY_RANK[v.noteSeverity];
  if (v.findings.length > 0) packed.findings.push({ at: k, counts: rankCountsOf(v.findings), notePosition: v.notePosition });
}

/** How many findings of each severity rank (error, warning, information, hint) `list` holds. */
export function rankCountsOf(list: readonly Finding[]): number[] {
  const counts = [0, 0, 0, 0];
  for (const f of list) counts[SEVERITY_RANK[f.severity] ?? 0]++;
  return counts;
}

/**
 * Claims and validates chunk `c` of `claims` for the worker; undefined when the server's thread has it, or when the
 * text ends before it (the claims may cover more rows than the text holds: the last chunk with rows is packed as far
 * as they go).
 */
export function packClaimed(parsed: ParsedRows, claims: RowClaims, c: number, options: ValidationOptions): PackedRows | undefined {
  if (c >= claims.chunks || !claims.claimForWorker(c)) return undefined;
  const to = parsed.parsedUpTo(claims.end(c));
  return to > claims.start(c) ? packRows(parsed, claims.start(c), to, options) : undefined;
}

/** The buffers postMessage can move instead of copying. */
export function transferables(p: PackedRows): ArrayBuffer[] {
  return [p.index.buffer, p.flags.buffer, p.deadlineMs.buffer, p.basis.buffer, p.field.buffer, p.noteRank.buffer] as ArrayBuffer[];
}
