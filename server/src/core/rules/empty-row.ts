import type { Row } from '../csv/model';
import type { Finding } from '../types';
import type { ValidationOptions } from '../options';
import { bi } from '../i18n';
import { emit } from './emit';

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
    if (c !== COMMA && c !== SPACE && c !== TAB && c !== NBSP && c !== IDEOGRAPHIC_SPACE) return false;
  }
  return true;
}

/** ROW-empty, with a fix deleting the row and the line break after it (the last row of a text has none). */
export function emitEmptyRow(row: Row, options: ValidationOptions, out: Finding[]): undefined {
  const range = row.range;
  const del = { start: { ...range.start }, end: row.lineBreak === false ? { ...range.end } : { line: range.end.line + 1, character: 0 } };
  emit(out, options, 'ROW-empty', range, null, row.index,
    bi('空白列（只有逗號或空白）：請刪除此列', 'an empty row (only commas or spaces): delete it'),
    [{ kind: 'remove-empty-row', title: bi('刪除空白列', 'Delete the empty row'), edits: [{ range: del, newText: '' }] }]);
  return undefined;
}
