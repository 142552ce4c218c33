import type { Cell, Row } from './csv/model';
import { recordCells } from './rules/row';

/**
 * Cells of one column across rows, for an editor that shows where else a value stands (document highlights):
 * the cells of given rows (a visit's, from the cross-row index) and the rows whose cell holds the same value.
 */

/** At most this many rows are listed for a value that stands in more (the hospital code of every row): those nearest the row asked about. */
export const EQUAL_ROWS_LIMIT = 1000;

/** Field `field` (1-based, as recordCells counts, behind a row number an export wrote) of each row `rows[i]`, `i` in `indexes`; rows without it are left out. */
export function fieldOfRows(rows: readonly Row[], indexes: readonly number[], field: number): Cell[] {
  const out: Cell[] = [];
  for (const i of indexes) {
    const row = rows[i];
    const cell = row && recordCells(row.cells)[field - 1];
    if (cell) out.push(cell);
  }
  return out;
}

/**
 * The indexes of the rows `include` takes whose field `field` holds exactly `value` (not trimmed, as the rules read
 * it), row `from` among them when it does, in row order: at most `limit`, nearest `from` first (one after, one before,
 * and so on). A row's cells are split only when its text holds `value` standing as a whole cell (or holds a quote,
 * where the raw text differs from the value), so a value found in few rows costs a search of each row's text.
 */
export function rowsWithValue(
  rows: readonly Row[], from: number, field: number, value: string, include: (i: number) => boolean, limit = EQUAL_ROWS_LIMIT,
): number[] {
  const out: number[] = [];
  const holds = (i: number): boolean => {
    const text = rows[i].text;
    if (text.indexOf('"') < 0 && !standsAsCell(text, value)) return false;
    return include(i) && recordCells(rows[i].cells)[field - 1]?.value === value;
  };
  if (value === '' || limit <= 0) return out;
  if (from >= 0 && from < rows.length && holds(from)) out.push(from);
  for (let after = from + 1, before = from - 1; out.length < limit && (after < rows.length || before >= 0); after++, before--) {
    if (after < rows.length && holds(after)) out.push(after);
    if (out.length < limit && before >= 0 && holds(before)) out.push(before);
  }
  return out.sort((x, y) => x - y);
}

/** Whether `value` stands in `text` between two commas (or the text's start or end), as an unquoted cell's text does. */
function standsAsCell(text: string, value: string): boolean {
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const end = at + value.length;
    if ((at === 0 || text.charCodeAt(at - 1) === COMMA) && (end === text.length || text.charCodeAt(end) === COMMA)) return true;
  }
  return false;
}

const COMMA = 0x2c;
