/**
 * Collects what an archive check finds, per rule, and folds many files with the same rule into
 * one message ("3 files: IMG/IM1 …, IMG/IM2 …") so one row's cell is not buried under
 * thousands of diagnostics.
 */
import type { Bilingual } from '../types';

export interface Issue {
  ruleId: string;
  message: Bilingual;
}

interface Entry {
  file: string | null;
  detail: Bilingual;
  /** What to do, said once after the folded message rather than after each file (each distinct advice once). */
  advice?: Bilingual;
}

/** One issue as plain data (crosses a worker boundary): rule, file or null, detail, what to do. */
export type IssueRecord = [ruleId: string, file: string | null, detail: Bilingual, advice?: Bilingual];

/** How many files a folded message names before "…". */
const EXAMPLES = 3;

export class IssueList {
  private readonly byRule = new Map<string, Entry[]>();

  /** `file` is the entry name the issue is about, or null for the archive as a whole. */
  add(ruleId: string, file: string | null, detail: Bilingual, advice?: Bilingual): void {
    let list = this.byRule.get(ruleId);
    if (!list) this.byRule.set(ruleId, (list = []));
    list.push(advice ? { file, detail, advice } : { file, detail });
  }

  has(ruleId: string): boolean {
    return this.byRule.has(ruleId);
  }

  get size(): number {
    return this.byRule.size;
  }

  merge(other: IssueList): void {
    for (const [ruleId, list] of other.byRule) for (const e of list) this.add(ruleId, e.file, e.detail, e.advice);
  }

  /** Every issue added, in order, as plain data; `IssueList.from` rebuilds the list. */
  records(): IssueRecord[] {
    const out: IssueRecord[] = [];
    for (const [ruleId, list] of this.byRule) for (const e of list) out.push(e.advice ? [ruleId, e.file, e.detail, e.advice] : [ruleId, e.file, e.detail]);
    return out;
  }

  static from(records: readonly IssueRecord[]): IssueList {
    const list = new IssueList();
    for (const [ruleId, file, detail, advice] of records) list.add(ruleId, file, detail, advice);
    return list;
  }

  /** One message per rule, in the order rules were first added. */
  issues(): Issue[] {
    const out: Issue[] = [];
    for (const [ruleId, list] of this.byRule) out.push({ ruleId, message: withAdvice(fold(list), distinctAdvice(list)) });
    return out;
  }
}

/** Each piece of advice of a rule's entries once, in order: one rule may have more than one cause, each with its own remedy. */
function distinctAdvice(list: readonly Entry[]): Bilingual[] {
  const byText = new Map<string, Bilingual>();
  for (const e of list) if (e.advice && !byText.has(e.advice.en)) byText.set(e.advice.en, e.advice);
  return [...byText.values()];
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
  // The count is said only when it is several files; otherwise the messages are simply listed.
  return files < 2 ? { 'zh-TW': zh, en } : { 'zh-TW': `${files} 個檔案：${zh}`, en: `${files} files: ${en}` };
}
