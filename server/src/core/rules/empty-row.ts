import type { Row } from '../csv/model';
import type { Finding } from '../types';
import type { ValidationOptions } from '../options';
import { bi } from '../i18n';
import { deleteRowEdit, emit } from './emit';
import { queryToolLine } from './query-tool-lines';
import { noteText } from './note-row';
import { isNullLiteral, startsNullLiteral } from './null-literal';

const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;
const NBSP = 0xa0;
const IDEOGRAPHIC_SPACE = 0x3000;

/**
 * A line of only commas and spaces, as spreadsheets write for formatted but empty rows: no record, so not a
 * data row (no field checks, not in the cross-row rules, not counted). Blank lines are not rows at all.
 */
export function isEmptyRow(row: Row): boolean {
  const t = row.text;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c !== COMMA && c !== SPACE && c !== TAB && c !== NBSP && c !== IDEOGRAPHIC_SPACE) return onlyNullLiterals(t, c);
  }
  return true;
}

/**
 * A row whose only values are what exports write for "no value" (`,,,,None,,`) holds no record either: emptying
 * its cells would leave an empty row. `first` is its first character other than a comma or a blank; data rows
 * are ruled out by it without splitting.
 */
function onlyNullLiterals(text: string, first: number): boolean {
  if (!startsNullLiteral(first)) return false;
  const cells = text.split(',');
  return cells.every((cell, i) => {
    const v = cell.trim();
    return v === '' || isNullLiteral(v, i + 1);
  });
}

/** What MS-DOS programs wrote after the last byte of a text file, and some exports still do. */
export const EOF_MARK = '\u001a';

/**
 * An empty row, the end-of-file mark, a query tool's underline or row count, or a title or note (noteText): no
 * record, so not counted, not indexed across rows and never the first data row.
 */
export function holdsNoRecord(row: Row): boolean {
  return row.text === EOF_MARK || isEmptyRow(row) || queryToolLine(row) !== undefined || noteText(row) !== undefined;
}

/** ROW-empty, with a fix deleting the row and the line break after it (the last row of a text has none). */
export function emitEmptyRow(row: Row, options: ValidationOptions, out: Finding[]): undefined {
  emit(out, options, 'ROW-empty', row.range, null, row.index,
    bi('空白列（只有逗號、空白或 NULL 之類的值）：請刪除此列', 'an empty row (only commas, spaces or values such as NULL): delete it'),
    [{ kind: 'remove-empty-row', title: bi('刪除空白列', 'Delete the empty row'), edits: [deleteRowEdit(row)] }]);
  return undefined;
}
