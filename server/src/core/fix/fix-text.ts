/**
 * A whole text fixed as the editor's "Fix All" (source.fixAll) fixes it: the safe fixes applied round after round,
 * the fixes that want a person's choice (NOT_IN_FIX_ALL) listed, not applied.
 */
import { decideDateOrders } from '../date-orders';
import { NOT_IN_FIX_ALL } from '../fixKinds';
import type { ValidationOptions } from '../options';
import type { Bilingual, Finding, Range } from '../types';
import { validateText } from '../validate';
import { withoutBomColumn } from '../validateFile';
import { fixAllText } from './fix-all';

/** A fix named for a listing: where (columns of the first line after a BOM), which rule, what it does. */
export interface ListedFix {
  ruleId: string;
  range: Range;
  title: Bilingual;
}

export interface FixedText {
  /** The text after the fixes; the same string when there was nothing to fix. */
  text: string;
  /** The problems the first round fixes (later rounds fix what it revealed, listed by a check afterwards). */
  fixed: ListedFix[];
  /** Problems whose fix needs a person's choice: left as they are. */
  toChoose: ListedFix[];
}

export function fixText(text: string, options: ValidationOptions): FixedText {
  // Only findings with a fix take part (listed, applied, or showing the order of a date's month and day): the
  // others (a deadline on every row, for one) are let go as they are made instead of held for a whole large file.
  const decided = decideDateOrders(validateText(text, options, hasFix).findings);
  const fixed = new FixList();
  const toChoose = new FixList();
  listFixesInto(decided.findings, text.charCodeAt(0) === 0xfeff, 0, fixed, toChoose);
  return { text: fixAllText(text, decided, options), fixed: fixed.first, toChoose: toChoose.first };
}

/**
 * Fixes named for a listing as a person reads it: the first `limit` whole, the others counted by rule (a large
 * file's listing then holds a few fixes, not one object per row).
 */
export class FixList {
  readonly first: ListedFix[] = [];
  /** How many fixes of each rule came after the first `limit`. */
  readonly moreByRule = new Map<string, number>();
  length = 0;

  constructor(readonly limit = Infinity) {}

  /** Adds a fix of `ruleId`, named by `listed` when it is one of the first. */
  add(ruleId: string, listed: () => ListedFix): void {
    this.length++;
    if (this.first.length < this.limit) this.first.push(listed());
    else this.moreByRule.set(ruleId, (this.moreByRule.get(ruleId) ?? 0) + 1);
  }
}

export function hasFix(f: Finding): boolean {
  return f.fixes !== undefined && f.fixes.length > 0;
}

/**
 * Each finding's first fix named, in `fixed` when fix-all applies it and in `toChoose` otherwise; their lines
 * `lineOffset` further down (the findings of a piece of a text that starts on that line).
 */
export function listFixesInto(findings: readonly Finding[], bom: boolean, lineOffset: number, fixed: FixList, toChoose: FixList): void {
  for (const f of findings) {
    const fix = f.fixes?.[0];
    if (fix) (NOT_IN_FIX_ALL.has(fix.kind) ? toChoose : fixed).add(f.ruleId, () => listed(f, fix.title, bom, lineOffset));
  }
}

/** Columns of the first line count from after a BOM, as editors show the line and `check` says it. */
function listed(f: Finding, title: Bilingual, bom: boolean, lineOffset: number): ListedFix {
  const range = bom ? withoutBomColumn(f).range : f.range;
  if (lineOffset === 0) return { ruleId: f.ruleId, range, title };
  const { start, end } = range;
  return { ruleId: f.ruleId, range: { start: { line: start.line + lineOffset, character: start.character }, end: { line: end.line + lineOffset, character: end.character } }, title };
}
