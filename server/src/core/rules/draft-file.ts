import type { Row } from '../csv/model';
import { archiveOfPath, isDraftPath, isUnnamedFolder, looksLikeArchiveName } from './archive-name';
import { isNullLiteral } from './null-literal';
import { recordCells } from './row';

/**
 * Only rows among the file's first this many may say whether it is a draft (draftDecision): a stream holds back the
 * rows before the one that says (BatchValidator), and an editor reads them again after an edit above it.
 */
export const DRAFT_DECIDING_ROWS = 1000;

/**
 * What a data row's field 14 says of its file, and how firmly: a draft for Build (an image folder's path) or an upload
 * CSV (an archive name, or anything else). A path naming a folder, and an archive's name (well formed or not, or the
 * path of one), say it firmly; a folder without a name of its own (`.`, `..`, `~`, `%USERPROFILE%`: isUnnamedFolder),
 * which a stray row of an upload CSV may hold too, and any other value (a mistyped archive name, `row1`) only lean.
 * Undefined when field 14 is not filled in yet (empty, or a null literal an export wrote for no value).
 */
export interface DraftSign {
  draft: boolean;
  firm: boolean;
}

export function draftSignOf(dataRow: Row): DraftSign | undefined {
  const value = recordCells(dataRow.cells)[13]?.value.trim() ?? '';
  if (value === '' || isNullLiteral(value, 14)) return undefined;
  if (isUnnamedFolder(value)) return { draft: true, firm: false };
  if (isDraftPath(value)) return { draft: true, firm: true };
  return { draft: false, firm: looksLikeArchiveName(value) || archiveOfPath(value) !== undefined };
}

/** What a data row says of its file (draftSignOf), firmly or not: true for a draft, false for an upload CSV, undefined for nothing yet. */
export function draftSaidBy(dataRow: Row): boolean | undefined {
  return draftSignOf(dataRow)?.draft;
}

/**
 * Whether the file of `rows` is a draft, and the row that decided. Among the first DRAFT_DECIDING_ROWS rows, the first
 * data row that says it firmly decides (`by`); without one, the first that leans does, and `by` is undefined: the rows
 * up to DRAFT_DECIDING_ROWS decided together. No row says anything: no draft (docs/decisions/draft-deciding-row.md).
 */
export function draftDecision(rows: readonly Row[], isDataRow: (row: Row) => boolean): { draft: boolean; by?: Row } {
  const end = Math.min(rows.length, DRAFT_DECIDING_ROWS);
  let lean: boolean | undefined;
  for (let i = 0; i < end; i++) {
    const row = rows[i];
    const sign = isDataRow(row) ? draftSignOf(row) : undefined;
    if (sign?.firm) return { draft: sign.draft, by: row };
    if (sign) lean ??= sign.draft;
  }
  return { draft: lean ?? false };
}

/** Whether the file of `rows` is a draft for Build (draftDecision). */
export function isDraftText(rows: readonly Row[], isDataRow: (row: Row) => boolean): boolean {
  return draftDecision(rows, isDataRow).draft;
}
