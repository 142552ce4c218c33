import type { Row } from '../csv/model';
import type { Finding } from '../types';
import type { ValidationOptions } from '../options';
import { bi } from '../i18n';
import { deleteRowEdit, emit } from './emit';

/**
 * Lines a query tool writes around a result when its output is saved as the CSV: sqlcmd, SQL*Plus and psql
 * underline the column names with dashes (between the column separators), and sqlcmd, SSMS, SQL*Plus, psql
 * and the mysql client end with a row count. Neither holds a record.
 */
export type QueryToolLine = 'underline' | 'row-count';

const UNDERLINE = /^[\s,;|+]*--[-\s,;|+]*$/;

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
  const t = row.text.trim();
  if (UNDERLINE.test(t)) return 'underline';
  if (t.length > LONGEST_ROW_COUNT) return undefined;
  return ROW_COUNTS.some((p) => p.test(t)) ? 'row-count' : undefined;
}

const MESSAGES = {
  underline: {
    ruleId: 'ROW-underline',
    message: bi('一列只有破折號：這是查詢工具（sqlcmd、SQL*Plus、psql）畫在欄位名稱下的底線，不是資料；請刪除此列，匯出時關閉欄位標題（sqlcmd -h -1、SQL*Plus SET HEADING OFF）',
      'a row of dashes only: the line a query tool (sqlcmd, SQL*Plus, psql) draws under the column names, not a record; delete it, and export without column headings (sqlcmd -h -1, SQL*Plus SET HEADING OFF)'),
  },
  'row-count': {
    ruleId: 'ROW-row-count',
    message: bi('這是查詢工具在結果後面寫的筆數訊息，不是資料；請刪除此列，匯出時關閉筆數訊息（SQL Server SET NOCOUNT ON、SQL*Plus SET FEEDBACK OFF、psql -t）',
      'the row count a query tool writes after the result, not a record; delete it, and export without it (SQL Server SET NOCOUNT ON, SQL*Plus SET FEEDBACK OFF, psql -t)'),
  },
} as const;

/** ROW-underline or ROW-row-count, with a fix deleting the line. */
export function emitQueryToolLine(row: Row, kind: QueryToolLine, options: ValidationOptions, out: Finding[]): undefined {
  const { ruleId, message } = MESSAGES[kind];
  emit(out, options, ruleId, row.range, null, row.index, message,
    [{ kind: 'remove-query-tool-line', title: bi('刪除此列', 'Delete the line'), edits: [deleteRowEdit(row)] }]);
  return undefined;
}
