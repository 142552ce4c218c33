/**
 * Another LSP client than VS Code: Neovim (Debian's neovim, its built-in LSP client, headless) starts
 * `node dist/server.js --stdio` on the sample batch with two defects added, and reports what it saw.
 * Neovim announces neither pull diagnostics nor workspace/configuration: the server must push
 * diagnostics and take the settings from didChangeConfiguration.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedFindings, NOW, PROBE, requireCommand, ROOT, writeSampleWithDefects } from './lsp-client-helpers';

interface Seen {
  settled: boolean;
  diagnostics: { line: number; col: number; end_col: number; severity: number; code: string; message: string }[];
  hover: { contents: { value: string } };
  signature: { activeParameter: number; signatures: { label: string; parameters: { label: string | [number, number] }[] }[] };
  completion: { items: { label: string }[] } | { label: string }[];
  actions: { title: string; edit?: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }[];
}

describe('Neovim as the LSP client (headless nvim, stdio)', function () {
  this.timeout(120000);
  let dir = '';
  let seen: Seen;
  let text = '';

  before(() => {
    requireCommand('nvim', 'apt-get install neovim');
    dir = mkdtempSync(join(tmpdir(), 'nhi-nvim-'));
    const sample = writeSampleWithDefects(dir);
    text = sample.text;
    const out = join(dir, 'seen.json');
    execFileSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(__dirname, 'neovim/probe.lua')}`], {
      env: {
        ...process.env, PROBE_NODE: process.execPath, PROBE_SERVER: join(ROOT, 'dist/server.js'), PROBE_FILE: sample.file, PROBE_OUT: out,
        PROBE_NOW: NOW, PROBE_LINE: String(PROBE.line), PROBE_CHAR: String(PROBE.hoverChar),
        PROBE_COMPLETE_CHAR: String(PROBE.completeChar), PROBE_FIX_LINE: String(PROBE.fixLine),
      },
      stdio: 'pipe',
      timeout: 100000,
    });
    seen = JSON.parse(readFileSync(out, 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the diagnostics of a full validation, in the language of the pushed settings', () => {
    assert.equal(seen.settled, true, 'English diagnostics arrived');
    const expected = expectedFindings(text).map((f) => `${f.range.start.line} ${f.ruleId} ${f.message.en}`).sort();
    assert.deepEqual(seen.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`).sort(), expected);
    const id = seen.diagnostics.find((d) => d.code === 'F08-pattern');
    assert.deepEqual(id && [id.line, id.col, id.end_col, id.severity], [1, 44, 53, 1]);
    const date = seen.diagnostics.find((d) => d.code === 'F12-format' && d.line === 2);
    assert.deepEqual(date && [date.col, date.end_col, date.severity], [72, 84, 1]);
  });

  it('answers hover, signature help, completion and the quick fix Neovim asks for', () => {
    assert.match(seen.hover.contents.value, /^\*\*Field 8 national ID/);
    assert.equal(seen.signature.activeParameter, 7);
    const { label, parameters } = seen.signature.signatures[0];
    const active = parameters[7].label;
    assert.equal(typeof active === 'string' ? active : label.slice(...active), '8 national ID');
    const items = Array.isArray(seen.completion) ? seen.completion : seen.completion.items;
    assert.ok(items.some((i) => i.label === '12'), 'care categories in field 2');
    const edits = seen.actions.flatMap((a) => Object.values(a.edit?.changes ?? {}).flat());
    assert.ok(
      edits.some((e) => e.newText === '11511250950' && e.range.start.line === 2 && e.range.start.character === 72 && e.range.end.character === 84),
      JSON.stringify(seen.actions),
    );
  });
});
