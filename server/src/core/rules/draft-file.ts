import type { Row } from '../csv/model';
import { isDraftPath } from './archive-name';
import { isNullLiteral } from './null-literal';
import { recordCells } from './row';

/**
 * Only rows among the file's first this many may say whether it is a draft (draftSaidBy): a stream holds back the
 * rows before the one that says (BatchValidator), and an editor reads them again after an edit above it.
 */
export const DRAFT_DECIDING_ROWS = 1000;

/**
 * What a data row says of its file: true for a draft for Build rather than an upload CSV (field 14 names an image
 * folder), false for an upload CSV (an archive name, or anything else), undefined when field 14 is not filled in
 * yet (empty, or a null literal an export wrote for no value): the next data row says. A draft may be called
 * anything (no FILE-name rules), and an empty field 14 asks for the folder's path (options.draft).
 */
export function draftSaidBy(dataRow: Row): boolean | undefined {
  const value = recordCells(dataRow.cells)[13]?.value.trim() ?? '';
  if (value === '' || isNullLiteral(value, 14)) return undefined;
  return isDraftPath(value);
}

/**
 * The data row that says whether the file of `rows` is a draft: the first of its first DRAFT_DECIDING_ROWS rows
 * that says (draftSaidBy). Undefined when none does: the file is no draft.
 */
export function draftDecidingRow(rows: readonly Row[], isDataRow: (row: Row) => boolean): Row | undefined {
  const end = Math.min(rows.length, DRAFT_DECIDING_ROWS);
  for (let i = 0; i < end; i++) {
    const row = rows[i];
    if (isDataRow(row) && draftSaidBy(row) !== undefined) return row;
  }
  return undefined;
}

/** Whether the file of `rows` is a draft for Build, as its deciding row says (draftDecidingRow). */
export function isDraftText(rows: readonly Row[], isDataRow: (row: Row) => boolean): boolean {
  const row = draftDecidingRow(rows, isDataRow);
  return row !== undefined && draftSaidBy(row) === true;
}
