/**
 * The one place where the language server calls the core's validators. Everything semantic
 * (rules, messages, fixes, deadlines) comes from the core; this file only wires it for
 * row-by-row, incremental use.
 */
import type { Cell, Row, SyntaxProblem } from '../core/csv/model';
import type { Finding, Severity, TextEdit } from '../core/types';
import type { LineBreak, LineEnds } from '../core/csv/line-ends';
import type { ValidationOptions } from '../core/options';
import type { RowDeadline } from '../core/rules/deadline';

/** Cross-row rules over the rows currently added (report serials, shared archives, duplicates). */
export interface CrossRowIndex {
  /** Adds a row (`cells` when the caller has split them already); returns the slot the other methods take. */
  add(row: Row, cells?: readonly Cell[]): number;
  /** The slot's row moved by whole lines and row indexes; its cells did not change. */
  move(slot: number, lineDelta: number, indexDelta: number): void;
  /** Adds a regular row encoded elsewhere (encodeRow in core/rules/cross-row); absent when the index cannot. */
  addEncoded?(fields: Int32Array, o: number, flags: number): number;
  remove(slot: number): void;
  findings(): Finding[];
  /** The row indexes of the rows of the slot's visit (the report serial's group), itself among them, in row order; absent when the index cannot tell. */
  visitRows?(slot: number): number[];
  /** Makes room for this many rows at once; absent when the index grows only as rows arrive. */
  reserve?(rows: number): void;
}

/** The document as file-level rules see it. */
export interface FileView {
  rows: readonly Row[];
  bom: boolean;
  lineCount: number;
  lineEnds?: LineEnds;
  /** The edits that change the text's lone CRs to `target` (FILE-line-ends's fix). */
  loneCrEdits?: (target: LineBreak) => TextEdit[];
}

/** One data row's validation. The deadline note is not in `findings`: it is built when read, by `deadlineNote`. */
export interface RowValidation {
  /** Row-local findings, then the row's CSV syntax findings. */
  findings: Finding[];
  /** The row's incentive deadline, undefined when its times do not give one. */
  deadline: RowDeadline | undefined;
  /** The deadline note's severity, undefined when there is none (no deadline, or its rule is off). */
  noteSeverity: Severity | undefined;
  /** Where the note stands among `findings` (it comes before the syntax findings). */
  notePosition: number;
}

export interface ValidationEngine {
  /** Row-local validation of a data row (see isDataRow); `cells` are the row's cells. */
  validateRow(row: Row, cells: readonly Cell[], syntax: readonly SyntaxProblem[], options: ValidationOptions): RowValidation;
  /** The findings of a row that is not data: an empty row's own finding, and its syntax findings; a row too long to check, its length. */
  nonDataFindings(row: Row, syntax: readonly SyntaxProblem[], options: ValidationOptions): Finding[];
  /** The deadline note of a validated row, built from the row as it stands now. */
  deadlineNote(row: Row, deadline: RowDeadline, options: ValidationOptions): Finding | undefined;
  /** False for a row that is not data (a header row, an empty row, a row too long to check): it stays out of the cross-row index. Depends on the row's index. */
  isDataRow(row: Row): boolean;
  /**
   * The record a row that is not data holds all the same (the first record pandas wrote as column names): its cells,
   * which join the cross-row index; undefined for any other row. Absent: no such row joins it.
   */
  recordOfNonDataRow?(row: Row): readonly Cell[] | undefined;
  /** `rowText`: the text of the document's row at an index now (an index may read it instead of keeping a hash of every row's). */
  crossRowIndex(options: ValidationOptions, rowText?: (rowIndex: number) => string): CrossRowIndex;
  fileFindings(file: FileView, options: ValidationOptions): Finding[];
}
