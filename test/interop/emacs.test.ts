/**
 * Another LSP client than VS Code: Emacs with eglot (Debian's emacs-nox 28 and elpa-eglot 1.9,
 * `emacs --batch -Q`). Emacs loads the README's Emacs snippet as it stands (only its settings set to
 * English and a fixed deadline reference time), opens the sample batch with two defects added, and
 * eglot starts `nhi-imaging lsp --stdio` (a wrapper of dist/cli.js first on PATH). Eglot announces
 * workspace/configuration but not pull diagnostics: the server pulls the settings and pushes
 * diagnostics, which eglot hands to flymake. test/interop/emacs/probe.el writes what Emacs saw.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/core/types';
import { DEFECTS, expectedFindings, requireCommand, SEVERITY, withExamTimeFixed } from './lsp-client-helpers';
import { assertCompletion, assertExamTimeActions, assertHover, flymakeRegion, readmeSnippet, README_LANGUAGE, runEmacsProbe, TEST_SETTINGS, type Action, type Position, type Range } from './emacs/run';

interface Shown {
  /** The diagnostic's range as the server sent it. */
  range: Range;
  /** The region flymake marks. */
  start: Position;
  end: Position;
  type: string;
  text: string;
  code: string;
  source: string;
  message: string;
  severity: number;
}
interface Seen {
  mode: string;
  settled: boolean;
  managed: boolean;
  versions: { emacs: string; eglot: string };
  diagnostics: Shown[];
  hover: { contents: { kind: string; value: string }; range: Range } | null;
  markdownMode: boolean;
  hoverText: string | null;
  completion: { label: string }[] | { items: { label: string }[] } | null;
  capf: string[] | null;
  actions: Action[];
  fixedLine: string;
  fixed: boolean;
  version: number;
  publishedVersion: number | null;
  afterFix: Shown[];
  textAfterFix: string;
  exit: number | string;
}

/** The flymake type eglot 1.9 gives an LSP severity (eglot--diag-type). */
const FLYMAKE_TYPE: Record<number, string> = { 1: 'eglot-error', 2: 'eglot-warning', 3: 'eglot-note', 4: 'eglot-note' };

/** A diagnostic as flymake holds it, reduced to what is compared, as one sortable line. */
function shown(d: Shown): string {
  const { start, end } = d.range;
  return JSON.stringify([start.line, start.character, end.line, end.character, d.code, d.severity, d.type, d.text, d.message]);
}

/** The regions flymake marks are the diagnostics' ranges (see flymakeRegion). */
function assertMarked(diagnostics: Shown[]): void {
  for (const d of diagnostics) {
    const want = flymakeRegion(d.range);
    if (want) assert.deepEqual({ start: d.start, end: d.end }, want, `flymake's region of ${d.code} ${JSON.stringify(d.range)}`);
  }
}
/** What eglot shows for a finding of the core: its range, the flymake type, "source [code]: message". */
function expected(f: Finding): string {
  const severity = SEVERITY[f.severity];
  const { start, end } = f.range;
  return JSON.stringify([start.line, start.character, end.line, end.character, f.ruleId, severity, FLYMAKE_TYPE[severity], `nhi-imaging [${f.ruleId}]: ${f.message.en}`, f.message.en]);
}

describe('Emacs (eglot) as the LSP client (emacs --batch, stdio)', function () {
  this.timeout(60000);
  let dir = '';
  let seen: Seen;
  let text = '';

  before(() => {
    requireCommand('emacs', 'apt-get install emacs-nox elpa-eglot');
    dir = mkdtempSync(join(tmpdir(), 'nhi-emacs-'));
    const snippet = readmeSnippet(
      /Emacs .*eglot/,
      `(:nhiImaging (:language "${README_LANGUAGE}"))`,
      `(:nhiImaging (:language "${TEST_SETTINGS.language}" :deadlineReferenceTime "${TEST_SETTINGS.deadlineReferenceTime}"))`,
    );
    ({ seen, text } = runEmacsProbe<Seen>(dir, join(__dirname, 'emacs/probe.el'), snippet));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens the batch in the README's major mode, eglot managing it", () => {
    assert.equal(seen.mode, 'nhi-imaging-csv-mode', 'auto-mode-alist of the README picks the mode from the file name');
    assert.equal(seen.managed, true, 'eglot-ensure (the mode hook) connected eglot');
  });

  it('shows in flymake the diagnostics of a full validation, in the language of the settings', () => {
    assert.equal(seen.settled, true, 'English diagnostics arrived within 30 s');
    assert.deepEqual(seen.diagnostics.map(shown).sort(), expectedFindings(text).map(expected).sort());
    assertMarked(seen.diagnostics);
    const at = (line: number, code: string): Shown | undefined => seen.diagnostics.find((d) => d.start.line === line && d.code === code);
    const id = at(DEFECTS.id.line, 'F08-pattern');
    assert.deepEqual(id && [id.start.character, id.end.character, id.type], [44, 53, 'eglot-error'], 'the short national ID');
    const date = at(DEFECTS.examTime.line, 'F12-format');
    assert.deepEqual(date && [date.start.character, date.end.character, date.type], [72, 84, 'eglot-error'], 'the Gregorian exam time');
    assert.match(date?.message ?? '', /^exam time \(field 12\) 202611250950 is not a ROC date/);
  });

  it('hovers with the field, completes with the codes the core offers', () => {
    // Eglot declares hover contentFormat ["markdown", "plaintext"] where markdown-mode is loadable
    // (Debian's elpa-lsp-mode brings it), else ["plaintext"]: the server answers Markdown, which
    // markdown-mode shows without its markup, or plain text, no Markdown for eglot to show as it
    // came. Either way the first line the user sees names the field.
    assertHover(text, seen.hover, seen.hoverText);
    assert.equal(seen.hover?.contents.kind, seen.markdownMode ? 'markdown' : 'plaintext');
    assertCompletion(text, seen.completion, seen.capf);
  });

  it('offers the quick fix for the defect; applied by eglot, the diagnostics follow the edit', () => {
    assertExamTimeActions(text, seen.actions);
    const fixed = withExamTimeFixed(text);
    assert.equal(seen.fixedLine, fixed.split('\n')[DEFECTS.examTime.line]);
    assert.equal(seen.textAfterFix, fixed);
    assert.equal(seen.publishedVersion, seen.version, 'diagnostics were published for the edited version');
    assert.equal(seen.fixed, true, 'the F12-format diagnostic went away after the edit');
    assert.deepEqual(seen.afterFix.map(shown).sort(), expectedFindings(fixed).map(expected).sort());
    assertMarked(seen.afterFix);
  });

  it('ends the server with shutdown and exit', () => {
    assert.equal(seen.exit, 0);
  });
});
