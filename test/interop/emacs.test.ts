/**
 * Another LSP client than VS Code: Emacs with eglot (Debian's emacs-nox 28 and elpa-eglot 1.9,
 * `emacs --batch -Q`). Emacs loads the README's Emacs snippet as it stands (only its settings set to
 * English and a fixed deadline reference time), opens the sample batch with two defects added, and
 * eglot starts `nhi-imaging lsp --stdio` (a wrapper of dist/cli.js first on PATH). Eglot announces
 * workspace/configuration but not pull diagnostics: the server pulls the settings and pushes
 * diagnostics, which eglot hands to flymake. test/interop/emacs/probe.el writes what Emacs saw.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixAllTitle } from '../../server/src/core/fixKinds';
import type { Finding } from '../../server/src/core/types';
import { DEFECTS, expectedCompletions, expectedFindings, expectedHeading, NOW, PROBE, requireCommand, ROOT, writeSampleWithDefects } from './lsp-client-helpers';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
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
  hoverText: string | null;
  completion: { label: string }[] | { items: { label: string }[] } | null;
  capf: string[] | null;
  actions: { title: string; kind?: string; isPreferred?: boolean; edit?: { changes: Record<string, { range: Range; newText: string }[]> } }[];
  fixedLine: string;
  fixed: boolean;
  version: number;
  publishedVersion: number | null;
  afterFix: Shown[];
  textAfterFix: string;
  exit: number | string;
}

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;
/** The flymake type eglot 1.9 gives an LSP severity (eglot--diag-type). */
const FLYMAKE_TYPE: Record<number, string> = { 1: 'eglot-error', 2: 'eglot-warning', 3: 'eglot-note', 4: 'eglot-note' };

/** A diagnostic as flymake holds it, reduced to what is compared, as one sortable line. */
function shown(d: Shown): string {
  const { start, end } = d.range;
  return JSON.stringify([start.line, start.character, end.line, end.character, d.code, d.severity, d.type, d.text, d.message]);
}

/**
 * Flymake marks the diagnostic's range; an empty one (an empty cell) eglot 1.9 widens through
 * flymake-diag-region, to which it passes the 0-based character as a 1-based column: the character
 * before the range is marked (the comma in front of the empty cell).
 */
function assertMarked(diagnostics: Shown[]): void {
  for (const d of diagnostics) {
    const { start, end } = d.range;
    const empty = start.line === end.line && start.character === end.character;
    const want = empty && start.character > 0 ? { start: { ...start, character: start.character - 1 }, end } : { start, end };
    if (!empty || start.character > 0) assert.deepEqual({ start: d.start, end: d.end }, want, `flymake's region of ${d.code} ${JSON.stringify(d.range)}`);
  }
}
/** What eglot shows for a finding of the core: its range, the flymake type, "source [code]: message". */
function expected(f: Finding): string {
  const severity = SEVERITY[f.severity];
  const { start, end } = f.range;
  return JSON.stringify([start.line, start.character, end.line, end.character, f.ruleId, severity, FLYMAKE_TYPE[severity], `nhi-imaging [${f.ruleId}]: ${f.message.en}`, f.message.en]);
}

/** The README's Emacs (eglot) snippet, its settings changed to English and the fixed reference time. */
function readmeSnippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /^Emacs .*eglot.*:\n+```elisp\n([\s\S]*?)\n```/m.exec(readme);
  assert.ok(block, 'README.md has an "Emacs with eglot …:" line followed by an ```elisp block');
  const settings = '(:nhiImaging (:language "zh-TW"))';
  assert.ok(block[1].includes(settings), `the README's Emacs snippet sets eglot-workspace-configuration to '${settings}'`);
  return block[1].replace(settings, `(:nhiImaging (:language "en" :deadlineReferenceTime "${NOW}"))`);
}

describe('Emacs (eglot) as the LSP client (emacs --batch, stdio)', function () {
  this.timeout(60000);
  let dir = '';
  let seen: Seen;
  let text = '';
  let file = '';

  before(() => {
    requireCommand('emacs', 'apt-get install emacs-nox elpa-eglot');
    const cli = join(ROOT, 'dist/cli.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'nhi-emacs-'));
    ({ file, text } = writeSampleWithDefects(dir));
    // The README's command, `nhi-imaging lsp --stdio`, is the package's bin: here, this build's.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    mkdirSync(join(dir, 'home'));
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(join(bin, 'nhi-imaging'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(cli)} "$@"\n`);
    chmodSync(join(bin, 'nhi-imaging'), 0o755);
    const snippet = join(dir, 'init-snippet.el');
    writeFileSync(snippet, readmeSnippet());
    const out = join(dir, 'seen.json');
    try {
      execFileSync('emacs', ['--batch', '-Q', '-l', join(__dirname, 'emacs/probe.el')], {
        env: {
          ...process.env, HOME: join(dir, 'home'), PATH: `${bin}:${process.env.PATH ?? ''}`,
          PROBE_HOME: join(dir, 'home'), PROBE_SNIPPET: snippet, PROBE_FILE: file, PROBE_OUT: out, PROBE_TIMEOUT: '30',
          PROBE_LINE: String(PROBE.line), PROBE_CHAR: String(PROBE.hoverChar), PROBE_COMPLETE_CHAR: String(PROBE.completeChar),
          PROBE_FIX_LINE: String(PROBE.fixLine), PROBE_FIX_CODE: 'F12-format',
        },
        stdio: 'pipe',
        timeout: 50000,
      });
    } catch (e) {
      const err = e as { status?: number | null; signal?: string | null; stderr?: Buffer };
      throw new Error(`emacs --batch (probe.el) failed (exit ${err.status ?? err.signal}):\n${err.stderr?.toString() ?? String(e)}`);
    }
    seen = JSON.parse(readFileSync(out, 'utf8'));
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
    assert.ok(seen.hover && seen.hoverText, 'a hover on field 8');
    // Eglot without markdown-mode (none here) declares hover contentFormat ["plaintext"]: the server
    // answers plain text, no Markdown for eglot to show as it came. The first line names the field.
    assert.equal(seen.hover.contents.kind, 'plaintext');
    assert.equal(seen.hoverText.split('\n')[0], expectedHeading(text, PROBE.line, PROBE.hoverChar));
    assert.doesNotMatch(seen.hoverText, /\*\*|`|\\/, 'no Markdown bold, code or escapes');
    assert.deepEqual(seen.hover.range, { start: { line: 1, character: 44 }, end: { line: 1, character: 53 } });
    const labels = expectedCompletions(text, PROBE.line, PROBE.completeChar);
    assert.ok(labels.includes('12'), 'the core offers care categories in field 2');
    const items = Array.isArray(seen.completion) ? seen.completion : (seen.completion?.items ?? []);
    assert.deepEqual(items.map((i) => i.label), labels);
    assert.deepEqual([...(seen.capf ?? [])].sort(), [...labels].sort(), "eglot's completion-at-point offers them");
  });

  it('offers the quick fix for the defect; applied by eglot, the diagnostics follow the edit', () => {
    const fix = seen.actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    const edits = Object.values(fix?.edit?.changes ?? {}).flat();
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]),
      [[DEFECTS.examTime.line, 72, DEFECTS.examTime.line, 84, '11511250950']],
      JSON.stringify(seen.actions),
    );
    // The Gregorian dates of the sample (the exam time, a birth date) are fixed all at once by an
    // action that names the kind, not the value of the fix on this line.
    const gregorian = expectedFindings(text).filter((f) => f.fixes?.some((x) => x.kind === 'roc-date')).length;
    assert.ok(gregorian >= 2, 'the sample has more than one Gregorian date');
    assert.ok(seen.actions.some((a) => a.kind === 'quickfix' && a.title === fixAllTitle('roc-date', gregorian).en), JSON.stringify(seen.actions.map((a) => a.title)));
    const lines = text.split('\n');
    lines[DEFECTS.examTime.line] = lines[DEFECTS.examTime.line].replace(DEFECTS.examTime.to, DEFECTS.examTime.from);
    const fixed = lines.join('\n');
    assert.equal(seen.fixedLine, lines[DEFECTS.examTime.line]);
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
