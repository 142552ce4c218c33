/**
 * The one place where the language server calls the core's validators. Everything semantic
 * (rules, messages, fixes, deadlines) comes from the core; this file only wires it for
 * row-by-row, incremental use.
 */
import type { Cell, Row, SyntaxProblem } from '../core/csv/model';
import type { Finding } from '../core/types';
import type { ValidationOptions } from '../core/options';

/** Cross-row rules over the rows currently added (report serials, shared archives, duplicates). */
export interface CrossRowIndex {
  /** `cells` are the row's cells when the caller has split them already. */
  add(row: Row, cells?: readonly Cell[]): void;
  remove(row: Row): void;
  findings(): Finding[];
}

/** The document as file-level rules see it. */
export interface FileView {
  rows: readonly Row[];
  bom: boolean;
  lineCount: number;
}

export interface ValidationEngine {
  /** Row-local findings, including the row's CSV syntax problems. */
  rowFindings(row: Row, syntax: readonly SyntaxProblem[], options: ValidationOptions): Finding[];
  /** False for a row that is not data (a header row): it stays out of the cross-row index. Depends on the row's index. */
  isDataRow(row: Row): boolean;
  /** The row's upload deadline (ms since epoch), or null when it cannot be computed. */
  rowDeadline(row: Row): number | null;
  crossRowIndex(options: ValidationOptions): CrossRowIndex;
  fileFindings(file: FileView, options: ValidationOptions): Finding[];
}
