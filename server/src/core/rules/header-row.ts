/** Whether a row holds column names rather than data: the first row (FILE-header), or names repeated further down (ROW-header). */
import { isRowTooLong, type Cell, type Row } from '../csv/model';
import { FIELD_COUNT, FIELDS } from '../spec/fields';
import { isNullLiteral } from './null-literal';
import { joinedFields } from './separator';

const HEADER_WORDS = new Set<string>(
  FIELDS.flatMap((f) => [f.name['zh-TW'], f.name.en.toLowerCase()]).concat(['序號', '資料名稱', 'hospital', 'date', 'code', 'name', 'id']),
);

/**
 * A Chinese column name after a conversion to an encoding without Chinese: "?" for each character (Windows
 * PowerShell 5.1 pipes text to a program in ASCII), or U+FFFD where a decoder replaced what it could not read.
 */
const LOST_CHINESE = /^(?:\?{2,}|\ufffd{2,})$/;

/** A header row whose names are mostly such question marks (at least three of them). */
export function headerLostChinese(row: Row): boolean {
  let n = 0;
  for (const cell of row.cells) if (LOST_CHINESE.test(cell.value.trim()) && ++n >= 3) return true;
  return false;
}

/** Fields whose values may be letters only (hospital code, visit type, visit serial HVIT, body site, newborn mark). */
const LETTER_FIELDS = new Set([1, 5, 6, 13, 16]);

function headerish(v: string, field: number): boolean {
  const t = v.trim();
  if (t === '') return false;
  if (HEADER_WORDS.has(t) || HEADER_WORDS.has(t.toLowerCase())) return true;
  if (/[\u4e00-\u9fff]/.test(t) || LOST_CHINESE.test(t)) return true;
  // Capitals only (HOSPID, CATEGORY): a column name where a value always holds a digit.
  if (/^[A-Z]{2,}$/.test(t)) return !LETTER_FIELDS.has(field);
  return t.length >= 3 && /^[A-Za-z_ ]+$/.test(t) && /[a-z_ ]/.test(t);
}

/** A column name made of a number, alone (pandas) or after a word (Power Query's Column1, R's V1). */
const NUMBERED = /^(?:column|col|field|v|x|f)?\s?(\d{1,2})$/i;

/**
 * Columns numbered 0..16 or 1..17 as programs name them when the data had no names, after the empty
 * cell pandas writes above its row index. No data row counts its fields like this.
 */
function numberedColumns(cells: readonly Pick<Cell, 'value'>[]): boolean {
  const from = cells.length > 1 && cells[0].value.trim() === '' ? 1 : 0;
  if (cells.length - from < 10) return false;
  let base = -1;
  for (let i = from; i < cells.length; i++) {
    const m = NUMBERED.exec(cells[i].value.trim());
    if (!m) return false;
    const k = Number(m[1]) - (i - from);
    if (base < 0 ? k > 1 : k !== base) return false;
    base = k;
  }
  return true;
}

/**
 * Columns named by letters in order, a to q or A to Q, as csvkit names them for a file read without a header row
 * (csvcut, csvsort… -H write a,b,c…) and as a spreadsheet's column letters are copied above the data. No data row
 * holds ten single letters in alphabetical order.
 */
function letteredColumns(cells: readonly Pick<Cell, 'value'>[]): boolean {
  const from = cells.length > 1 && cells[0].value.trim() === '' ? 1 : 0;
  if (cells.length - from < 10 || cells.length - from > 26) return false;
  const a = cells[from].value.trim() === 'A' ? 65 : 97;
  for (let i = from; i < cells.length; i++) {
    const v = cells[i].value.trim();
    if (v.length !== 1 || v.charCodeAt(0) !== a + i - from) return false;
  }
  return true;
}

/** The name pandas gives a column whose header cell is empty: Unnamed: and the column's position from 0. */
const PANDAS_UNNAMED = /^Unnamed: (\d+)$/;
/** A name pandas made unique by its count of earlier ones (mangle_dupe_cols): 1.1, 1.2. */
const PANDAS_REPEATED = /^(.+)\.([1-9]\d*)$/;

/**
 * The values of the first record when pandas read it as column names (read_csv without header=None) and to_csv
 * wrote them back: an empty value became "Unnamed: N" (N its column from 0) and a repeated one got ".1", ".2"…;
 * with the index written, an empty name stands before them. Undefined unless at least one such name is there
 * (a record with no empty and no repeated value is written unchanged) or a value holds what a CSV value must quote.
 */
export function pandasNamedRecord(cells: readonly Pick<Cell, 'value'>[]): string[] | undefined {
  const from = cells.length === FIELD_COUNT + 1 && cells[0].value === '' ? 1 : 0;
  if (cells.length - from !== FIELD_COUNT) return undefined;
  const values: string[] = [];
  const seen = new Map<string, number>();
  let marks = 0;
  for (let i = from; i < cells.length; i++) {
    let v = cells[i].value;
    if (/[",\r\n]/.test(v)) return undefined;
    const unnamed = PANDAS_UNNAMED.exec(v);
    const repeated = unnamed ? null : PANDAS_REPEATED.exec(v);
    if (unnamed && Number(unnamed[1]) === i - from) {
      v = '';
      marks++;
    } else if (repeated && (seen.get(repeated[1]) ?? 0) === Number(repeated[2])) {
      v = repeated[1];
      marks++;
    }
    if (v !== '') seen.set(v, (seen.get(v) ?? 0) + 1);
    values.push(v);
  }
  // A repeated name alone (1.1 after a 1) could be a typing slip in a data row: an Unnamed: N or the index's empty name must show pandas.
  return marks > 0 && (from === 1 || values.some((v, i) => v === '' && PANDAS_UNNAMED.test(cells[i + from].value))) ? values : undefined;
}

/**
 * The cells of the record a first row holds when pandas wrote it as column names (pandasNamedRecord): its values
 * restored, each cell where it stands (the index's empty name left out). The rules across rows count this record as
 * the data it is, so that its serial is not said to be missing from its visit. Undefined for any other row.
 */
export function pandasRecordCells(row: Row): Cell[] | undefined {
  const cells = row.cells;
  const values = pandasNamedRecord(cells);
  if (!values) return undefined;
  const from = cells.length - values.length;
  return values.map((value, i) => {
    const c = cells[from + i];
    return { value, raw: c.raw, range: c.range, quoted: c.quoted };
  });
}

/**
 * A first row made of column names rather than data; in a file separated by semicolons or tabs, its names split so,
 * and a row that is one quoted value of comma-joined fields is read by those fields.
 */
export function isHeaderRow(row: Row): boolean {
  if (isRowTooLong(row)) return false;
  const cells = row.cells;
  if (pandasNamedRecord(cells)) return true;
  const joined = joinedFields(row);
  return headerCells(joined ? joined.map((value) => ({ value })) : cells);
}

function headerCells(cells: readonly Pick<Cell, 'value'>[]): boolean {
  const first = cells[0]?.value.trim() ?? '';
  if (/^[0-9A-Za-z]{10}$/.test(first) && /\d/.test(first)) return false;
  if (numberedColumns(cells) || letteredColumns(cells)) return true;
  let n = 0;
  for (let i = 0; i < cells.length && i < 17; i++) if (headerish(cells[i].value, i + 1)) n++;
  return n >= 3 || (n >= 1 && cells.length <= 2);
}

/**
 * Column names again below the data, as SQL*Plus repeats its headings at every page (SET PAGESIZE): most of
 * the row's values are names, and none of those counted is a null literal, so that a data row of NULLs is not one.
 */
const REPEATED_NAMES = 9;

export function isRepeatedHeaderRow(row: Row): boolean {
  if (isDigit(row.text.charCodeAt(0))) return false;
  const cells = row.cells;
  if (cells.length < REPEATED_NAMES) return false;
  let n = 0;
  for (let i = 0; i < cells.length && i < FIELD_COUNT; i++) {
    const v = cells[i].value.trim();
    if (headerish(v, i + 1) && !isNullLiteral(v, i + 1)) n++;
  }
  return n >= REPEATED_NAMES;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
