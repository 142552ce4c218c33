import type { Cell, Row } from '../csv/model';
import type { ValidationOptions } from '../options';
import type { Finding, Range } from '../types';
import { bi, fieldName, shown, shownEn } from '../i18n';
import { agreeing, counted } from '../counted';
import { FIELD_COUNT, FIELDS } from '../spec/fields';
import { newContext, resetContext, type RowContext } from './context';
import { archiveOfPath, DRAFT_PATH_FORM, isDraftPath, looksLikeArchiveName } from './archive-name';
import { checkCrossField } from './cross-field';
import { codeForName } from './code-names';
import { orderSpec } from '../spec/orders';
import { checkFutureTimes } from './future-times';
import { DeadlineMessage, deadlineOf, type RowDeadline } from './deadline';
import { emit, replaceFix } from './emit';
import { emitEmptyRow, EOF_MARK, isEmptyRow } from './empty-row';
import { FIELD_CHECKS, ROC_FIELDS } from './fields';
import { isWrittenDate } from '../written-dates';
import { isNullLiteral, reportNullLiteral } from './null-literal';
import { emitQueryToolLine, FORM_FEED, queryToolLine } from './query-tool-lines';
import { emitNoteRow, noteText } from './note-row';
import { CsvCell } from '../csv/model';
import { otherSeparator, quotedRecordValues } from './separator';
import { hasThousandsSeparators, readSpreadsheetNumber } from './spreadsheet-number';
import { APOSTROPHE, textFormula, textPrefixed, typedQuotes } from './typed-quotes';

const SPACE = 32;
const TILDE = 126;
const EQUALS = 61;
const ARCHIVE_FIELD = 14;

/** True when every character is printable half-width ASCII other than space (the common, valid case). */
function plainAscii(v: string): boolean {
  return plainAsciiMarks(v) !== NOT_PLAIN;
}

const NOT_PLAIN = -1;
/** plainAsciiMarks: the value has a dot, an E or an e, which a number written by a spreadsheet has (readSpreadsheetNumber). */
const NUMBER_MARK = 1;
const DOT = 46;
const APOSTROPHE_CODE = 39;
const LOWER_E = 101;

const ZERO = 48;
const NINE = 57;
const CASE_BIT = 0x20;

/**
 * NOT_PLAIN unless every character is printable half-width ASCII other than space; then NUMBER_MARK or 0.
 * Asked of every value of every row, so a digit (most characters) is settled by two comparisons and a letter by three.
 */
function plainAsciiMarks(v: string): number {
  let marks = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= NINE) {
      if (c < ZERO) {
        if (c <= SPACE || c === APOSTROPHE_CODE) return NOT_PLAIN;
        if (c === DOT) marks = NUMBER_MARK;
      }
    } else if (c > TILDE) {
      return NOT_PLAIN;
    } else if ((c | CASE_BIT) === LOWER_E) {
      marks = NUMBER_MARK;
    }
  }
  return marks;
}

/** Folds full-width forms (U+FF01-FF5E) and the ideographic space to half-width. */
export function toHalfWidth(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : v[i];
  }
  return out;
}

function hasFullWidth(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) return true;
  }
  return false;
}

/**
 * Blanks around a value, removed by the trim fix: spaces, tabs, the ideographic space, and the invisible
 * characters pasted from web pages and HIS screens or left by joined files (no-break space, zero-width
 * characters, a byte order mark).
 */
const AROUND_VALUE = /^[ \t\u3000\u00a0\u200b-\u200d\u2060\ufeff]+|[ \t\u3000\u00a0\u200b-\u200d\u2060\ufeff]+$/g;
const INVISIBLE = /[\u00a0\u200b-\u200d\u2060\ufeff]/;
const BOM = 0xfeff;

/** Text that may stand unquoted in a CSV cell. */
function safeUnquoted(v: string): boolean {
  return !/[",\r\n]/.test(v);
}

/**
 * The generic checks of a cell that is not plain ASCII: quotes, spaces, full-width and other characters.
 * Returns the value to check further (trimmed, half-width), or undefined when nothing sensible remains.
 */
function normaliseCell(cell: Cell, field: number, ctx: RowContext): string | undefined {
  const { out, options } = ctx;
  const rowIx = ctx.row.index;
  const name = fieldName(field);
  let v = cell.value;
  // A spreadsheet's text formula ="…", also when the CSV quotes it again (LibreOffice): one finding, whose fix leaves the text.
  const formula = textFormula(v);
  if (formula !== undefined) {
    emit(out, options, 'F-quoted', cell.range, field, rowIx,
      bi(`${name['zh-TW']}${shown(v)}是試算表的公式 ="…"，Excel 只顯示其中的文字；健保署讀到的是檔案中的字元：${formula === '' ? '請留空' : `應寫 ${formula}`}`,
        `${name.en} ${shownEn(v)} is the spreadsheet formula ="…", which Excel shows as the text inside; the NHI reads the characters in the file: ${formula === '' ? 'leave the field empty' : `write ${formula}`}`),
      safeUnquoted(formula) ? [replaceFix('unquote', bi('移除 = 與引號', 'Remove the = and the quotes'), cell.range, formula)] : undefined);
    v = formula;
  } else if (cell.quoted && !(field === ARCHIVE_FIELD && isDraftPath(v)) && !hasThousandsSeparators(v)) {
    // A draft path is replaced by the archive name and never uploaded: it may come quoted (Explorer's "Copy as
    // path"), as one holding a comma must be. A number with thousands separators is F-thousands', whose fix takes the quotes too.
    emit(out, options, 'F-quoted', cell.range, field, rowIx,
      bi(`${name['zh-TW']}的值加了引號 ${shown(cell.raw)}；欄位值不加引號`, `${name.en} ${shownEn(v)} is written in quotes; values carry no quotes`),
      safeUnquoted(v) ? [replaceFix('unquote', bi('移除引號', 'Remove the quotes'), cell.range, v)] : undefined);
  }
  // A draft path names folders on this computer and is never uploaded: the character rules of uploaded
  // values do not apply to it, and a "fix" would point it at another folder.
  if (field === ARCHIVE_FIELD && isDraftPath(v)) return v;
  const typed = typedQuotes(v.replace(AROUND_VALUE, ''));
  const prefixed = typed ? undefined : textPrefixed(v.replace(AROUND_VALUE, ''));
  if (typed) {
    const marks = `${typed.open} ${typed.close}`;
    emit(out, options, 'F-quoted', cell.range, field, rowIx,
      typed.open === APOSTROPHE
        ? bi(`${name['zh-TW']}${shown(v)}加了單引號 ' '（匯出程式把值寫成 SQL 的文字常值）；CSV 只在需要時以雙引號括住值，而欄位值都不加引號`,
          `${name.en} ${shownEn(v)} is wrapped in the single quotes ' ', as an export writes an SQL text literal; a CSV quotes with " only where a value needs it, and values carry no quotes`)
        : bi(`${name['zh-TW']}${shown(v)}加了引號 ${marks}（文書處理器或輸入法打出的引號）；欄位值不加引號`,
          `${name.en} ${shownEn(v)} is wrapped in the quotation marks ${marks}, as a word processor or an input method types them; values carry no quotes`),
      safeUnquoted(typed.inside) ? [replaceFix('unquote', bi('移除引號', 'Remove the quotes'), cell.range, typed.inside)] : undefined);
    v = typed.inside;
  } else if (prefixed !== undefined) {
    emit(out, options, 'F-quoted', cell.range, field, rowIx,
      bi(`${name['zh-TW']}${shown(v)}開頭有單引號 '：這是 Excel 輸入時「保留為文字」的記號，寫進 CSV 就成了值的一個字元，健保署讀到的是 ${shown(v)}：應寫 ${prefixed}`,
        `${name.en} ${shownEn(v)} starts with an apostrophe, the mark that makes Excel keep a typed value as text; in a CSV it is a character of the value, which the NHI reads: write ${prefixed}`),
      safeUnquoted(prefixed) ? [replaceFix('unquote', bi('移除單引號', 'Remove the apostrophe'), cell.range, prefixed)] : undefined);
    v = prefixed;
  }
  const trimmed = v.replace(AROUND_VALUE, '');
  // A null literal padded to its column's width (sqlcmd) is F-null-literal's alone: its fix empties the cell.
  if (trimmed !== v && isNullLiteral(trimmed, field)) {
    v = trimmed;
  } else if (trimmed !== v && field === 1 && v.charCodeAt(0) === BOM && trimmed !== '') {
    // The parser takes the file's own BOM off its first row: one before a row's first value comes from another file.
    emit(out, options, 'F-spaces', cell.range, field, rowIx,
      bi(`${name['zh-TW']}開頭有位元組順序記號（BOM，U+FEFF）：這是接在本檔後面的另一個檔案的開頭（copy /b、cat），不是資料；請移除，並確認接上的列都該在這批上傳中`,
        `${name.en} starts with a byte order mark (U+FEFF), the start of another file joined to this one (copy /b, cat), not data; remove it, and make sure the rows joined on belong in this batch`),
      safeUnquoted(trimmed) ? [replaceFix('trim', bi('移除 BOM', 'Remove the BOM'), cell.range, trimmed)] : undefined);
    v = trimmed;
  } else if (trimmed !== v) {
    const invisible = INVISIBLE.test(v);
    const spaces = invisible ? bi('空白或看不見的字元', 'spaces or invisible characters') : bi('空白', 'spaces');
    emit(out, options, 'F-spaces', cell.range, field, rowIx,
      trimmed === ''
        ? bi(`${name['zh-TW']} ${shown(v)} 只有${spaces['zh-TW']}；沒有值的欄位請留空`, `${name.en} ${shownEn(v)} is only ${spaces.en}; a field without a value is left empty`)
        : bi(`${name['zh-TW']} ${shown(v)} 前後有${spaces['zh-TW']}`, `${name.en} ${shownEn(v)} has surrounding ${spaces.en}`),
      safeUnquoted(trimmed) ? [replaceFix('trim', bi('移除前後空白', 'Remove the spaces'), cell.range, trimmed)] : undefined);
    v = trimmed;
  }
  if (hasFullWidth(v)) {
    const half = toHalfWidth(v);
    emit(out, options, 'F-fullwidth', cell.range, field, rowIx,
      bi(`${name['zh-TW']} ${shown(v)} 含全形字元；應寫 ${half}`, `${name.en} ${shownEn(v)} has full-width characters; write ${half}`),
      // A full-width quote made half-width would still be a quote, which no value holds.
      safeUnquoted(half) && !half.includes("'") ? [replaceFix('half-width', bi(`改為半型 ${half}`, `Convert to half-width: ${half}`), cell.range, half)] : undefined);
    v = half;
  }
  // A date-time with a space between date and time, or 上午/下午, is read as a date (its field check says how to write it).
  if (!plainAscii(v) && v !== '' && !(ROC_FIELDS.has(field) && isWrittenDate(v))) {
    let bad = '';
    for (const ch of v) {
      const c = ch.codePointAt(0)!;
      if ((c <= SPACE || c > TILDE) && !bad.includes(ch)) bad += ch;
    }
    // A code written as the name the text gives it (醫事類別「門診西醫醫院」): the message names the code, and the fix writes it.
    const named = codeForName(field, v, ctx.order);
    // As a code in the wrong case does (FIELD_CHECKS[10]), the order's name tells the body-site check the order: one round of fixes mends both.
    if (field === 10 && named?.code) ctx.order = orderSpec(named.code);
    const hint = named ? bi(`；${named.said['zh-TW']}`, `; ${named.said.en}`) : bi('', '');
    emit(out, options, 'F-chars', cell.range, field, rowIx,
      bi(`${name['zh-TW']} ${shown(v)} 含不允許的字元 ${shown(bad)}；只可用半型英數字${hint['zh-TW']}`, `${name.en} ${shownEn(v)} contains characters that are not allowed: ${shownEn(bad)}; use half-width letters and digits${hint.en}`),
      named?.code ? [replaceFix('code-for-name', bi(`改為代碼 ${named.code}`, `Write the code ${named.code}`), cell.range, named.code)] : undefined);
    return undefined;
  }
  return v;
}

function emitEofMark(range: Range, rowIx: number, out: Finding[], options: ValidationOptions): void {
  emit(out, options, 'FILE-eof-mark', range, null, rowIx,
    bi('檔尾的 0x1A（Ctrl-Z）是 DOS 的檔案結束符號，不是資料列；請移除', 'the 0x1A (Ctrl-Z) at the end is a DOS end-of-file mark, not a row; remove it'),
    [{ kind: 'remove-eof-mark', title: bi('移除結束符號', 'Remove the mark'), edits: [{ range, newText: '' }] }]);
}

/** The last row's last cell ending in an end-of-file mark: the mark's range, and the cell without it. */
function endsWithEofMark(row: Row, cells: readonly Cell[]): { range: Range; cell: Cell } | undefined {
  const last = cells[cells.length - 1];
  if (row.lineBreak !== false || !last || last.quoted || !last.raw.endsWith(EOF_MARK)) return undefined;
  const { start, end } = last.range;
  const cut = { line: end.line, character: end.character - EOF_MARK.length };
  return {
    range: { start: cut, end },
    cell: { value: last.value.slice(0, -EOF_MARK.length), raw: last.raw.slice(0, -EOF_MARK.length), range: { start, end: cut }, quoted: false },
  };
}

/** ROW-page-break on the row, whose fix removes the form feeds at `range`. */
function emitPageBreak(row: Row, range: Range, out: Finding[], options: ValidationOptions): void {
  emit(out, options, 'ROW-page-break', row.range, null, row.index,
    bi('列首的分頁符號（form feed，0x0C）是 SQL*Plus（SET NEWPAGE 0）或報表程式在每頁開頭寫的分頁，不是資料；請移除，SQL*Plus 匯出時請設定 SET PAGESIZE 0',
      'the form feed (0x0C) before the row is the page break SQL*Plus (SET NEWPAGE 0) or a report writer puts at the top of each page, not data; remove it, and export from SQL*Plus with SET PAGESIZE 0'),
    [{ kind: 'remove-page-break', title: bi('移除分頁符號', 'Remove the form feed'), edits: [{ range, newText: '' }] }]);
}

/** The form feeds a row starts with: their range, and the first cell without them. */
function startsWithPageBreak(cells: readonly Cell[]): { range: Range; cell: Cell } | undefined {
  const first = cells[0];
  if (!first || first.quoted || !first.value.startsWith(FORM_FEED)) return undefined;
  let n = 1;
  while (first.value.startsWith(FORM_FEED, n)) n++;
  const { start, end } = first.range;
  const cut = { line: start.line, character: start.character + n };
  return {
    range: { start, end: cut },
    cell: new CsvCell(first.value.slice(n), first.raw.slice(n), false, cut.line, cut.character, end.line, end.character),
  };
}

/**
 * The cells a row's fields are read from (field n is [n - 1]): without an end-of-file mark written after the
 * last value or a page break before the first, and after an export's row number the fields stand behind
 * (ROW-index).
 */
function fieldCellsOf(row: Row, rowCells: readonly Cell[]): { cells: readonly Cell[]; rowCells: readonly Cell[]; eofMark?: Range; pageBreak?: Range } {
  const markAfter = endsWithEofMark(row, rowCells);
  if (markAfter) rowCells = [...rowCells.slice(0, -1), markAfter.cell];
  // Taken off here, so that recordCells finds none and the fields' array is the row's when no row number stands first.
  const pageBreak = startsWithPageBreak(rowCells);
  if (pageBreak) rowCells = [pageBreak.cell, ...rowCells.slice(1)];
  return { cells: recordCells(rowCells), rowCells, eofMark: markAfter?.range, pageBreak: pageBreak?.range };
}

/** The cell a row's deadline note stands on: the field its deadline was read from, where checkRow read it. */
export function deadlineCell(row: Row, d: RowDeadline, rowCells: readonly Cell[] = row.cells): Cell | undefined {
  return fieldCellsOf(row, rowCells).cells[d.field - 1];
}

function checkRow(row: Row, rowCells: readonly Cell[], ctx: RowContext, deadlineNote: boolean): RowDeadline | undefined {
  const { out, options } = ctx;
  if (isEmptyRow(row)) return emitEmptyRow(row, options, out);
  const toolLine = queryToolLine(row);
  if (toolLine) return emitQueryToolLine(row, toolLine, options, out);
  const note = noteText(row);
  if (note !== undefined) return emitNoteRow(row, note, options, out);
  if (row.text === EOF_MARK) {
    emitEofMark(row.range, row.index, out, options);
    return undefined;
  }
  const fields = fieldCellsOf(row, rowCells);
  const cells = fields.cells;
  // Written straight after the last row, with no line break before it: the row is checked without it.
  if (fields.eofMark) emitEofMark(fields.eofMark, row.index, out, options);
  if (fields.pageBreak) emitPageBreak(row, fields.pageBreak, out, options);
  if (cells !== fields.rowCells) emitRowIndex(row, fields.rowCells, ctx);
  const n = cells.length < FIELD_COUNT ? cells.length : FIELD_COUNT;
  // A row separated by something other than commas, or several rows joined by U+2028, says so once: its "fields" would be noise.
  if (cells.length !== FIELD_COUNT && !checkColumnCount(row, cells, ctx)) return undefined;
  const fieldFindings = out.length;
  ctx.cells = cells;
  for (let i = 0; i < n; i++) {
    const cell = cells[i];
    const field = i + 1;
    let v: string | undefined = cell.value;
    // A plain value without a dot or an E is no number a spreadsheet wrote: readSpreadsheetNumber would return it as it is.
    // A leading = may be a spreadsheet's text formula ="…" (normaliseCell).
    const marks = cell.quoted || v.charCodeAt(0) === EQUALS ? NOT_PLAIN : plainAsciiMarks(v);
    if (marks === NOT_PLAIN) {
      v = normaliseCell(cell, field, ctx);
      if (v === undefined) {
        // Present but unreadable: the checks across fields must not take the field for empty.
        ctx.values[i] = cell.value;
        continue;
      }
    }
    // Read as no value, so that the checks across fields see what the export meant.
    if (isNullLiteral(v, field)) {
      reportNullLiteral(v, cell, field, ctx);
      continue;
    }
    const number = marks === 0 ? v : readSpreadsheetNumber(v, cell, field, ROC_FIELDS.has(field), ctx);
    if (number === undefined) {
      ctx.values[i] = v;
      continue;
    }
    v = number;
    ctx.values[i] = v;
    const spec = FIELDS[i];
    if (v === '') {
      if (spec.required === 'always') {
        emit(out, options, 'F-required', cell.range, field, row.index,
          field === ARCHIVE_FIELD && options.draft
            ? bi(`序號${field}為必填，不可空白；草稿應填${DRAFT_PATH_FORM['zh-TW']}，由「建置上傳批次」打包`, `Field ${field} is required; in a draft it holds ${DRAFT_PATH_FORM.en}, which Build packs`)
            : bi(`${spec.name['zh-TW']}（序號${field}）為必填，不可空白；應為 ${spec.form['zh-TW']}`, `${spec.name.en} (field ${field}) is required; expected ${spec.form.en}`));
      }
      continue;
    }
    const before = out.length;
    const ok = FIELD_CHECKS[field](v, cell, ctx);
    ctx.good[i] = ok;
    if (v.length > spec.maxLength && !formTold(out, before)) {
      ctx.good[i] = false;
      emit(out, options, 'F-too-long', cell.range, field, row.index,
        bi(`${spec.name['zh-TW']} ${v} 長度 ${v.length}，超過 ${spec.maxLength}`, `${spec.name.en} (field ${field}) ${v} is ${v.length} characters long, more than ${spec.maxLength}`));
    }
  }
  checkCrossField(ctx);
  checkFutureTimes(ctx);
  // With a field missing or extra, a value may sit in another field's place: its findings stand, but no
  // fix is offered (a zero-pad "fix" of a shifted card flag would write a wrong value).
  if (cells.length !== FIELD_COUNT) for (let k = fieldFindings; k < out.length; k++) delete out[k].fixes;
  const d = ctx.exam && ctx.good[11] && (ctx.values[16] === '' || ctx.received) ? deadlineOf(ctx.exam, ctx.received, ctx.values[6], ctx.swipe) : undefined;
  if (d && deadlineNote) {
    const cell = cells[d.field - 1];
    if (cell) emitDeadlineNote(out, d, cell, row.index, options);
  }
  return d;
}

/**
 * Findings of a field check about something other than the value's form: a region or tooth written twice, a body
 * site for an order that takes none. After them the length of Table 2 is still to be told (F-too-long).
 */
const BESIDE_THE_FORM: ReadonlySet<string> = new Set(['X13-body-site-repeat', 'X13-body-site-not-allowed']);

/** Whether a field check told what is wrong with the value's form, in the findings it added from `from` on. */
function formTold(out: readonly Finding[], from: number): boolean {
  for (let k = from; k < out.length; k++) if (!BESIDE_THE_FORM.has(out[k].ruleId)) return true;
  return false;
}

function emitDeadlineNote(out: Finding[], d: RowDeadline, cell: Cell, rowIndex: number, options: ValidationOptions): void {
  emit(out, options, deadlineRule(d, options), cell.range, d.field, rowIndex, new DeadlineMessage(d, options.now));
}

/** The rule of a row's deadline note: the deadline is still open or has passed at `options.now`. */
export function deadlineRule(d: RowDeadline, options: ValidationOptions): 'DEADLINE' | 'DEADLINE-missed' {
  return options.now > d.deadline ? 'DEADLINE-missed' : 'DEADLINE';
}

/**
 * The deadline note validateRowInto leaves out when asked to: the same finding, built from the row's
 * current cells. Undefined when the rule is off.
 */
export function deadlineNote(row: Row, d: RowDeadline, options: ValidationOptions): Finding | undefined {
  const out: Finding[] = [];
  const cell = deadlineCell(row, d);
  if (cell) emitDeadlineNote(out, d, cell, row.index, options);
  return out[0];
}

/** What an export writes before the fields as a row number (pandas index, R row.names): digits, fewer than a hospital code's 10. */
const ROW_NUMBER = /^\d{1,9}$/;
const HOSPITAL_CODE_LIKE = /^(?=.*\d)[0-9A-Za-z]{10}$/;

function startsWithRowNumber(cells: readonly Cell[]): boolean {
  const v = cells[0].value;
  // Longer than a row number, with no blank at either end for trim to take (a hospital code, most rows): none.
  if (v.length > 9 && printableAscii(v.charCodeAt(0)) && printableAscii(v.charCodeAt(v.length - 1))) return false;
  return ROW_NUMBER.test(v.trim());
}

function printableAscii(c: number): boolean {
  return c > SPACE && c <= TILDE;
}

/** A hospital code that starts with 0 (01… Taipei, 04… Taichung), written as a number by the program that wrote the row index. */
const HOSPITAL_CODE_UNPADDED = /^\d{9}$/;
const CARE_CATEGORY_LIKE = /^\d{2}$/;

/**
 * A row number and then a hospital code: a row index, whatever the count of fields after it (a row short of
 * a field would otherwise count 17 and have every value read one field off). The code may have lost its
 * leading zero (pandas reads it as a number, as it reads the index): 9 digits, then a care category's 2. Field 1
 * alone written as a number (a code that lost its leading zero) is followed by the care category, never 9 digits.
 */
function hasRowIndex(cells: readonly Cell[]): boolean {
  if (cells.length < 2 || !startsWithRowNumber(cells)) return false;
  const next = toHalfWidth(cells[1].value).replace(AROUND_VALUE, '');
  if (HOSPITAL_CODE_LIKE.test(next)) return true;
  return HOSPITAL_CODE_UNPADDED.test(next) && cells.length > 2 && CARE_CATEGORY_LIKE.test(cells[2].value.trim());
}

/**
 * The row's fields: its cells, without a row number an export wrote before them (ROW-index) or a page break
 * (ROW-page-break) before the first. Field n is [n - 1].
 */
export function recordCells(cells: readonly Cell[]): readonly Cell[] {
  const pageBreak = startsWithPageBreak(cells);
  if (pageBreak) cells = [pageBreak.cell, ...cells.slice(1)];
  return hasRowIndex(cells) ? cells.slice(1) : cells;
}

function emitRowIndex(row: Row, cells: readonly Cell[], ctx: RowContext): void {
  const v = cells[0].value.trim();
  emit(ctx.out, ctx.options, 'ROW-index', row.range, null, row.index,
    bi(`此列有 ${cells.length} 個欄位：第一個 ${v} 是匯出時加上的列索引（pandas 的 index、R 的 row.names），不是資料；請匯出時不寫索引（pandas index=False、R row.names = FALSE）`,
      `this row has ${cells.length} fields: the first, ${v}, is a row index an export added (pandas index, R row.names), not data; export without the index (pandas index=False, R row.names = FALSE)`),
    [{ kind: 'remove-index', title: bi('刪除列索引', 'Delete the row index'), edits: [{ range: { start: cells[0].range.start, end: cells[1].range.start }, newText: '' }] }]);
}

/**
 * A short row with field 14's value in place (an archive name or a draft's image path) and only empty values after
 * it: fields 1-14 stand where they belong, so the fields missing are empty ones at the end.
 */
function onlyEmptyAfterArchiveName(cells: readonly Cell[]): boolean {
  if (cells.length < ARCHIVE_FIELD) return false;
  const v = cells[ARCHIVE_FIELD - 1].value.trim();
  if (!looksLikeArchiveName(v) && !isDraftPath(v) && archiveOfPath(v) === undefined) return false;
  for (let i = ARCHIVE_FIELD; i < cells.length; i++) if (cells[i].value.trim() !== '' || cells[i].quoted) return false;
  return true;
}

/** Unicode's own line breaks, which some programs write between rows and no CSV reader breaks a line at. */
const UNICODE_LINE_BREAKS = [
  { char: '\u2028', name: 'U+2028 (LINE SEPARATOR)' },
  { char: '\u2029', name: 'U+2029 (PARAGRAPH SEPARATOR)' },
  { char: '\u0085', name: 'U+0085 (NEXT LINE)' },
] as const;

/** False when the row's fields are not comma-separated at all, or the row is several rows not separated by line breaks. */
function checkColumnCount(row: Row, cells: readonly Cell[], ctx: RowContext): boolean {
  const count = cells.length;
  const end = row.range.end;
  if (count < FIELD_COUNT) {
    const has = { 'zh-TW': `此列有 ${count} 個欄位，應為 ${FIELD_COUNT} 個`, en: `this row has ${counted(count, 'field')} instead of ${FIELD_COUNT}` };
    if (quotedRecordValues(cells)) {
      // The row written as one text column (a query that joins the fields with commas), quoted for its commas.
      const inner = cells[0].value;
      emit(ctx.out, ctx.options, 'ROW-columns', row.range, null, row.index,
        bi(`${has['zh-TW']}：整列是一個加了引號的值，欄位都在引號內（匯出時把各欄以逗號接成一個文字欄，因含逗號而加了引號）`,
          `${has.en}: the whole row is one value in quotes, its fields inside them (an export that joined the fields with commas into one text column, quoted for its commas)`),
        /["\r\n]/.test(inner) ? undefined : [replaceFix('comma-separate', bi('移除整列外的引號', 'Remove the quotes around the row'), row.range, inner)]);
      return false;
    }
    const other = otherSeparator(row.text, count);
    if (other) {
      // Without a comma or a quote in the row, each separator is a field boundary and nothing else.
      const plain = count === 1 && !row.text.includes('"');
      emit(ctx.out, ctx.options, 'ROW-columns', row.range, null, row.index,
        bi(`${has['zh-TW']}：欄位以${other.name['zh-TW']}分隔，而非逗號`, `${has.en}: its fields are separated by ${other.name.en}, not commas`),
        plain ? [replaceFix('comma-separate', bi('改以逗號分隔', 'Separate the fields by commas'), row.range, row.text.split(other.char).join(','))] : undefined);
      return false;
    }
    const lacking = FIELD_COUNT - count;
    const one = lacking === 1;
    const addTitle = bi(`在列尾補上 ${lacking} 個空白欄位`, `Add ${counted(lacking, 'empty field')} at the end of the row`);
    const addEdits = [{ range: { start: end, end }, newText: ','.repeat(lacking) }];
    if (onlyEmptyAfterArchiveName(cells)) {
      emit(ctx.out, ctx.options, 'ROW-columns', row.range, null, row.index,
        bi(`${has['zh-TW']}：影像壓縮檔名稱（序號 ${ARCHIVE_FIELD}）之後只有空白欄位，此列少了最後 ${lacking} 個逗號`,
          `${has.en}: nothing but empty fields follows the archive name (field ${ARCHIVE_FIELD}); the row lacks its last ${one ? 'comma' : `${lacking} commas`}`),
        [{ kind: 'add-trailing-fields', title: addTitle, edits: addEdits }]);
      return true;
    }
    const missingZh = one ? `少 1 個；若缺的是序號 ${FIELD_COUNT}，即此列少了最後一個逗號` : `少 ${lacking} 個；若缺的是序號 ${count + 1}-${FIELD_COUNT}，即此列少了最後 ${lacking} 個逗號`;
    const missingEn = one
      ? `one is missing; if it is field ${FIELD_COUNT}, the row lacks its last comma`
      : `${lacking} are missing; if they are fields ${count + 1}-${FIELD_COUNT}, the row lacks its last ${lacking} commas`;
    emit(ctx.out, ctx.options, 'ROW-columns', row.range, null, row.index,
      bi(`${has['zh-TW']}（${missingZh}）`, `${has.en} (${missingEn})`),
      [{ kind: 'add-fields', title: addTitle, edits: addEdits }]);
    return true;
  }
  const extra = cells.slice(FIELD_COUNT);
  // Behind a row number the values stand one field to the right: removing an empty field at the end would not bring them back.
  const allEmpty = extra.every((c) => c.value === '' && !c.quoted) && !startsWithRowNumber(cells);
  const lastKept = cells[FIELD_COUNT - 1].range.end;
  const more = count - FIELD_COUNT;
  const has = bi(`此列有 ${count} 個欄位，應為 ${FIELD_COUNT} 個（多 ${more} 個）`, `this row has ${count} fields instead of ${FIELD_COUNT} (${more} too many)`);
  const separator = UNICODE_LINE_BREAKS.find((b) => row.text.includes(b.char));
  if (separator) {
    // Several rows in one: a field holding the character is the end of one row and the start of the next, not a value.
    emit(ctx.out, ctx.options, 'ROW-columns', row.range, null, row.index,
      bi(`${has['zh-TW']}：各列以 ${separator.name} 分隔，CSV 讀取程式不會把它當作換行；請在各列之間改用換行（CRLF）`,
        `${has.en}: its rows are separated by ${separator.name}, which no CSV reader takes for a line break; write line breaks (CRLF) between them`));
    return false;
  }
  emit(ctx.out, ctx.options, 'ROW-columns', row.range, null, row.index,
    allEmpty
      ? bi(`${has['zh-TW']}：序號 ${FIELD_COUNT} 之後的 ${more} 個欄位都是空的，是試算表在資料右側的儲存格曾被使用或設定格式時寫出的欄`,
        `${has.en}: the ${more} after field ${FIELD_COUNT} ${agreeing(more, 'is', 'are')} empty, the columns a spreadsheet writes past the data when cells there were once used or formatted`)
      : has,
    allEmpty ? [{ kind: 'remove-fields', title: bi('移除多餘的空白欄位', 'Remove the extra empty fields'), edits: [{ range: { start: lastKept, end }, newText: '' }] }] : undefined);
  return true;
}

/**
 * Row-local rules: each field, the fields of the row against each other, the file name's hospital code
 * (when options.fileName is set) and the incentive deadline. A pure function of the row and the options.
 */
export function validateRow(row: Row, options: ValidationOptions): Finding[] {
  const out: Finding[] = [];
  validateRowInto(row, options, out);
  return out;
}

/** One context for every row: the checks of a row run to completion before the next row's start. */
let shared: RowContext | undefined;

/**
 * validateRow, appending to `out`; `cells` are the row's cells when the caller already has them.
 * Returns the row's incentive deadline when its times allow one. With `deadlineNote` false the deadline's
 * note is left out of `out`: a caller that keeps the deadline can build it later with `deadlineNote()`
 * (an editor holding 100,000 rows keeps one number a row instead of one finding a row).
 * Never throws: an internal failure becomes a finding on the row.
 */
export function validateRowInto(
  row: Row, options: ValidationOptions, out: Finding[], cells: readonly Cell[] = row.cells, deadlineNote = true,
): RowDeadline | undefined {
  try {
    const ctx = shared ? resetContext(shared, row, options, out) : (shared = newContext(row, options, out));
    return checkRow(row, cells, ctx, deadlineNote);
  } catch (e) {
    shared = undefined;
    out.push({
      ruleId: 'INTERNAL', severity: 'error', range: row.range, field: null, row: row.index,
      message: bi(`檢查此列時發生內部錯誤：${String(e)}`, `internal error while checking this row: ${String(e)}`),
    });
    return undefined;
  }
}
