/**
 * The row-local validation of a run of rows, packed into typed arrays so that a worker thread can hand
 * it back without cloning an object a row: what the editor keeps of a row that has no findings
 * (its deadline, its note's severity, its cross-row index record) is numbers.
 */
import { scanRows, type ScanOutput } from '../../core/csv/parse';
import type { Row, SyntaxProblem } from '../../core/csv/model';
import type { ValidationOptions } from '../../core/options';
import type { DeadlineBasis } from '../../core/rules/deadline';
import { ENCODED_FIELDS, encodeRow } from '../../core/rules/cross-row';
import { SEVERITY_RANK, type Finding } from '../../core/types';
import { coreEngine } from '../coreEngine';

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
  /** encodeRow's record of each row, ENCODED_FIELDS int32 a row. */
  index: Int32Array;
  /** encodeRow's flags, or NOT_DATA for a row that stays out of the cross-row index (an empty row). */
  flags: Uint8Array;
  /** The upload deadline, ms since the epoch; NaN when the row has none. */
  deadlineMs: Float64Array;
  /** Index into BASES. */
  basis: Uint8Array;
  /** 4, 12 or 17. */
  field: Uint8Array;
  /** Severity rank of the deadline note, -1 for none. */
  noteRank: Int8Array;
  /** The rows that have findings (`at`: position among the rows sent), with where their note stands. */
  findings: { at: number; list: Finding[]; notePosition: number }[];
}

/** Parses `text` (whole lines, starting with a row) and validates each row as CsvDocument does. */
export function packRows(text: string, start: RowsStart, options: ValidationOptions): PackedRows {
  const out: ScanOutput = { rows: [], syntaxProblems: [] };
  scanRows(text, 0, { line: start.line, lineStart: 0, rowIndex: start.rowIndex }, true, out);
  const syntax = new Map<number, SyntaxProblem[]>();
  for (const p of out.syntaxProblems) {
    const list = syntax.get(p.row);
    if (list) list.push(p);
    else syntax.set(p.row, [p]);
  }
  const count = out.rows.length;
  const packed: PackedRows = {
    count,
    index: new Int32Array(count * ENCODED_FIELDS),
    flags: new Uint8Array(count),
    deadlineMs: new Float64Array(count),
    basis: new Uint8Array(count),
    field: new Uint8Array(count),
    noteRank: new Int8Array(count),
    findings: [],
  };
  const none: readonly SyntaxProblem[] = [];
  for (let k = 0; k < count; k++) packRow(out.rows[k], k, syntax.get(out.rows[k].index) ?? none, options, packed);
  return packed;
}

function packRow(row: Row, k: number, syntax: readonly SyntaxProblem[], options: ValidationOptions, packed: PackedRows): void {
  if (!coreEngine.isDataRow(row)) {
    packed.flags[k] = NOT_DATA;
    packed.deadlineMs[k] = NaN;
    packed.field[k] = 12;
    packed.noteRank[k] = -1;
    const list = coreEngine.nonDataFindings(row, syntax, options);
    if (list.length > 0) packed.findings.push({ at: k, list, notePosition: 0 });
    return;
  }
  const cells = row.cells;
  const v = coreEngine.validateRow(row, cells, syntax, options);
  packed.flags[k] = encodeRow(row, cells, packed.index, k * ENCODED_FIELDS);
  const d = v.deadline;
  packed.deadlineMs[k] = d ? d.deadline : NaN;
  packed.basis[k] = d ? BASES.indexOf(d.basis) : 0;
  packed.field[k] = d ? d.field : 12;
  packed.noteRank[k] = v.noteSeverity === undefined ? -1 : SEVERITY_RANK[v.noteSeverity];
  if (v.findings.length > 0) packed.findings.push({ at: k, list: v.findings, notePosition: v.notePosition });
}

/** The buffers postMessage can move instead of copying. */
export function transferables(p: PackedRows): ArrayBuffer[] {
  return [p.index.buffer, p.flags.buffer, p.deadlineMs.buffer, p.basis.buffer, p.field.buffer, p.noteRank.buffer] as ArrayBuffer[];
}
