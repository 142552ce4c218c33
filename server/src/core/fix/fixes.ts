import { NOT_IN_FIX_ALL } from '../fixKinds';
import type { Finding, Fix, FixKind, TextEdit } from '../types';
import { before } from './positions';

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
  const out: TextEdit[] = [];
  const taken = new TakenEdits();
  for (const f of lastOfEachRange(inDocumentOrder(fixes))) {
    const lastEnd = out.length ? out[out.length - 1].range.end : null;
    // An edit taken before starts at or before the end of the last one taken (that end only grows), so
    // edits starting after it are fresh without a look at what was taken.
    const fresh = lastEnd && f.edits.some((e) => !before(lastEnd, e.range.start)) ? f.edits.filter((e) => !taken.has(e)) : f.edits;
    if (fresh.length === 0) continue;
    if (lastEnd && fresh.some((e) => before(e.range.start, lastEnd))) {
      if (!takesOverTail(fresh, out)) continue;
    }
    for (const e of fresh) {
      taken.add(e);
      out.push(e);
    }
  }
  return out;
}

/** The edits combineFixes took, including those a deletion took over; indexed only once asked. */
class TakenEdits {
  private readonly edits: TextEdit[] = [];
  private keys: Set<string> | undefined;

  add(e: TextEdit): void {
    this.edits.push(e);
    this.keys?.add(editKey(e));
  }

  has(e: TextEdit): boolean {
    this.keys ??= new Set(this.edits.map(editKey));
    return this.keys.has(editKey(e));
  }
}

interface PlacedFix {
  fix: Fix;
  line: number;
  character: number;
}

/** The fixes with edits, by where their first edit starts; fixes starting at one place keep their order. */
function inDocumentOrder(fixes: readonly Fix[]): PlacedFix[] {
  const placed: PlacedFix[] = [];
  for (const fix of fixes) {
    if (fix.edits.length === 0) continue;
    let start = fix.edits[0].range.start;
    for (let k = 1; k < fix.edits.length; k++) if (before(fix.edits[k].range.start, start)) start = fix.edits[k].range.start;
    placed.push({ fix, line: start.line, character: start.character });
  }
  return placed.sort((a, b) => a.line - b.line || a.character - b.character);
}

/**
 * Of single-edit fixes replacing the same range, the last (it holds the others: see combineFixes). They share
 * a start, so they stand together in document order.
 */
function lastOfEachRange(placed: readonly PlacedFix[]): Fix[] {
  const out: Fix[] = [];
  for (let i = 0, j = 1; i < placed.length; i = j, j = i + 1) {
    while (j < placed.length && placed[j].line === placed[i].line && placed[j].character === placed[i].character) j++;
    if (j - i === 1) {
      out.push(placed[i].fix);
      continue;
    }
    const group: Fix[] = [];
    const endsTaken = new Set<string>();
    for (let k = j - 1; k >= i; k--) {
      const edits = placed[k].fix.edits;
      if (edits.length === 1) {
        const end = `${edits[0].range.end.line}:${edits[0].range.end.character}`;
        if (endsTaken.has(end)) continue;
        endsTaken.add(end);
      }
      group.push(placed[k].fix);
    }
    for (let k = group.length - 1; k >= 0; k--) out.push(group[k]);
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
