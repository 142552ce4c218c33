import type { Row } from '../csv/model';
import type { Finding } from '../types';
import type { ValidationOptions } from '../options';
import { bi, shown, shownEn } from '../i18n';
import { deleteRowEdit, emit } from './emit';
import { isHeaderRow } from './header-row';
import { joinedFields } from './separator';

/** Han characters (CJK unified ideographs, extension A, compatibility ideographs): what a title or note is written in. */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** A title or note holds one or two values (合計,8筆); a record, even a broken one, holds many. */
const NOTE_VALUES = 2;

/**
 * The text of a line that holds words, not a record: a title a spreadsheet report has above its data
 * (115年11月影像上傳清單), or a total or note below it (合計,8筆 / 製表人：王小明), the rest of its cells empty.
 * Undefined for any other row. A record starts with its hospital code's digit, a title maybe with its year (115年…):
 * a row starting with a digit is ruled out by its first value, without reading its cells.
 */
export function noteText(row: Row): string | undefined {
  const first = row.text.charCodeAt(0);
  if (first >= 48 && first <= 57 && !hanBeforeComma(row.text)) return undefined;
  const values: string[] = [];
  for (const cell of row.cells) {
    const v = cell.value.trim();
    if (v !== '' && values.push(v) > NOTE_VALUES) return undefined;
  }
  if (!values.some((v) => HAN.test(v))) return undefined;
  // A record whose fields stand in one cell (another separator, one quoted value) with a Chinese value is ROW-columns';
  // a note's words between its full-width commas are nearly all Chinese, a record's codes are not.
  const joined = joinedFields(row);
  if (joined && joined.filter((v) => HAN.test(v)).length * 2 < joined.length) return undefined;
  // A first row of one or two names (醫事機構代碼) is FILE-header's.
  return row.index === 0 && isHeaderRow(row) ? undefined : values.join(' ');
}

/** Whether the text's first value holds a Han character (HAN's ranges), read without copying it: asked of every record. */
function hanBeforeComma(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) return false;
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return true;
  }
  return false;
}

/** ROW-note, with a quick fix deleting the line (not in fix-all: what a note says, a person reads first). */
export function emitNoteRow(row: Row, text: string, options: ValidationOptions, out: Finding[]): undefined {
  emit(out, options, 'ROW-note', row.range, null, row.index,
    bi(`這一列是文字${shown(text)}，不是資料（試算表報表在資料上方的標題，或下方的合計、備註）：上傳檔只能有資料列，此列會被當成不正確資料；處理完其內容後請刪除此列`,
      `this line is words, ${shownEn(text)}, not a record (a title a spreadsheet report has above its data, or a total or note below it): the upload CSV holds records only, and this line would be rejected as a wrong one; delete it once what it says is dealt with`),
    [{ kind: 'remove-note', title: bi('刪除此列', 'Delete the line'), edits: [deleteRowEdit(row)] }]);
  return undefined;
}
