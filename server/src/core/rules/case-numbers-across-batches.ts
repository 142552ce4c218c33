/**
 * 四、(二)1.(2)E(c): archives of different batches never share a case number. A re-sent record repeats its
 * text byte for byte, case number included (五), so only a row whose text differs from the earlier batch's
 * row is flagged. Within one file the cross-row rules (R14-…) judge case numbers; this compares each file
 * with the files read before it in one run.
 */
import type { Row } from '../csv/model';
import { bi } from '../i18n';
import type { ValidationOptions } from '../options';
import { registerRules } from '../spec/rules';
import type { Finding, RuleSpec } from '../types';
import { caseKeyOf, parseArchiveName } from './archive-name';
import { emit } from './emit';
import { FNV1A_OFFSET, fnv1a } from './fnv1a';
import { recordCells } from './row';

export const RULE_CASE_NUMBER_OTHER_BATCH = 'R14-case-number-other-batch';

export const ACROSS_BATCH_RULES: RuleSpec[] = [
  {
    id: RULE_CASE_NUMBER_OTHER_BATCH,
    field: 14,
    section: '四、(二)1.(2)E(c)；五',
    defaultSeverity: 'warning',
    title: { 'zh-TW': '案件編號已用於另一批次', en: 'Case number used by another batch' },
    description: {
      'zh-TW': '不同批次上傳的影像壓縮檔，案件編號不可重複；此列的案件編號已出現在一起檢查的較早批次，而兩列內容不同。重送時文字檔內容須與原資料完全相同，此時不標示。（命令列一次檢查多個 CSV 時）',
      en: 'Archives of different batches never share a case number; this row\'s case number appears in an earlier batch checked in the same run, with other row text. A re-send repeats the original text exactly and is not flagged. (Command line, several CSV files in one run.)',
    },
    example: { bad: '001.csv and 002.csv each with a different row naming …_C00000000001.7z', good: '002.csv repeating 001.csv\'s row as it was sent, or naming …_C00000000002.7z' },
  },
];

registerRules(ACROSS_BATCH_RULES);

interface Seen {
  file: string;
  line: number;
  text: number;
  /** The archive name, as written and in upper case: names that differ only in letter case are one file on Windows. */
  name: number;
  folded: number;
}

/** A row's text hashed as the text of the same row in another file: a BOM before it does not count. */
function textHash(text: string): number {
  return fnv1a(FNV1A_OFFSET, text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
}

export class CaseNumbersAcrossBatches {
  private readonly seen = new Map<string, Seen>();
  private current: [string, Seen][] = [];
  private fileName = '';

  /** Starts the next file: the rows of the files before it are what its rows are compared with. */
  beginFile(fileName: string): void {
    for (const [key, s] of this.current) if (!this.seen.has(key)) this.seen.set(key, s);
    this.current = [];
    this.fileName = fileName;
  }

  /** Adds to `out` the finding of a row naming an earlier file's case number with other text. */
  checkRow(row: Row, options: ValidationOptions, out: Finding[]): void {
    const cell = recordCells(row.cells)[13];
    const archive = cell && parseArchiveName(cell.value);
    if (!archive) return;
    const name = cell.value;
    const key = caseKeyOf(name);
    const here: Seen = {
      file: this.fileName, line: row.range.start.line + 1, text: textHash(row.text), name: textHash(name), folded: textHash(name.toUpperCase()),
    };
    const earlier = this.seen.get(key);
    if (earlier && earlier.text !== here.text) {
      const caseOnly = earlier.name !== here.name && earlier.folded === here.folded;
      emit(out, options, RULE_CASE_NUMBER_OTHER_BATCH, cell.range, 14, row.index,
        bi(`案件編號 ${archive.caseNumber} 已用於較早的批次 ${earlier.file} 第 ${earlier.line} 列，且該列內容不同；${caseOnly ? '壓縮檔名稱只差在英文字母大小寫，Windows 會把兩者當成同一個檔；' : ''}不同批次不可重複案件編號（重送須與原資料完全相同）`,
          `case number ${archive.caseNumber} is already used in the earlier batch ${earlier.file} line ${earlier.line}, with other row text; ${caseOnly ? 'the archive names differ only in letter case, which Windows takes for one file; ' : ''}batches never share a case number (a re-send repeats the original exactly)`));
    }
    this.current.push([key, here]);
  }
}
