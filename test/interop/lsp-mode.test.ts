/**
 * Another LSP client than VS Code: Emacs with lsp-mode (Debian's emacs-nox 28 and elpa-lsp-mode 8.0,
 * `emacs --batch -Q`). Emacs loads the README's lsp-mode snippet as it stands (only its settings set
 * to English and a fixed deadline reference time), opens the sample batch with two defects added, and
 * lsp-mode, once told to import the batch's folder, starts `nhi-imaging lsp --stdio` (a wrapper of
 * dist/cli.js first on PATH). lsp-mode differs from eglot: it registers the server with
 * `lsp-register-client`, answers workspace/configuration from `lsp-register-custom-settings`, announces
 * Markdown hovers, code action resolve and data, window/workDoneProgress, and no pull diagnostics; it
 * asks for code actions and symbols on its own as the cursor moves; and it shows a warning for every
 * message it does not know. test/interop/emacs/lsp-mode-probe.el writes what Emacs saw.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/core/types';
import { DEFECTS, expectedAfterFixAll, expectedFindings, requireCommand, SEVERITY, withExamTimeFixed } from './lsp-client-helpers';
import { assertCompletion, assertExamTimeActions, assertHover, flymakeRegion, readmeSnippet, README_LANGUAGE, runEmacsProbe, TEST_SETTINGS, type Action, type Position, type Range } from './emacs/run';

interface Received {
  range: Range;
  severity: number;
  code: string;
  source: string;
  message: string;
}
interface Shown {
  /** The region flymake marks. */
  start: Position;
  end: Position;
  type: string;
  text: string;
}
interface Diagnostics {
  /** As lsp-mode received them. */
  received: Received[];
  /** As flymake shows them. */
  shown: Shown[];
}
interface Edited {
  version: number;
  publishedVersion: number | null;
  diagnostics: Diagnostics;
  text: string;
  fixed?: boolean;
}
interface Seen {
  mode: string;
  rootPrompt: string | null;
  settled: boolean;
  managed: boolean;
  server: { name: string; status: string };
  diagnostics: Diagnostics;
  hover: { contents: { kind: string; value: string }; range: Range } | null;
  hoverText: string | null;
  completion: { label: string }[] | { items: { label: string }[] } | null;
  capf: string[] | null;
  actions: Action[];
  afterFix: Edited | null;
  fixAllAction: Action | null;
  afterFixAll: Edited | null;
  log: string;
  warnings: string;
  io: string;
}

/** The flymake type lsp-mode 8 gives an LSP severity (lsp-diagnostics--flymake-update-diagnostics). */
const FLYMAKE_TYPE: Record<number, string> = { 1: ':error', 2: ':warning', 3: ':note', 4: ':note' };

const sortedJson = (items: unknown[]): string[] => items.map((i) => JSON.stringify(i)).sort();
const received = (d: Received): unknown => [d.range, d.code, d.severity, d.source, d.message];
const shown = (d: Shown): unknown => [d.start, d.end, d.type, d.text];

/**
 * What lsp-mode receives and flymake shows for the core's findings: the range, code and message; the
 * message alone as flymake's text, over the range (see flymakeRegion).
 */
function assertDiagnostics(seen: Diagnostics, findings: Finding[]): void {
  const sent = findings.map((f) => ({ range: f.range, code: f.ruleId, severity: SEVERITY[f.severity], source: 'nhi-imaging', message: f.message.en }));
  assert.deepEqual(sortedJson(seen.received.map(received)), sortedJson(sent.map(received)));
  const marked = sent.flatMap((d) => {
    const region = flymakeRegion(d.range);
    return region ? [[region.start, region.end, FLYMAKE_TYPE[d.severity], d.message]] : [];
  });
  // Where flymake picks the region itself, only the text is compared (with the count below).
  const unmarked = sent.filter((d) => !flymakeRegion(d.range));
  const comparable = seen.shown.filter((s) => !unmarked.some((d) => d.message === s.text && d.range.start.line === s.start.line));
  assert.deepEqual(sortedJson(comparable.map(shown)), sortedJson(marked));
  assert.equal(seen.shown.length, sent.length, 'flymake shows every diagnostic');
}

describe('Emacs (lsp-mode) as the LSP client (emacs --batch, stdio)', function () {
  this.timeout(60000);
  let dir = '';
  let seen: Seen;
  let text = '';

  before(() => {
    requireCommand('emacs', 'apt-get install emacs-nox elpa-lsp-mode');
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-mode-'));
    const snippet = readmeSnippet(
      /Emacs .*lsp-mode/,
      `("nhiImaging.language" "${README_LANGUAGE}")`,
      `("nhiImaging.language" "${TEST_SETTINGS.language}") ("nhiImaging.deadlineReferenceTime" "${TEST_SETTINGS.deadlineReferenceTime}")`,
    );
    ({ seen, text } = runEmacsProbe<Seen>(dir, join(__dirname, 'emacs/lsp-mode-probe.el'), snippet));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens the batch in the README's major mode; lsp-mode asks for the folder once and starts the server", () => {
    assert.equal(seen.mode, 'nhi-imaging-csv-mode', 'auto-mode-alist of the README picks the mode from the file name');
    assert.match(seen.rootPrompt ?? '', /Import project root .*\//, 'lsp-mode asked which folder to import');
    assert.equal(seen.managed, true, 'lsp-deferred (the mode hook) turned lsp-mode on');
    assert.deepEqual(seen.server, { name: 'nhi-imaging', status: 'initialized' });
  });

  it('shows the diagnostics of a full validation, in the language of the settings lsp-mode answers', () => {
    assert.equal(seen.settled, true, 'English diagnostics arrived within 30 s');
    assertDiagnostics(seen.diagnostics, expectedFindings(text));
    const at = (line: number, code: string): Received | undefined => seen.diagnostics.received.find((d) => d.range.start.line === line && d.code === code);
    assert.deepEqual(at(DEFECTS.id.line, 'F08-pattern')?.range, { start: { line: 1, character: 44 }, end: { line: 1, character: 53 } }, 'the short national ID');
    const date = at(DEFECTS.examTime.line, 'F12-format');
    assert.deepEqual(date?.range, { start: { line: 2, character: 72 }, end: { line: 2, character: 84 } }, 'the Gregorian exam time');
    assert.match(date?.message ?? '', /^exam time \(field 12\) 202611250950 is not a ROC date/);
  });

  it('hovers with the field in Markdown, shown without its markup; completes with the codes the core offers', () => {
    assertHover(text, seen.hover, seen.hoverText);
    assert.equal(seen.hover?.contents.kind, 'markdown', 'lsp-mode declares Markdown first');
    assertCompletion(text, seen.completion, seen.capf);
  });

  it('offers the quick fix at the defect; applied by lsp-mode, the diagnostics follow the edit', () => {
    assertExamTimeActions(text, seen.actions);
    const fixed = withExamTimeFixed(text);
    assert.ok(seen.afterFix, 'lsp-mode applied the preferred quick fix');
    assert.equal(seen.afterFix.text, fixed);
    assert.equal(seen.afterFix.publishedVersion, seen.afterFix.version, 'diagnostics were published for the edited version');
    assert.equal(seen.afterFix.fixed, true, 'the F12-format diagnostic went away after the edit');
    assertDiagnostics(seen.afterFix.diagnostics, expectedFindings(fixed));
  });

  it('applies source.fixAll from the code actions: the text of a full fix-all, and its diagnostics', () => {
    const fixed = withExamTimeFixed(text);
    const all = expectedAfterFixAll(fixed);
    assert.notEqual(all, fixed, 'the sample has more to fix');
    assert.match(seen.fixAllAction?.title ?? '', /^Fix all auto-fixable problems \(\d+ in this file\)$/);
    assert.ok(seen.afterFixAll, 'lsp-mode applied the fix-all action');
    assert.equal(seen.afterFixAll.text, all);
    assert.equal(seen.afterFixAll.publishedVersion, seen.afterFixAll.version, 'diagnostics were published for the edited version');
    assertDiagnostics(seen.afterFixAll.diagnostics, expectedFindings(all));
  });

  it('logs no warning or protocol error in lsp-mode, and answers shutdown before lsp-mode sends exit', () => {
    assert.equal(seen.warnings, '', 'lsp-mode showed no warning (it shows one for each message it does not know)');
    assert.doesNotMatch(seen.log, /error|unknown|unsupported/i, '*lsp-log*');
    assert.doesNotMatch(seen.io, /"error":/, 'no error response either way');
    assert.match(seen.io, /Received response 'shutdown - \(\d+\)' in \d+ms\.\nResult: null\n[\s\S]*Sending notification 'exit'/);
  });
});
