/**
 * What the Emacs interop tests (eglot, lsp-mode) share: running a probe in `emacs --batch -Q` with the
 * README's snippet and `nhi-imaging` on PATH, and where flymake marks a diagnostic.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixAllTitle } from '../../../server/src/core/fixKinds';
import type { Position, Range } from '../../../server/src/core/types';
import { DEFECTS, expectedCompletions, expectedFindings, expectedHeading, PROBE, PROBE_ENV, writeCliOnPath, writeSampleWithDefects } from '../lsp-client-helpers';

export type { Position, Range };
export { readmeSnippet, README_LANGUAGE, TEST_SETTINGS } from '../lsp-client-helpers';

/** A code action as the Emacs clients hold it. */
export interface Action {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, { range: Range; newText: string }[]> };
}

/**
 * Writes the sample with the defects into dir, a `nhi-imaging` on PATH running this build's CLI (the
 * README's command, `nhi-imaging lsp --stdio`), and runs `emacs --batch -Q -l probe` with the
 * snippet and the PROBE_* variables of the places to ask about; returns what the probe wrote and the
 * sample.
 */
export function runEmacsProbe<T>(dir: string, probe: string, snippet: string): { seen: T; file: string; text: string } {
  const { file, text } = writeSampleWithDefects(dir);
  const bin = writeCliOnPath(dir);
  mkdirSync(join(dir, 'home'));
  const snippetFile = join(dir, 'init-snippet.el');
  writeFileSync(snippetFile, snippet);
  const out = join(dir, 'seen.json');
  try {
    execFileSync('emacs', ['--batch', '-Q', '-l', probe], {
      env: {
        ...process.env, HOME: join(dir, 'home'), PATH: `${bin}:${process.env.PATH ?? ''}`,
        PROBE_HOME: join(dir, 'home'), PROBE_SNIPPET: snippetFile, PROBE_FILE: file, PROBE_OUT: out, PROBE_TIMEOUT: '30',
        ...PROBE_ENV,
      },
      stdio: 'pipe',
      timeout: 50000,
    });
  } catch (e) {
    const err = e as { status?: number | null; signal?: string | null; stderr?: Buffer };
    throw new Error(`emacs --batch (${probe}) failed (exit ${err.status ?? err.signal}):\n${err.stderr?.toString() ?? String(e)}`);
  }
  return { seen: JSON.parse(readFileSync(out, 'utf8')) as T, file, text };
}

/**
 * The region flymake marks for a diagnostic's range. An empty range (an empty cell) eglot 1.9 and
 * lsp-mode 8 widen through flymake-diag-region, to which they pass the 0-based character as a 1-based
 * column: the character before the range is marked (the comma in front of the empty cell); at the
 * start of a line, what flymake picks (undefined here).
 */
export function flymakeRegion(range: Range): Range | undefined {
  const { start, end } = range;
  const empty = start.line === end.line && start.character === end.character;
  if (!empty) return { start, end };
  return start.character > 0 ? { start: { ...start, character: start.character - 1 }, end } : undefined;
}

/**
 * The hover on field 8 as the user sees it (the text without the markup Emacs hides) starts with the
 * field's heading and shows no Markdown; the range is the short national ID.
 */
export function assertHover(text: string, hover: { range: Range } | null, shown: string | null): void {
  assert.ok(hover && shown, 'a hover on field 8');
  assert.equal(shown.split('\n')[0], expectedHeading(text, PROBE.line, PROBE.hoverChar));
  assert.doesNotMatch(shown, /\*\*|`|\\/, 'no Markdown bold, code or escapes shown');
  assert.deepEqual(hover.range, { start: { line: 1, character: 44 }, end: { line: 1, character: 53 } });
}

/** Completion in field 2 lists the codes the core offers, and so does the client's completion-at-point. */
export function assertCompletion(text: string, completion: { label: string }[] | { items: { label: string }[] } | null, capf: string[] | null): void {
  const labels = expectedCompletions(text, PROBE.line, PROBE.completeChar);
  assert.ok(labels.includes('12'), 'the core offers care categories in field 2');
  const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
  assert.deepEqual(items.map((i) => i.label), labels);
  assert.deepEqual([...(capf ?? [])].sort(), [...labels].sort(), 'completion-at-point offers them');
}

/**
 * The code actions at the Gregorian exam time: the preferred quick fix writes it as ROC, and the
 * Gregorian dates of the sample (the exam time, a birth date) are fixed all at once by an action that
 * names the kind, not the value of the fix on this line.
 */
export function assertExamTimeActions(text: string, actions: Action[]): void {
  const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
  const edits = Object.values(fix?.edit?.changes ?? {}).flat();
  assert.deepEqual(
    edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]),
    [[DEFECTS.examTime.line, 72, DEFECTS.examTime.line, 84, '11511250950']],
    JSON.stringify(actions),
  );
  const gregorian = expectedFindings(text).filter((f) => f.fixes?.some((x) => x.kind === 'roc-date')).length;
  assert.ok(gregorian >= 2, 'the sample has more than one Gregorian date');
  assert.ok(actions.some((a) => a.kind === 'quickfix' && a.title === fixAllTitle('roc-date', gregorian).en), JSON.stringify(actions.map((a) => a.title)));
}
