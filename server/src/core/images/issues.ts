/**
 * Collects what an archive check finds, per rule, and folds many files with the same rule into
 * one message ("3 files: IMG/IM1 …, IMG/IM2 …") so one row's cell is not buried under
 * thousands of diagnostics.
 */
import type { Bilingual } from '../types';
import { counted } from '../counted';

export interface Issue {
  ruleId: string;
  message: Bilingual;
}

/** What to do about a finding; `many`: the same said of several files ("remove them"), where the words differ. */
export interface Advice extends Bilingual {
  many?: Bilingual;
}

interface Entry {
  file: string | null;
  detail: Bilingual;
  /** What to do, said once after the folded message rather than after each file (each distinct advice once). */
  advice?: Advice;
  /** The entry named is a folder: a message naming it among others counts entries, not files. */
  folder?: true;
}

/** One issue as plain data (crosses a worker boundary): rule, file or null, detail, what to do, whether it names a folder. */
export type IssueRecord = [ruleId: string, file: string | null, detail: Bilingual, advice?: Advice, folder?: true];

/** How many files a folded message names before "…". */
const EXAMPLES = 3;

export class IssueList {
  private readonly byRule = new Map<string, Entry[]>();

  /** `file` is the entry name the issue is about, or null for the archive as a whole; `folder` when that entry is a folder. */
  add(ruleId: string, file: string | null, detail: Bilingual, advice?: Advice, folder?: true): void {
    let list = this.byRule.get(ruleId);
    if (!list) this.byRule.set(ruleId, (list = []));
    const entry: Entry = advice ? { file, detail, advice } : { file, detail };
    if (folder) entry.folder = true;
    list.push(entry);
  }

  has(ruleId: string): boolean {
    return this.byRule.has(ruleId);
  }

  get size(): number {
    return this.byRule.size;
  }

  merge(other: IssueList): void {
    for (const [ruleId, list] of other.byRule) for (const e of list) this.add(ruleId, e.file, e.detail, e.advice, e.folder);
  }

  /** Every issue added, in order, as plain data; `IssueList.from` rebuilds the list. */
  records(): IssueRecord[] {
    const out: IssueRecord[] = [];
    for (const [ruleId, list] of this.byRule) {
      for (const e of list) out.push(e.folder ? [ruleId, e.file, e.detail, e.advice, true] : e.advice ? [ruleId, e.file, e.detail, e.advice] : [ruleId, e.file, e.detail]);
    }
    return out;
  }

  static from(records: readonly IssueRecord[]): IssueList {
    const list = new IssueList();
    for (const [ruleId, file, detail, advice, folder] of records) list.add(ruleId, file, detail, advice, folder);
    return list;
  }

  /** One message per rule, in the order rules were first added. */
  issues(): Issue[] {
    const out: Issue[] = [];
    for (const [ruleId, list] of this.byRule) out.push({ ruleId, message: withAdvice(fold(list), distinctAdvice(list)) });
    return out;
  }
}

/**
 * Each piece of advice of a rule's entries once, in order: one rule may have more than one cause, each with its own
 * remedy. Advice given of several files is said of them all ("remove them").
 */
function distinctAdvice(list: readonly Entry[]): Bilingual[] {
  const byText = new Map<string, { advice: Advice; files: Set<string> }>();
  for (const e of list) {
    if (!e.advice) continue;
    let seen = byText.get(e.advice.en);
    if (!seen) byText.set(e.advice.en, (seen = { advice: e.advice, files: new Set() }));
    if (e.file !== null) seen.files.add(e.file);
  }
  return [...byText.values()].map(({ advice, files }) => (files.size > 1 && advice.many ? advice.many : { 'zh-TW': advice['zh-TW'], en: advice.en }));
}

function withAdvice(message: Bilingual, advice: readonly Bilingual[]): Bilingual {
  if (advice.length === 0) return message;
  return { 'zh-TW': `${message['zh-TW']}；${advice.map((a) => a['zh-TW']).join('；')}`, en: `${message.en}: ${advice.map((a) => a.en).join('; ')}` };
}

function one(e: Entry, lang: keyof Bilingual): string {
  return e.file === null ? e.detail[lang] : `${e.file}: ${e.detail[lang]}`;
}

function fold(list: Entry[]): Bilingual {
  if (list.length === 1) return { 'zh-TW': one(list[0], 'zh-TW'), en: one(list[0], 'en') };
  const files = new Set(list.map((e) => e.file).filter((f) => f !== null)).size;
  const shown = list.slice(0, EXAMPLES);
  const more = list.length - shown.length;
  const zh = `${shown.map((e) => one(e, 'zh-TW')).join('；')}${more ? `；另有 ${more} 處` : ''}`;
  const en = `${shown.map((e) => one(e, 'en')).join('; ')}${more ? `; and ${more} more` : ''}`;
  // The count is said only when it is several files; otherwise the messages are simply listed. Folders among them make it a count of entries.
  if (files < 2) return { 'zh-TW': zh, en };
  return list.some((e) => e.folder) ? { 'zh-TW': `${files} 個項目：${zh}`, en: `${counted(files, 'entry', 'entries')}: ${en}` } : { 'zh-TW': `${files} 個檔案：${zh}`, en: `${files} files: ${en}` };
}
