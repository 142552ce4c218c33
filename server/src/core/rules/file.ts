import type { Row, SyntaxProblem } from '../csv/model';
import type { ValidationOptions } from '../options';
import { rangeOf, type Finding, type Range, type TextEdit } from '../types';
import { bi } from '../i18n';
import { FIELD_COUNT } from '../spec/fields';
import { emit } from './emit';
import { baseName, checkFileName, fileNameHint } from './file-name';
import { headerLostChinese, isHeaderRow, pandasNamedRecord } from './header-row';
import type { Separator } from './separator';
import { emitLineEnds } from './line-ends';
import { isFutureAt } from './future-times';
import { formatGregorian, taipeiEpoch } from '../roc';
import type { LineBreak, LineEnds } from '../csv/line-ends';

/** What the file-level rules need, available from full text or from a stream. */
export interface FileFacts {
  /** The file's name or path; undefined for an untitled document. */
  fileName?: string;
  bom: boolean;
  /** Data rows, not counting a header row or empty rows. */
  rowCount: number;
  /** The file's first row, for the header check. */
  firstRow?: Row;
  /** Lines in the text, so the header fix can delete the header's line break. */
  lineCount?: number;
  /** The file is a draft for Build, not an upload CSV, as its rows say (isDraftText): it may be called anything. */
  draft?: boolean;
  /** The separator every data row uses instead of commas (SeparatorTally), if any. */
  separator?: Separator;
  /** How the lines end (LineEndTally); FILE-line-ends is checked only when given. */
  lineEnds?: LineEnds;
  /** The edits that change the text's lone CRs to `target`, when the text is at hand (FILE-line-ends's fix). */
  loneCrEdits?: (target: LineBreak) => TextEdit[];
}

const FILE_START: Range = rangeOf(0, 0, 0);

/** The rules of the file's start, a BOM and a header row: the file-level findings that carry a fix. */
export function validateFileStart(facts: Pick<FileFacts, 'bom' | 'firstRow' | 'lineCount'>, options: ValidationOptions): Finding[] {
  const out: Finding[] = [];
  if (facts.bom) {
    emit(out, options, 'FILE-bom', rangeOf(0, 0, 1), null, null,
      bi('檔案開頭有 UTF-8 BOM（U+FEFF）；請移除', 'the file starts with a UTF-8 byte order mark (U+FEFF); remove it'),
      [{ kind: 'remove-bom', title: bi('移除 BOM', 'Remove the BOM'), edits: [{ range: rangeOf(0, 0, 1), newText: '' }] }]);
  }
  const header = facts.firstRow && isHeaderRow(facts.firstRow) ? facts.firstRow : undefined;
  if (header) {
    const endLine = header.range.end.line;
    const hasNext = facts.lineCount !== undefined && endLine + 1 < facts.lineCount;
    const del: Range = { start: { line: header.line, character: 0 }, end: hasNext ? { line: endLine + 1, character: 0 } : header.range.end };
    const record = pandasNamedRecord(header.cells);
    if (record) {
      emit(out, options, 'FILE-header', header.range, null, header.index,
        bi('第一列是 pandas 當成欄位名稱的第一筆資料（read_csv 未加 header=None）：空白欄位被寫成 Unnamed: N，重複的值被加上 .1、.2；修正會還原這筆資料。請以 header=None 讀取，並以 header=False, index=False 寫出',
          'the first row is the first record pandas took for column names (read_csv without header=None): it wrote Unnamed: N for the empty values and .1, .2 after repeated ones; the fix restores the record. Read with header=None and write with header=False, index=False'),
        [{ kind: 'restore-record', title: bi('還原第一筆資料', 'Restore the first record'), edits: [{ range: header.range, newText: record.join(',') }] }]);
      return out;
    }
    // An empty first name stands above a row index (pandas, R's row names): every row then has one field too many.
    const indexed = header.cells.length > FIELD_COUNT && header.cells[0].value.trim() === '';
    emit(out, options, 'FILE-header', header.range, null, header.index,
      indexed
        ? bi('第一列是欄位名稱，且第一欄是列索引（pandas 的 index、R 的 row.names）；上傳格式沒有標題列，也沒有索引欄：請匯出時不寫索引（pandas index=False、R row.names = FALSE）',
          'the first row holds column names and the first column is a row index (pandas index, R row.names); the upload format has neither: export without the index (pandas index=False, R row.names = FALSE)')
        : headerLostChinese(header)
          ? bi('第一列是欄位名稱，其中文已在轉成不含中文的編碼時變成「?」（Windows PowerShell 5.1 的管線即如此）；上傳格式沒有標題列，此列會被當成資料而退件',
            'the first row holds column names whose Chinese a conversion to an encoding without it turned into "?" (Windows PowerShell 5.1\'s pipe does); the upload format has no header row, so it would be rejected as data')
          : bi('第一列是欄位名稱；上傳格式沒有標題列，此列會被當成資料而退件', 'the first row holds column names; the upload format has no header row, so it would be rejected as data'),
      [{ kind: 'remove-header', title: bi('刪除標題列', 'Delete the header row'), edits: [{ range: del, newText: '' }] }]);
  }
  return out;
}

/** File-level rules: empty file, BOM, header row, line ends, file name. */
export function validateFileLevel(facts: FileFacts, options: ValidationOptions): Finding[] {
  const out = validateFileStart(facts, options);
  emitLineEnds(out, options, facts.lineEnds, facts.loneCrEdits);
  if (facts.rowCount === 0) {
    emit(out, options, 'FILE-empty', FILE_START, null, null,
      bi('檔案沒有任何資料列', 'the file has no data rows'));
  } else if (facts.separator) {
    const name = facts.separator.name;
    emit(out, options, 'FILE-separator', FILE_START, null, null,
      bi(`整個檔案以${name['zh-TW']}分隔欄位；CSV 以半型逗號「,」分隔（試算表另存新檔時請選 CSV 逗號分隔，或用各列的修正改為逗號）`,
        `the whole file separates its fields by ${name.en}; a CSV separates them by commas (save from a spreadsheet as CSV, comma delimited, or apply the rows' fix)`));
  }
  // A draft names image folders in field 14; Build gives the batch its upload name, so a draft may be called anything.
  if (facts.fileName !== undefined && !facts.draft) {
    const name = baseName(facts.fileName);
    const r = checkFileName(name);
    if (!r.ok && r.problem === 'pattern') {
      const hint = fileNameHint(name);
      emit(out, options, 'FILE-name', FILE_START, null, null,
        bi(`檔名 ${name} 不符「醫事機構代碼(10碼)_系統日期(8碼)_序號(3~6碼).csv」${hint ? `：${hint['zh-TW']}` : '，例如 3501200000_20171101_001.csv'}`,
          `file name ${name} does not follow {hospital code 10}_{date YYYYMMDD}_{sequence 3-6 digits}.csv${hint ? `: ${hint.en}` : ', e.g. 3501200000_20171101_001.csv'}`));
    } else if (!r.ok) {
      const date = name.slice(11, 19);
      emit(out, options, 'FILE-name-date', FILE_START, null, null, r.problem === 'before-roc'
        ? bi(`檔名中的系統日期 ${date} 早於民國元年（1912），不是上傳檔的系統日期`, `the system date ${date} in the file name is before 1912 (ROC 1), not the system date of an upload file`)
        : bi(`檔名中的系統日期 ${date} 不是存在的西元日期 YYYYMMDD`, `the system date ${date} in the file name is not a real Gregorian date YYYYMMDD`));
    } else if (isFutureAt(systemDateStart(r.date), options.now)) {
      emit(out, options, 'FILE-name-date-future', FILE_START, null, null,
        bi(`檔名中的系統日期 ${r.date} 晚於今天（參考時間 ${formatGregorian(options.now, 'zh-TW')}）；系統日期是產生檔案當天的日期，請更正檔名`,
          `the system date ${r.date} in the file name is later than today (reference time ${formatGregorian(options.now, 'en')}); it is the day the file was made: correct the file name`));
    }
  }
  return out;
}

/** 00:00 Taiwan time of a file name's system date YYYYMMDD. */
function systemDateStart(date: string): number {
  return taipeiEpoch(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
}

const SYNTAX_TEXT: Record<SyntaxProblem['kind'], ReturnType<typeof bi>> = {
  'unclosed-quote': bi('引號未成對：此引號一直到檔案結尾都沒有關閉', 'unclosed quote: this quote is never closed'),
  'stray-quote': bi('未加引號的欄位中出現引號', 'a quote inside an unquoted field'),
  'text-after-quote': bi('結束引號後還有文字', 'text after the closing quote'),
};

/** Findings for the CSV syntax problems the parser reported. */
export function syntaxFindings(problems: readonly SyntaxProblem[], options: ValidationOptions): Finding[] {
  const out: Finding[] = [];
  for (const p of problems) emit(out, options, 'CSV-syntax', p.range, null, p.row, SYNTAX_TEXT[p.kind]);
  return out;
}
