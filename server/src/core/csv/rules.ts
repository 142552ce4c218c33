/**
 * Rules about reading the file itself (encoding, over-long rows, I/O), found while turning
 * bytes into rows. Merged into the rule catalogue with the other rule lists.
 */
import type { Bilingual, Finding, RuleSpec } from '../types';
import { rangeOf } from '../types';
import type { EncodingKind, EncodingProblem } from './decode';
import type { OverlongRow } from './chunked';
import { DEFAULT_MAX_ROW_LENGTH, type Row } from './model';
import { registerRules } from '../spec/rules';
import { ioReason } from '../io-reasons';
import { FIELD_COUNT, LONGEST_ROW } from '../spec/fields';

export const RULE_ENCODING = 'FILE-encoding';
export const RULE_ROW_TOO_LONG = 'FILE-row-too-long';
export const RULE_UNREADABLE = 'FILE-unreadable';

export const CSV_INPUT_RULES: RuleSpec[] = [
  {
    id: RULE_ENCODING,
    field: null,
    section: '四、(二)1.(1)A (CSV text file); decision (docs/decisions/csv-encoding.md): UTF-8 or ASCII only',
    defaultSeverity: 'error',
    title: { 'zh-TW': '檔案不是 UTF-8 文字', en: 'File is not UTF-8 text' },
    description: {
      'zh-TW': '上傳的文字檔必須是 UTF-8（可含 BOM）或純 ASCII 的 CSV。UTF-16、Big5 等編碼、二進位檔（例如 Excel 活頁簿）、含 NUL 字元的值（bcp 把空字串寫成 NUL）或含 NUL 字元的文字（例如存檔中斷、尾端補滿 NUL 的檔案，訊息指出所在行；NUL 在檔案任何位置皆同）會整檔報一個錯誤，不逐列檢查。',
      en: 'The upload text file must be CSV in UTF-8 (a BOM is tolerated) or plain ASCII. UTF-16, Big5 and other encodings, binary files (e.g. an Excel workbook) values of a NUL character (bcp writes an empty string so) and text with NUL bytes (a file whose save was cut off ends in a run of them; the message names the line, wherever in the file it is) get one error for the whole file and no row checks.',
    },
    example: { bad: 'a file saved as UTF-16 ("Unicode text")', good: 'the same file saved as UTF-8' },
  },
  {
    id: RULE_ROW_TOO_LONG,
    field: null,
    section: `表二 (${FIELD_COUNT} fields, at most ${LONGEST_ROW} characters with their commas); NOTES decision: rows over 64 KiB are skipped`,
    defaultSeverity: 'error',
    title: { 'zh-TW': '資料列過長', en: 'Row too long' },
    description: {
      'zh-TW': `一列資料的 ${FIELD_COUNT} 個欄位依表二長度連同逗號至多 ${LONGEST_ROW} 字元。超過 64 KiB 的列不是上傳資料，只報告長度並略過，不逐欄檢查。`,
      en: `The ${FIELD_COUNT} fields of a row, at the lengths of Table 2 and with their commas, come to at most ${LONGEST_ROW} characters. A row over 64 KiB is not upload data: its length is reported and the row is skipped.`,
    },
    example: { bad: 'a single line of 10 MB', good: 'rows of 17 fields, one per line' },
  },
  {
    id: RULE_UNREADABLE,
    field: null,
    section: 'NOTES decision (command line)',
    defaultSeverity: 'error',
    title: { 'zh-TW': '無法讀取檔案', en: 'File cannot be read' },
    description: {
      'zh-TW': '檔案不存在、不是一般檔案（資料夾、具名管道）或沒有讀取權限。其餘檔案照常檢查。',
      en: 'The file does not exist, is not a regular file (a folder, a named pipe) or may not be read. The other files are still checked.',
    },
    example: { bad: 'nhi-imaging check missing.csv', good: 'nhi-imaging check 3501200000_20261125_001.csv' },
  },
];

/** Encodings a file can be told to be in (the others are named by their own messages, or not at all). */
const NAMED_ENCODINGS: Partial<Record<EncodingKind, Bilingual>> = {
  'utf-16le': { 'zh-TW': 'UTF-16（little-endian，Windows「Unicode」）', en: 'UTF-16 little-endian (Windows "Unicode")' },
  'utf-16be': { 'zh-TW': 'UTF-16（big-endian）', en: 'UTF-16 big-endian' },
  'utf-32le': { 'zh-TW': 'UTF-32 (little-endian)', en: 'UTF-32 little-endian' },
  'utf-32be': { 'zh-TW': 'UTF-32 (big-endian)', en: 'UTF-32 big-endian' },
  big5: { 'zh-TW': 'Big5（或其他雙位元組編碼）', en: 'Big5 (or another double-byte encoding)' },
};

/** What the reader does once the file is saved again: check it (the default), build a draft again, or run fix again. */
export const CHECK_AGAIN: Bilingual = { 'zh-TW': '檢查', en: 'check' };
export const BUILD_AGAIN: Bilingual = { 'zh-TW': '建置', en: 'build' };
export const FIX_AGAIN: Bilingual = { 'zh-TW': '執行 fix', en: 'run fix' };

/** The one file-level finding for a file that is not UTF-8 text; its advice ends "and check again" or, given BUILD_AGAIN or FIX_AGAIN, "and build again", "and run fix again". */
export function encodingFinding(problem: EncodingProblem, again: Bilingual = CHECK_AGAIN): Finding {
  const format = problem.format ? { 'zh-TW': `（${problem.format}）`, en: ` (${problem.format})` } : { 'zh-TW': '', en: '' };
  const where =
    problem.line > 0
      ? { 'zh-TW': `第 ${problem.line + 1} 行起`, en: ` from line ${problem.line + 1}` }
      : { 'zh-TW': '', en: '' };
  if (problem.kind === 'damaged-utf8') return fileFinding(problem.line, damagedUtf8Message(where, again), problem.character);
  if (problem.kind === 'nul-values') return fileFinding(problem.line, NUL_VALUES(where, again), problem.character);
  if (problem.kind === 'nul-text') return fileFinding(problem.line, NUL_TEXT(where, again), problem.character);
  if (problem.kind === 'binary') {
    return fileFinding(problem.line, {
      'zh-TW': `檔案是二進位檔，不是文字${format['zh-TW']}；上傳文字檔必須是 UTF-8 的 CSV。`,
      en: `The file is binary data, not text${format.en}; the upload text file must be CSV in UTF-8.`,
    });
  }
  const tool = problem.kind === 'utf-16le' ? UTF16_TOOLS : { 'zh-TW': '', en: '' };
  // An encoding without a name is said once: "not UTF-8".
  const seen = NAMED_ENCODINGS[problem.kind];
  const notUtf8 = seen
    ? { 'zh-TW': `檔案${where['zh-TW']}的編碼是 ${seen['zh-TW']}，不是 UTF-8`, en: `The file is encoded in ${seen.en}${where.en}, not UTF-8` }
    : { 'zh-TW': `檔案${where['zh-TW']}不是 UTF-8 編碼`, en: `The file is not UTF-8${where.en}` };
  return fileFinding(problem.line, {
    'zh-TW': `${notUtf8['zh-TW']}；請以 UTF-8 另存（Excel：另存新檔 → CSV UTF-8 (逗號分隔)${tool['zh-TW']}）後再${again['zh-TW']}。`,
    en: `${notUtf8.en}; save it as UTF-8 (in Excel: Save As → CSV UTF-8 (Comma delimited)${tool.en}) and ${again.en} again.`,
  });
}

/** How the SQL Server tools that write UTF-16 (sqlcmd -u, bcp -w) write UTF-8 instead. */
const UTF16_TOOLS: Bilingual = {
  'zh-TW': '；sqlcmd -u 與 bcp -w 會寫成 UTF-16，請改用 sqlcmd -f o:65001 或 bcp -c -C 65001',
  en: '; sqlcmd -u and bcp -w write UTF-16: export with sqlcmd -f o:65001 or bcp -c -C 65001 instead',
};

const NUL_TEXT = (where: Bilingual, again: Bilingual): Bilingual => ({
  'zh-TW': `檔案是文字，但${where['zh-TW'] || '第 1 行起'}有 NUL 字元（0x00），CSV 不會有這種字元：存檔或複製中斷的檔案，尾端常是一串 NUL（空間已配置但未寫入），其後的列可能遺失。請重新匯出檔案（或刪除 NUL 字元並核對列數）後再${again['zh-TW']}。`,
  en: `The file is text but has NUL bytes (0x00)${where.en || ' from line 1'}, which no CSV holds: a file whose save or copy was cut off often ends in a run of them (space reserved, never written), and rows after it may be missing. Export the file again (or delete the NUL bytes and count the rows) and ${again.en} again.`,
});

const NUL_VALUES = (where: Bilingual, again: Bilingual): Bilingual => ({
  'zh-TW': `檔案${where['zh-TW']}有寫成 NUL 字元（0x00）的欄位值：bcp 把空字串寫成 NUL。請在匯出查詢中把空字串改為 NULL（例如 NULLIF(欄位, '')），bcp 會把 NULL 寫成空白欄位，再${again['zh-TW']}。`,
  en: `The file has values written as a NUL character (0x00)${where.en}: bcp writes an empty string as NUL. Turn empty strings into NULL in the export query (e.g. NULLIF(column, '')), which bcp writes as an empty field, and ${again.en} again.`,
});

/** The finding at the start of `line`, or on the character at `character` (the first NUL, the first bad byte's U+FFFD). */
function fileFinding(line: number, message: Bilingual, character?: number): Finding {
  const range = character === undefined ? rangeOf(line, 0, 0) : rangeOf(line, character, character + 1);
  return { ruleId: RULE_ENCODING, severity: 'error', range, field: null, row: null, message };
}

/** A UTF-8 file with bytes that are no UTF-8 (a cut copy, an editor that mixed encodings): not another encoding. */
function damagedUtf8Message(where: Bilingual, again: Bilingual): Bilingual {
  return {
    'zh-TW': `檔案是 UTF-8，但${where['zh-TW']}有不合 UTF-8 的位元組（複製不完整或以不同編碼編輯過）；請修正或刪除該處的字元，以 UTF-8 另存後再${again['zh-TW']}。`,
    en: `The file is UTF-8 but has bytes that are not valid UTF-8${where.en} (a damaged copy, or an editor that mixed encodings); fix or delete the characters there, save as UTF-8 and ${again.en} again.`,
  };
}

export function overlongFinding(row: OverlongRow, maxLength: number): Finding {
  return {
    ruleId: RULE_ROW_TOO_LONG,
    severity: 'error',
    range: rangeOf(row.line, row.character, row.character + row.length),
    field: null,
    row: row.row,
    message: {
      'zh-TW': `第 ${row.line + 1} 行長 ${row.length} 字元，超過上限 ${maxLength}；依表二一列至多 ${LONGEST_ROW} 字元。此列已略過。`,
      en: `Line ${row.line + 1} is ${row.length} characters long, over the limit of ${maxLength}; a row of Table 2 is at most ${LONGEST_ROW} characters. The row was skipped.`,
    },
  };
}

/** FILE-row-too-long of a row of a text held whole (isRowTooLong), as the stream reports a row it skips. */
export function tooLongRowFinding(row: Row): Finding {
  return overlongFinding({ row: row.index, line: row.line, character: row.range.start.character, length: row.text.length }, DEFAULT_MAX_ROW_LENGTH);
}

export function unreadableFinding(code: string | undefined, detail?: string): Finding {
  const reason = ioReason(code, 'csv') ?? {
    'zh-TW': `讀取失敗${detail ? `：${detail}` : ''}`,
    en: `read failed${detail ? `: ${detail}` : ''}`,
  };
  return {
    ruleId: RULE_UNREADABLE,
    severity: 'error',
    range: rangeOf(0, 0, 0),
    field: null,
    row: null,
    message: { 'zh-TW': `無法讀取檔案：${reason['zh-TW']}。`, en: `Cannot read the file: ${reason.en}.` },
  };
}

registerRules(CSV_INPUT_RULES);
