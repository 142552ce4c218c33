import type { Finding, Fix, FixKind, TextEdit } from '../core/types';
import { before } from './cells';

/**
 * Combines fixes into one set of edits that do not overlap: fixes are taken in document order,
 * and a fix whose edits would overlap one already taken is left for a later run. Identical edits
 * (two findings proposing the same change) are applied once.
 */
export function combineFixes(fixes: readonly Fix[]): TextEdit[] {
  const ordered = fixes
    .filter((f) => f.edits.length > 0)
    .map((f) => ({ f, start: f.edits.reduce((m, e) => (before(e.range.start, m) ? e.range.start : m), f.edits[0].range.start) }))
    .sort((a, b) => (before(a.start, b.start) ? -1 : before(b.start, a.start) ? 1 : 0));
  const out: TextEdit[] = [];
  const seen = new Set<string>();
  let lastEnd: { line: number; character: number } | null = null;
  for (const { f } of ordered) {
    const fresh = f.edits.filter((e) => !seen.has(editKey(e)));
    if (fresh.length === 0) continue;
    if (lastEnd && fresh.some((e) => before(e.range.start, lastEnd!))) continue;
    for (const e of fresh) {
      seen.add(editKey(e));
      out.push(e);
      if (!lastEnd || before(lastEnd, e.range.end)) lastEnd = e.range.end;
    }
  }
  return out;
}

function editKey(e: TextEdit): string {
  return `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}=${e.newText}`;
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
