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
  const fixed: ListedFix[] = [];
  const toChoose: ListedFix[] = [];
  const bom = text.charCodeAt(0) === 0xfeff;
  for (const f of decided.findings) {
    const fix = f.fixes?.[0];
    if (fix) (NOT_IN_FIX_ALL.has(fix.kind) ? toChoose : fixed).push(listed(f, fix.title, bom));
  }
  return { text: fixAllText(text, decided, options), fixed, toChoose };
}

function hasFix(f: Finding): boolean {
  return f.fixes !== undefined && f.fixes.length > 0;
}

/** Columns of the first line count from after a BOM, as editors show the line and `check` says it. */
function listed(f: Finding, title: Bilingual, bom: boolean): ListedFix {
  return { ruleId: f.ruleId, range: bom ? withoutBomColumn(f).range : f.range, title };
}
