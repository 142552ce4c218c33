import type { Row } from '../csv/model';
import type { Finding } from '../types';
import type { ValidationOptions } from '../options';
import { bi } from '../i18n';
import { deleteRowEdit, emit } from './emit';
import { isRepeatedHeaderRow } from './header-row';

/**
 * Lines a query tool writes around a result when its output is saved as the CSV: sqlcmd, SQL*Plus and psql
 * underline the column names with dashes (between the column separators), SQL*Plus repeats names and
 * underline at every page, and sqlcmd, SSMS, SQL*Plus, psql and the mysql client end with a row count; Windows
 * PowerShell's Export-Csv and ConvertTo-Csv (Invoke-Sqlcmd | Export-Csv) start with a #TYPE line naming the .NET
 * type of what they wrote, with the quoted column names below it. None holds a record. (Column names in the
 * first row are FILE-header.)
 */
export type QueryToolLine = 'heading' | 'underline' | 'row-count' | 'page-break' | 'type-line';

/** A form feed: the page break SQL*Plus (SET NEWPAGE 0) and report writers put at the top of each page. */
export const FORM_FEED = '\f';

const UNDERLINE = /^[\s,;|+]*--[-\s,;|+]*$/;

/** `#TYPE System.Data.DataRow`: Windows PowerShell 5.1 writes it unless told -NoTypeInformation (PowerShell 7 does not). */
const POWERSHELL_TYPE = /^#TYPE\s/;

const ROW_COUNTS: readonly RegExp[] = [
  /^\(\d+ rows? affected\)$/i, // sqlcmd, SSMS
  /^\(\d+ row\(s\) affected\)$/i, // SQL Server 2005-2012
  /^\(\d+ 個資料列受到影響\)$/, // SQL Server in Traditional Chinese
  /^(?:\d+|no) rows? selected\.?$/i, // SQL*Plus
  /^已選取 \d+ 個資料列\.?$/, // SQL*Plus in Traditional Chinese
  /^\(\d+ rows?\)$/, // psql
  /^\d+ rows? in set\b/, // mysql client
];

/** Row counts are short: a data row is ruled out by its length before any pattern is tried. */
const LONGEST_ROW_COUNT = 40;

export function queryToolLine(row: Row): QueryToolLine | undefined {
  // A record starts with its hospital code's digit and is longer than any row count: asked of every row, twice.
  const first = row.text.charCodeAt(0);
  if (first >= 48 && first <= 57 && row.text.length > LONGEST_ROW_COUNT) return undefined;
  const t = row.text.trim();
  // trim() takes form feeds for blanks: a line of nothing else is a page break, not an empty row.
  if (t === '' && row.text.includes(FORM_FEED)) return 'page-break';
  if (UNDERLINE.test(t)) return 'underline';
  if (POWERSHELL_TYPE.test(t)) return 'type-line';
  // The first row's names are FILE-header's.
  if (row.index > 0 && isRepeatedHeaderRow(row)) return 'heading';
  if (t.length > LONGEST_ROW_COUNT) return undefined;
  return ROW_COUNTS.some((p) => p.test(t)) ? 'row-count' : undefined;
}

const MESSAGES = {
  heading: {
    ruleId: 'ROW-header',
    kind: 'remove-header',
    message: bi('這一列是欄位名稱，不是資料（SQL*Plus 在每一頁開頭重複欄位標題，SET PAGESIZE；幾個匯出檔接在一起時也會重複；其上有標題列時則不在第一列）：請刪除此列；SQL*Plus 匯出時請設定 SET PAGESIZE 0 或 SET HEADING OFF',
      'column names, not a record (SQL*Plus repeats its headings at the top of every page, SET PAGESIZE; exports joined into one file repeat theirs; a title above them puts them below the first line): delete the row; in SQL*Plus, export with SET PAGESIZE 0 or SET HEADING OFF'),
  },
  underline: {
    ruleId: 'ROW-underline',
    kind: 'remove-query-tool-line',
    message: bi('一列只有破折號：這是查詢工具（sqlcmd、SQL*Plus、psql）畫在欄位名稱下的底線，不是資料；請刪除此列，匯出時關閉欄位標題（sqlcmd -h -1、SQL*Plus SET HEADING OFF）',
      'a row of dashes only: the line a query tool (sqlcmd, SQL*Plus, psql) draws under the column names, not a record; delete it, and export without column headings (sqlcmd -h -1, SQL*Plus SET HEADING OFF)'),
  },
  'row-count': {
    ruleId: 'ROW-row-count',
    kind: 'remove-query-tool-line',
    message: bi('這是查詢工具在結果後面寫的筆數訊息，不是資料；請刪除此列，匯出時關閉筆數訊息（SQL Server SET NOCOUNT ON、SQL*Plus SET FEEDBACK OFF、psql -t）',
      'the row count a query tool writes after the result, not a record; delete it, and export without it (SQL Server SET NOCOUNT ON, SQL*Plus SET FEEDBACK OFF, psql -t)'),
  },
  'type-line': {
    ruleId: 'ROW-type-line',
    kind: 'remove-query-tool-line',
    message: bi('這是 Windows PowerShell 的 Export-Csv、ConvertTo-Csv 寫在第一行的物件型別（#TYPE …），不是資料：請刪除此列及其下的欄位名稱列；匯出時請加上 -NoTypeInformation（PowerShell 7 預設不寫此行）',
      'the line naming the type of the objects (#TYPE …) that Windows PowerShell\'s Export-Csv and ConvertTo-Csv write first, not a record: delete it and the column names below it; export with -NoTypeInformation (PowerShell 7 leaves it out)'),
  },
  'page-break': {
    ruleId: 'ROW-page-break',
    kind: 'remove-query-tool-line',
    message: bi('一列只有分頁符號（form feed，0x0C）：這是 SQL*Plus（SET NEWPAGE 0）或報表程式在每頁開頭寫的分頁，不是資料；請刪除此列，SQL*Plus 匯出時請設定 SET PAGESIZE 0',
      'a line of only a form feed (0x0C): the page break SQL*Plus (SET NEWPAGE 0) or a report writer puts at the top of each page, not a record; delete it, and export from SQL*Plus with SET PAGESIZE 0'),
  },
} as const;

/** Column names each in quotes, as PowerShell writes them below its #TYPE line; SQL*Plus's repeated headings are bare. */
const QUOTED_HEADING = bi('這一列是加了引號的欄位名稱（Windows PowerShell 的 Export-Csv、ConvertTo-Csv 寫在 #TYPE 行之下；幾個匯出檔接在一起時也會重複出現），不是資料：請刪除此列',
  'column names in quotes (as Windows PowerShell\'s Export-Csv and ConvertTo-Csv write them below their #TYPE line; exports joined into one file repeat them), not a record: delete the row');

/** ROW-header, ROW-underline, ROW-row-count, ROW-page-break or ROW-type-line, with a fix deleting the line. */
export function emitQueryToolLine(row: Row, line: QueryToolLine, options: ValidationOptions, out: Finding[]): undefined {
  const { ruleId, kind } = MESSAGES[line];
  const message = line === 'heading' && row.cells.every((c) => c.quoted) ? QUOTED_HEADING : MESSAGES[line].message;
  emit(out, options, ruleId, row.range, null, row.index, message,
    [{ kind, title: bi('刪除此列', 'Delete the line'), edits: [deleteRowEdit(row)] }]);
  return undefined;
}
