/**
 * A row over 64 KiB in an open document, as the command line's stream treats it: one FILE-row-too-long finding, no
 * field checks, nothing the features read from cells; edits that take it under the bound, or a row over it, are
 * checked as a full validation checks the text.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, InlayHint, SelectionRange } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';
import { diagnosticKeys, expectedKeys, NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validLine } from '../fixtures/rows';
import { DEFAULT_MAX_ROW_LENGTH } from '../../server/src/core/csv/model';
import { PARALLEL_MIN_ROWS } from '../../server/src/lsp/csvDocument';

const URI = `file:///batches/too-long/${FIXTURE_FILE_NAME}`;
/** Five million fields, ten million characters: one line. */
const HUGE = 'a,'.repeat(5_000_000);

describe('language server over stdio: rows over 64 KiB', function () {
  this.timeout(60000);
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO, maxDiagnostics: 100000 } });
  });
  after(async () => client?.stop());
  afterEach(async () => client.close(URI));

  async function diagnostics(): Promise<ReturnType<typeof diagnosticKeys>> {
    return diagnosticKeys((await client.pull(URI)).items ?? []);
  }

  it('reports the row once, over its line, and checks the rows around it', async () => {
    const text = `${validLine(0)}\n${HUGE}\n${validLine(1).replace(/^3501200000/, '35012')}\n`;
    await client.open(URI, text);
    const found = await diagnostics();
    const onLong = found.filter((k) => k.range.startsWith('1:'));
    assert.deepEqual(onLong.map((k) => [k.code, k.range]), [['FILE-row-too-long', `1:0-1:${HUGE.length}`]]);
    assert.equal(onLong[0].message, `Line 2 is ${HUGE.length} characters long, over the limit of ${DEFAULT_MAX_ROW_LENGTH}; a row of Table 2 is at most 166 characters. The row was skipped.`);
    assert.ok(found.some((k) => k.range.startsWith('2:') && k.code.startsWith('F01')), 'the row after it is checked');
    assert.deepEqual(found, expectedKeys(text));
  });

  it('reports such rows in a document large enough to share its rows with the worker thread, in both shares', async () => {
    const lines = Array.from({ length: PARALLEL_MIN_ROWS + 100 }, (_, i) => validLine(i));
    for (const at of [10, PARALLEL_MIN_ROWS]) lines[at] = `"""${'x,'.repeat(DEFAULT_MAX_ROW_LENGTH)}`;
    const text = lines.join('\n') + '\n';
    await client.open(URI, text);
    const found = await diagnostics();
    assert.deepEqual(found.filter((k) => k.code === 'FILE-row-too-long').map((k) => k.range.split(':')[0]), ['10', String(PARALLEL_MIN_ROWS)]);
    assert.deepEqual(found, expectedKeys(text));
  });

  it('answers nothing from the cells of such a row: hover, completion, inlay hints, symbols, selection, code actions', async () => {
    const text = `${validLine(0)}\n${HUGE}\n`;
    await client.open(URI, text);
    const position = { line: 1, character: 4_000_001 };
    const ask = <T>(method: string, params: object) => client.request<T>(method, { textDocument: { uri: URI }, ...params });
    assert.equal(await ask<Hover | null>('textDocument/hover', { position }), null);
    assert.deepEqual(await ask<CompletionItem[]>('textDocument/completion', { position }), []);
    const hints = await ask<InlayHint[]>('textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } });
    assert.ok(hints.length > 0 && hints.every((h) => h.position.line === 0), JSON.stringify(hints));
    const symbols = await ask<DocumentSymbol[]>('textDocument/documentSymbol', {});
    assert.equal(symbols[1].name, 'row 2');
    const [selection] = await ask<SelectionRange[]>('textDocument/selectionRange', { positions: [position] });
    assert.deepEqual(selection.range, { start: { line: 1, character: 0 }, end: { line: 1, character: HUGE.length } });
    const [too] = (await client.pull(URI)).items!.filter((d) => d.code === 'FILE-row-too-long');
    const actions = await ask<CodeAction[]>('textDocument/codeAction', { range: too.range, context: { diagnostics: [too] } });
    assert.ok(actions.every((a) => a.kind?.startsWith('source')), JSON.stringify(actions.map((a) => a.title)));
  });

  it('checks a row again once an edit takes it under the bound, and skips one an edit takes over it', async () => {
    // Row 2 with field 16 made one character longer than the bound allows the row.
    const long = validLine(1).replace(/,[^,]*$/, (last) => `,${'x'.repeat(DEFAULT_MAX_ROW_LENGTH - validLine(1).length)}${last}`);
    assert.equal(long.length, DEFAULT_MAX_ROW_LENGTH + 1);
    const text = `${validLine(0)}\n${long}\n${validLine(2)}\n`;
    await client.open(URI, text);
    let shadow = text;
    const edit = async (line: number, from: number, to: number, insert: string) => {
      const range = { start: { line, character: from }, end: { line, character: to } };
      await client.change(URI, [{ range, text: insert }]);
      const lines = shadow.split('\n');
      lines[line] = lines[line].slice(0, from) + insert + lines[line].slice(to);
      shadow = lines.join('\n');
      return diagnostics();
    };
    // Errors and warnings: a valid row has its deadline noted.
    const codesOn = (keys: ReturnType<typeof diagnosticKeys>, line: number) => keys.filter((k) => k.range.startsWith(`${line}:`) && k.severity <= 2).map((k) => k.code);
    assert.deepEqual(codesOn(await diagnostics(), 1), ['FILE-row-too-long']);
    // Shrunk to the bound: checked field by field (field 16 far too long).
    const at = long.lastIndexOf(',') - 1;
    let found = await edit(1, at, at + 1, '');
    assert.ok(!codesOn(found, 1).includes('FILE-row-too-long') && codesOn(found, 1).length > 0, codesOn(found, 1).join());
    assert.deepEqual(found, expectedKeys(shadow));
    // One character more: skipped again.
    found = await edit(1, at, at, 'x');
    assert.deepEqual(codesOn(found, 1), ['FILE-row-too-long']);
    assert.deepEqual(found, expectedKeys(shadow));
    // A valid row grown over the bound; the long one cut back to a valid row.
    found = await edit(2, 0, 0, 'y'.repeat(DEFAULT_MAX_ROW_LENGTH));
    found = await edit(1, 0, long.length, validLine(1));
    assert.deepEqual([codesOn(found, 1), codesOn(found, 2)], [[], ['FILE-row-too-long']]);
    assert.deepEqual(found, expectedKeys(shadow));
  });

  it('opens and edits a line of five million fields quickly', async () => {
    const started = performance.now();
    await client.open(URI, HUGE);
    assert.deepEqual((await diagnostics()).map((k) => k.code).sort(), ['FILE-empty', 'FILE-row-too-long']);
    await client.change(URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'Z' }]);
    assert.equal((await diagnostics()).length, 2);
    // Splitting the line's cells took seconds per read (6.5 s to open, again on each edit).
    assert.ok(performance.now() - started < 5000, `${Math.round(performance.now() - started)} ms`);
  });
});
