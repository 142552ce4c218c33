/**
 * The kinds of mechanical fix the rules offer (`Fix.kind`), each with the title of "fix all of this
 * kind": what applying every fix of the kind in a file does, for `count` places. It names the kind,
 * not a value: the fixes of one kind write different values (each date its own ROC date).
 * A rule can offer only a kind listed here (`FixKind`), so every kind has its title.
 */
import type { Bilingual } from './types';

type FixAllTitle = (count: number) => Bilingual;

const title = (zh: (n: number) => string, en: (n: number) => string): FixAllTitle => (n) => ({ 'zh-TW': zh(n), en: en(n) });

export const FIX_ALL_TITLES = {
  unquote: title((n) => `移除本檔 ${n} 處欄位值的引號`, (n) => `Remove the quotes from all quoted values (${n} in this file)`),
  trim: title((n) => `移除本檔 ${n} 處欄位值前後的空白`, (n) => `Remove the spaces around all values (${n} in this file)`),
  'half-width': title((n) => `將本檔 ${n} 處全形字元改為半型`, (n) => `Convert all full-width characters to half-width (${n} in this file)`),
  'add-fields': title((n) => `為本檔 ${n} 個欄位不足的列補上空白欄位`, (n) => `Add the missing empty fields to all short rows (${n} in this file)`),
  'add-trailing-fields': title(
    (n) => `為本檔 ${n} 個在影像壓縮檔名稱後缺欄位的列補上空白欄位`,
    (n) => `Add the missing empty fields after the archive name to all rows that lack them (${n} in this file)`,
  ),
  'comma-separate': title((n) => `將本檔 ${n} 列的分隔字元改為逗號`, (n) => `Separate the fields by commas in all rows (${n} in this file)`),
  'remove-fields': title((n) => `移除本檔 ${n} 列多餘的空白欄位`, (n) => `Remove the extra empty fields from all rows (${n} in this file)`),
  'remove-null': title((n) => `清空本檔 ${n} 處寫成 NULL、NaN 等的非必填欄位`, (n) => `Empty all optional fields written as NULL, NaN and the like (${n} in this file)`),
  'remove-decimals': title((n) => `去掉本檔 ${n} 處數字後多餘的小數（.0）`, (n) => `Remove the decimals (.0) of all values written as decimal numbers (${n} in this file)`),
  'remove-thousands': title((n) => `去掉本檔 ${n} 處數字的千分位逗號與引號`, (n) => `Remove the thousands separators and quotes of all values written so (${n} in this file)`),
  'remove-bom': title((n) => `移除本檔 ${n} 處 BOM`, (n) => `Remove the BOM (${n} in this file)`),
  'remove-eof-mark': title((n) => `移除本檔 ${n} 個檔尾結束符號（Ctrl-Z）`, (n) => `Remove the end-of-file marks, Ctrl-Z (${n} in this file)`),
  'remove-page-break': title((n) => `移除本檔 ${n} 個列首的分頁符號（form feed）`, (n) => `Remove the page breaks, form feeds, before rows (${n} in this file)`),
  'line-ends': title((n) => `將本檔 ${n} 處單獨 CR 的換行改為 CRLF 或 LF`, (n) => `Change all lone CR line ends to CRLF or LF (${n} in this file)`),
  'remove-empty-row': title((n) => `刪除本檔 ${n} 個空白列`, (n) => `Delete the empty rows (${n} in this file)`),
  'remove-query-tool-line': title((n) => `刪除本檔 ${n} 列查詢工具的底線與筆數訊息`, (n) => `Delete the query tool's underlines and row counts (${n} in this file)`),
  'remove-note': title((n) => `看過內容後，刪除本檔 ${n} 列標題、合計或備註文字`, (n) => `Delete the lines of titles, totals or notes, once read (${n} in this file)`),
  'remove-index': title((n) => `刪除本檔 ${n} 列開頭的列索引`, (n) => `Delete the row index at the start of all rows (${n} in this file)`),
  'remove-header': title((n) => `刪除本檔 ${n} 個標題列`, (n) => `Delete the header rows (${n} in this file)`),
  'restore-record': title((n) => `還原本檔 ${n} 筆被 pandas 當成欄位名稱的資料`, (n) => `Restore the records pandas took for column names (${n} in this file)`),
  'roc-date': title((n) => `將本檔 ${n} 處西元日期改為民國日期`, (n) => `Write all Gregorian dates as ROC dates (${n} in this file)`),
  'zero-pad': title((n) => `將本檔 ${n} 處位數不足的值前補 0`, (n) => `Zero-pad all values that lack leading zeros (${n} in this file)`),
  'zero-pad-choice': title((n) => `將本檔 ${n} 處少了 0 的值補 0（有多種可能，請逐一選擇）`, (n) => `Put back the zeros of all values that lack one (several readings each: choose one by one) (${n} in this file)`),
  'century-choice': title((n) => `為本檔 ${n} 處兩位數年份選擇世紀（有兩種可能，請逐一選擇）`, (n) => `Choose the century of all two-digit years (two readings each: choose one by one) (${n} in this file)`),
  'date-order-choice': title((n) => `為本檔 ${n} 處月日順序不明的日期選擇讀法（月/日或日/月，請逐一選擇）`, (n) => `Choose month first or day first for all dates whose order is not known (choose one by one) (${n} in this file)`),
  'drop-seconds': title((n) => `去掉本檔 ${n} 處日期時間多寫的秒`, (n) => `Drop the seconds from all times written with them (${n} in this file)`),
  'taiwan-time': title((n) => `將本檔 ${n} 處其他時區的時間換算為臺灣時間`, (n) => `Convert all times in another time zone to Taiwan time (${n} in this file)`),
  'archive-name-only': title((n) => `將本檔 ${n} 處壓縮檔的路徑改為壓縮檔名`, (n) => `Write the archive names alone instead of their paths (${n} in this file)`),
  'code-for-name': title((n) => `將本檔 ${n} 處寫成名稱的代碼改為代碼`, (n) => `Write the codes of all values written as the codes' names (${n} in this file)`),
  'upper-case': title((n) => `將本檔 ${n} 處小寫的值改為大寫`, (n) => `Change all lower-case values to upper case (${n} in this file)`),
  'exam-month': title((n) => `將本檔 ${n} 處執行年月依實際檢查日期改正`, (n) => `Take all execution year-months from the exam time (${n} in this file)`),
  'archive-hospital': title(
    (n) => `將本檔 ${n} 處影像壓縮檔名稱的醫事機構代號改為序號1的醫事機構代碼`,
    (n) => `Write field 1's hospital code in all archive names (${n} in this file)`,
  ),
  'hospital-from-file-name': title(
    (n) => `將本檔 ${n} 處醫事機構代碼改為檔名與影像壓縮檔名稱上的代碼`,
    (n) => `Write the hospital code of the file name and archive name in field 1 (${n} in this file)`,
  ),
  'extension-case': title(
    (n) => `將本檔 ${n} 處壓縮檔副檔名改為正確大小寫（.7z、.CAB）`,
    (n) => `Write all archive extensions in their case, .7z or .CAB (${n} in this file)`,
  ),
} as const satisfies Record<string, FixAllTitle>;

export type FixKind = keyof typeof FIX_ALL_TITLES;

/**
 * Kinds a "fix everything" action leaves out, as they need a person to judge them: empty fields added at the
 * end of a short row are right only when the missing field is the last one (`add-trailing-fields`, in fix-all,
 * is the case where the row ends at its archive name, so that the missing fields are the ones after it); a value short of a zero with
 * several readings, a two-digit year both centuries fit, or a date whose order of month and day the value does
 * not show, needs the source record; a time in another zone may have been a Taiwan time mislabelled; of a hospital code that differs between field 1 and the archive
 * name, only a person knows which is wrong (the archive name is also a file's name on disk).
 */
export const NOT_IN_FIX_ALL: ReadonlySet<FixKind> = new Set<FixKind>(['add-fields', 'remove-note', 'zero-pad-choice', 'century-choice', 'date-order-choice', 'taiwan-time', 'archive-hospital', 'hospital-from-file-name']);

/** The title of the action that applies every fix of `kind` in a file, `count` places. */
export function fixAllTitle(kind: FixKind, count: number): Bilingual {
  return FIX_ALL_TITLES[kind](count);
}

/** The count fixAllUncountedTitle has the titles written with, then taken out. */
const UNCOUNTED = -1;

/**
 * The title of the action that applies every fix of `kind` in a file, before its places are counted (the language
 * server offers it before it has built every finding of a large file): the counted title without its count.
 */
export function fixAllUncountedTitle(kind: FixKind): Bilingual {
  const counted = FIX_ALL_TITLES[kind](UNCOUNTED);
  return {
    // 本檔 N 列 (rows) keeps its 列; 處, 個 and 筆 only count.
    'zh-TW': counted['zh-TW'].replace(`本檔 ${UNCOUNTED} 列`, '本檔所有列').replace(new RegExp(`本檔 ${UNCOUNTED} [處個筆]`), '本檔所有'),
    en: counted.en.replace(` (${UNCOUNTED} in this file)`, ' in this file'),
  };
}
