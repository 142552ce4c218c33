/**
 * Another LSP client than VS Code: Vim with ALE (Debian's vim 9.0 and vim-ale 3.3, `vim -es`). The
 * README's Vim snippet is Vim's vimrc as it stands (only its settings set to English and a fixed
 * deadline reference time); ALE starts `nhi-imaging lsp --stdio` (a wrapper of dist/cli.js first on
 * PATH, which also keeps what ALE sends) for the sample batch with two defects added.
 * ALE is its own client: it declares neither workspace/configuration nor pull diagnostics (it sends
 * the settings once with didChangeConfiguration), asks for plain-text hovers, sends each change as the
 * whole text, asks for code actions on the word under the cursor without the diagnostics there, applies
 * a code action's edit itself, asks for references without includeDeclaration, and never sends
 * shutdown or exit (it stops the job when Vim quits).
 * test/interop/vim-ale/probe.vim writes what Vim saw.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/core/types';
import { assertExamTimeActions, type Action } from './emacs/run';
import {
  DEFECTS, expectedCompletions, expectedFindings, expectedHeading, PROBE, PROBE_ENV, readmeSnippet, README_LANGUAGE,
  requireCommand, TEST_SETTINGS, withExamTimeFixed, writeCliOnPath, writeSampleWithDefects,
} from './lsp-client-helpers';

/** A diagnostic as ALE holds it (ale#engine#GetLoclist): 1-based lines and columns, end_col inclusive. */
interface AleItem { lnum: number; col: number; end_lnum: number; end_col: number; type: string; code: string; text: string }
interface Seen {
  filetype: string;
  omnifunc: string;
  settled: number;
  diagnostics: AleItem[];
  loclist: number;
  hover: string[] | null;
  completion: string[];
  fixable: { code: string; lnum: number; fixes: string[][] | null }[];
  actions: Action[] | null;
  applied: number;
  fixedLine: string;
  textAfterFix: string;
  fixed: number;
  afterFix: AleItem[];
  idFixed: number;
  references: [number, number][];
  errmsg: string;
  error?: string;
}
interface Message { id?: number; method: string; params: Record<string, unknown> }

/** What ALE makes of a finding of the core (ale#lsp#response#ReadDiagnostics), as one sortable line. */
function expected(f: Finding): string {
  const { start, end } = f.range;
  const item: AleItem = {
    lnum: start.line + 1, col: start.character + 1, end_lnum: end.line + 1, end_col: end.character,
    type: f.severity === 'error' ? 'E' : 'W', code: f.ruleId, text: f.message.en.replace(/\r\n|\n|\r/g, ' '),
  };
  return shown(item);
}
function shown(d: AleItem): string {
  return JSON.stringify([d.lnum, d.col, d.end_lnum, d.end_col, d.type, d.code, d.text]);
}

/** The JSON-RPC messages in what the client wrote to the server (Content-Length framed). */
function messages(log: string): Message[] {
  const out: Message[] = [];
  const bytes = Buffer.from(log, 'utf8');
  let at = 0;
  while (at < bytes.length) {
    const headerEnd = bytes.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) break;
    const length = Number(/Content-Length: (\d+)/i.exec(bytes.subarray(at, headerEnd).toString('latin1'))?.[1]);
    out.push(JSON.parse(bytes.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message);
    at = headerEnd + 4 + length;
  }
  return out;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Vim with ALE as the LSP client (vim -es, stdio)', function () {
  this.timeout(60000);
  let dir = '';
  let seen: Seen;
  let text = '';
  let sent: Message[] = [];
  let serverPid = 0;
  let serverEnded = false;

  before(async () => {
    requireCommand('vim', 'apt-get install vim vim-ale');
    dir = mkdtempSync(join(tmpdir(), 'nhi-vim-ale-'));
    const snippet = readmeSnippet(
      /Vim .*ALE/,
      `{'nhiImaging': {'language': '${README_LANGUAGE}'}}`,
      `{'nhiImaging': {'language': '${TEST_SETTINGS.language}', 'deadlineReferenceTime': '${TEST_SETTINGS.deadlineReferenceTime}'}}`,
      'vim',
    );
    const vimrc = join(dir, 'vimrc');
    writeFileSync(vimrc, snippet);
    const sample = writeSampleWithDefects(dir);
    text = sample.text;
    const input = join(dir, 'sent.jsonrpc');
    const bin = writeCliOnPath(dir, input);
    const out = join(dir, 'seen.json');
    const fixable = expectedFindings(text).filter((f) => f.fixes?.length).map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.ruleId]);
    try {
      execFileSync('vim', ['-Nu', vimrc, '-i', 'NONE', '-es', '-c', `source ${join(__dirname, 'vim-ale/probe.vim')}`], {
        env: { ...process.env, HOME: dir, PATH: `${bin}:${process.env.PATH ?? ''}`, PROBE_FILE: sample.file, PROBE_OUT: out, PROBE_TIMEOUT: '30', PROBE_FIXABLE: JSON.stringify(fixable),
          PROBE_ID_BAD: DEFECTS.id.to, PROBE_ID_GOOD: DEFECTS.id.from, ...PROBE_ENV,
        },
        stdio: 'pipe',
        timeout: 50000,
      });
    } catch (e) {
      // vim -es exits 1 after any error message; the probe reports the last one as errmsg.
      const err = e as { status?: number | null };
      if (err.status !== 1) throw e;
    }
    seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    if (seen.error) throw new Error(seen.error);
    sent = messages(readFileSync(input, 'utf8'));
    serverPid = Number(readFileSync(`${input}.pid`, 'utf8'));
    for (let i = 0; i < 100 && running(serverPid); i++) await new Promise((r) => setTimeout(r, 50));
    serverEnded = !running(serverPid);
  });
  after(() => {
    if (serverPid && running(serverPid)) process.kill(serverPid);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gives the batch the README's filetype, ALE's omnifunc and no error", () => {
    assert.equal(seen.filetype, 'nhi-imaging-csv');
    assert.equal(seen.omnifunc, 'ale#completion#OmniFunc');
    assert.equal(seen.errmsg, '');
  });

  it('shows in ALE the diagnostics of a full validation, in the language of the settings', () => {
    assert.equal(seen.settled, 1, 'English diagnostics arrived within 30 s');
    assert.deepEqual(seen.diagnostics.map(shown).sort(), expectedFindings(text).map(expected).sort());
    assert.equal(seen.loclist, seen.diagnostics.length, "ALE filled the window's location list");
    const at = (line: number, code: string): AleItem | undefined => seen.diagnostics.find((d) => d.lnum === line + 1 && d.code === code);
    const id = at(DEFECTS.id.line, 'F08-pattern');
    assert.deepEqual(id && [id.col, id.end_col, id.type], [45, 53, 'E'], 'the short national ID');
    const date = at(DEFECTS.examTime.line, 'F12-format');
    assert.deepEqual(date && [date.col, date.end_col, date.type], [73, 84, 'E'], 'the Gregorian exam time');
  });

  it('hovers with the field in plain text, completes with the codes the core offers', () => {
    assert.ok(seen.hover, ':ALEHover showed a preview');
    assert.equal(seen.hover[0], expectedHeading(text, PROBE.line, PROBE.hoverChar));
    assert.doesNotMatch(seen.hover.join('\n'), /\*\*|`|\\/, 'no Markdown bold, code or escapes shown');
    const labels = expectedCompletions(text, PROBE.line, PROBE.completeChar);
    assert.ok(labels.includes('12'), 'the core offers care categories in field 2');
    assert.deepEqual([...seen.completion].sort(), [...labels].sort());
  });

  it('offers each finding with a fix its quick fix where :ALENext puts the cursor', () => {
    const fixable = expectedFindings(text).filter((f) => f.fixes?.length);
    assert.ok(fixable.length >= 5, 'the sample has findings with fixes');
    assert.deepEqual(seen.fixable.map((f) => `${f.lnum} ${f.code}`), fixable.map((f) => `${f.range.start.line + 1} ${f.ruleId}`));
    for (const f of seen.fixable) assert.ok(f.fixes?.some((codes) => codes.includes(f.code)), JSON.stringify(f));
  });

  it('offers the quick fix for the word under the cursor; applied by ALE, the diagnostics follow the edit', () => {
    assert.ok(seen.actions, ':ALECodeAction got an answer');
    assertExamTimeActions(text, seen.actions);
    const asked = sent.filter((m) => m.method === 'textDocument/codeAction').at(-1);
    assert.deepEqual(asked?.params.range, { start: { line: 2, character: 72 }, end: { line: 2, character: 84 } }, 'the word under the cursor');
    assert.deepEqual(asked?.params.context, { diagnostics: [] }, 'ALE sends no diagnostics for a range');
    const fixed = withExamTimeFixed(text);
    assert.equal(seen.applied, 1);
    assert.equal(seen.fixedLine, fixed.split('\n')[DEFECTS.examTime.line]);
    assert.equal(seen.textAfterFix, fixed);
    assert.equal(seen.fixed, 1, 'the F12-format diagnostic went away after the edit');
    assert.deepEqual(seen.afterFix.map(shown).sort(), expectedFindings(fixed).map(expected).sort());
  });

  it('lists the other row of the visit for :ALEFindReferences once the national ID is corrected', () => {
    assert.equal(seen.idFixed, 1, 'the F08-pattern diagnostic went away');
    // Rows 2 and 3 are one visit; ALE asks without includeDeclaration, so row 2 itself is left out.
    assert.deepEqual(seen.references, [[DEFECTS.examTime.line + 1, PROBE.hoverChar]]);
  });

  it('is sent what ALE sends: the settings once, whole texts, no shutdown; the server ends when Vim quits', () => {
    const methods = sent.map((m) => m.method);
    for (const m of ['initialize', 'initialized', 'workspace/didChangeConfiguration', 'textDocument/didOpen', 'textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/didChange']) {
      assert.ok(methods.includes(m), `${m} in ${methods.join(' ')}`);
    }
    assert.equal(methods.filter((m) => m === 'workspace/didChangeConfiguration').length, 1);
    const init = sent.find((m) => m.method === 'initialize')?.params as { capabilities: { workspace: { configuration: boolean } } };
    assert.equal(init.capabilities.workspace.configuration, false);
    const changes = sent.filter((m) => m.method === 'textDocument/didChange').map((m) => m.params.contentChanges as { text: string; range?: unknown }[]);
    assert.ok(changes.every((c) => c.length === 1 && !('range' in c[0])), 'each change is the whole text, with no range');
    assert.ok(changes.some((c) => c[0].text === seen.textAfterFix), 'the text after the quick fix was sent');
    assert.ok(!methods.includes('shutdown') && !methods.includes('exit'), methods.join(' '));
    assert.equal(serverEnded, true, 'the server ended within 5 s of Vim quitting');
  });
});
