import { NOT_IN_FIX_ALL } from '../core/fixKinds';
import type { Finding, Fix, FixKind, TextEdit } from '../core/types';
import { before } from './cells';

/**
 * Combines fixes into one set of edits that do not overlap, taken in document order, so that one run
 * leaves as little as possible for the next:
 * - fixes of one cell replace the same range, and the checks of a cell run in order on the value the
 *   earlier ones cleaned (quotes, spaces, full-width, case…), so the last fix of a range holds the others;
 * - a deletion that covers the edits before it (a header row holding a BOM) takes their place;
 * - any other fix overlapping one already taken is left for a later run.
 * Identical edits (two findings proposing the same change) are applied once.
 */
export function combineFixes(fixes: readonly Fix[]): TextEdit[] {
  const lastOfRange = new Map<string, number>();
  fixes.forEach((f, i) => {
    if (f.edits.length === 1) lastOfRange.set(rangeKey(f.edits[0]), i);
  });
  const ordered = fixes
    .filter((f, i) => f.edits.length > 0 && (f.edits.length !== 1 || lastOfRange.get(rangeKey(f.edits[0])) === i))
    .map((f) => ({ f, start: f.edits.reduce((m, e) => (before(e.range.start, m) ? e.range.start : m), f.edits[0].range.start) }))
    .sort((a, b) => (before(a.start, b.start) ? -1 : before(b.start, a.start) ? 1 : 0));
  const out: TextEdit[] = [];
  const seen = new Set<string>();
  for (const { f } of ordered) {
    const fresh = f.edits.filter((e) => !seen.has(editKey(e)));
    if (fresh.length === 0) continue;
    const lastEnd = out.length ? out[out.length - 1].range.end : null;
    if (lastEnd && fresh.some((e) => before(e.range.start, lastEnd))) {
      if (!takesOverTail(fresh, out)) continue;
    }
    for (const e of fresh) {
      seen.add(editKey(e));
      out.push(e);
    }
  }
  return out;
}

/**
 * A single deletion that contains every taken edit it overlaps: those (a suffix of `out`, which is sorted
 * and without overlaps) are dropped, and the deletion goes in after what is left.
 */
function takesOverTail(fresh: TextEdit[], out: TextEdit[]): boolean {
  if (fresh.length !== 1 || fresh[0].newText !== '') return false;
  const del = fresh[0].range;
  let k = out.length;
  while (k > 0 && (before(del.start, out[k - 1].range.end) || sameStart(out[k - 1], del))) {
    const e = out[k - 1];
    if (before(e.range.start, del.start) || before(del.end, e.range.end)) return false;
    k--;
  }
  out.length = k;
  return true;
}

function sameStart(e: TextEdit, r: TextEdit['range']): boolean {
  return e.range.start.line === r.start.line && e.range.start.character === r.start.character;
}

function rangeKey(e: TextEdit): string {
  return `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}`;
}

function editKey(e: TextEdit): string {
  return `${rangeKey(e)}=${e.newText}`;
}

/** Each finding's fix of the given kind (or its first fix when `kind` is undefined). */
export function fixesOfKind(findings: readonly Finding[], kind?: FixKind): Fix[] {
  const out: Fix[] = [];
  for (const f of findings) {
    const fix = kind === undefined ? f.fixes?.[0] : f.fixes?.find((x) => x.kind === kind);
    if (fix) out.push(fix);
  }
  return out;
}

/** The fixes source.fixAll applies: every finding's first fix, but for kinds that need a person's judgement. */
export function fixAllFixes(findings: readonly Finding[]): Fix[] {
  return fixesOfKind(findings).filter((f) => !NOT_IN_FIX_ALL.has(f.kind));
}
