/**
 * source.fixAll asked of the server over stdio, as an editor's fix-on-save does: its edit, applied as the
 * editor applies it, leaves nothing for a second run.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { withClient, type LspClient } from './harness';
import { withRawClient } from './rawClient';
import { diagnosticKeys, expectedKeys, NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validLine, validRow } from '../fixtures/rows';
import { applyEdits } from '../unit/core/edits';

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
const HEADER = 'hospital,category,ym,swipe,visit_type,visit_serial,card_flag,id,birth,order_code,serial,exam,site,archive,nb_birth,nb_mark,received';

/** The deletion of the lines from `startLine` up to `endLine`. */
function deletion(startLine: number, endLine: number): TextEdit {
  return { range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 } }, newText: '' };
}

async function fixAll(client: LspClient, uri: string): Promise<TextEdit[]> {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: WHOLE, context: { diagnostics: [], only: ['source.fixAll'] } });
  return actions.find((a) => a.kind === 'source.fixAll')?.edit?.changes?.[uri] ?? [];
}

/** Runs source.fixAll once on `text`, applies its edits as didChange, and returns the text and the second run's edits. */
async function runTwice(client: LspClient, name: string, text: string): Promise<{ once: string; again: TextEdit[] }> {
  const uri = `file:///batches/${name}/${FIXTURE_FILE_NAME}`;
  await client.open(uri, text);
  const edits = await fixAll(client, uri);
  const once = applyEdits(text, edits);
  const last = (e: TextEdit) => e.range.start.line * 1e6 + e.range.start.character;
  await client.change(uri, [...edits].sort((a, b) => last(b) - last(a)).map((e) => ({ range: e.range, text: e.newText })));
  return { once, again: await fixAll(client, uri) };
}

describe('language server over stdio: source.fixAll converges in one run', function () {
  it('a row separated by tabs whose values need fixes, and a header row below a leading empty row', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO } }, async (client) => {
      const messy = validRow(0);
      messy[8] = String(Number(messy[8].slice(0, 3)) + 1911) + messy[8].slice(3); // Gregorian birth date
      messy[9] = messy[9].toLowerCase();
      const tabs = await runTwice(client, 'tabs', messy.join('\t') + '\n' + validLine(1) + '\n');
      assert.equal(tabs.once, validLine(0) + '\n' + validLine(1) + '\n');
      assert.deepEqual(tabs.again, []);

      const header = await runTwice(client, 'header', ',,,,,,,,,,,,,,,,\r\n' + HEADER + '\r\n' + validLine(0) + '\r\n');
      assert.equal(header.once, validLine(0) + '\r\n');
      assert.deepEqual(header.again, []);
    });
  });

  it('a header row or a query tool\'s lines at the top, with blank lines below them: deleted with those blank lines, so that the file starts with its first row', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO } }, async (client) => {
      const dashes = HEADER.replace(/[^,]/g, '-');
      const rows = validLine(0) + '\r\n\r\n' + validLine(1) + '\r\n';
      for (const [name, top, edits] of [
        ['header', `${HEADER}\r\n\r\n`, [deletion(0, 2)]],
        ['blank-header', `\r\n${HEADER}\r\n\r\n\r\n`, [deletion(0, 4)]],
        ['header-dashes', `${HEADER}\r\n\r\n${dashes}\r\n\r\n`, [deletion(0, 4)]],
      ] as const) {
        const uri = `file:///batches/top-${name}/${FIXTURE_FILE_NAME}`;
        await client.open(uri, top + rows);
        assert.deepEqual(await fixAll(client, uri), edits, name);
        assert.equal(applyEdits(top + rows, [...edits]), rows, name);
      }
    });
  });

  it('a quick fix deleting a line takes the blank lines beside it as fix-all does: below a header row at the top, above a row count', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO } }, async (client) => {
      const text = `${HEADER}\r\n\r\n${validLine(0)}\r\n\r\n(1 row affected)\r\n`;
      const uri = `file:///batches/quick-fix-lines/${FIXTURE_FILE_NAME}`;
      await client.open(uri, text);
      const quickFix = async (line: number, code: string): Promise<TextEdit[] | undefined> => {
        const range = { start: { line, character: 0 }, end: { line, character: 0 } };
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'] } });
        return actions.find((a) => a.diagnostics?.[0]?.code === code)?.edit?.changes?.[uri];
      };
      assert.deepEqual(await quickFix(0, 'FILE-header'), [deletion(0, 2)]);
      assert.deepEqual(await quickFix(4, 'ROW-row-count'), [deletion(3, 5)]);
    });
  });

  it('an end-of-file mark counts as no data row, as in the core: the tab-separated file is said to be one before the mark is removed', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO } }, async (client) => {
      const text = validRow(0).join('\t') + '\n' + validRow(1).join('\t') + '\n\u001a';
      const uri = `file:///batches/eof/${FIXTURE_FILE_NAME}`;
      await client.open(uri, text);
      assert.deepEqual(diagnosticKeys((await client.pull(uri)).items!), expectedKeys(text));
      assert.ok(expectedKeys(text).some((k) => k.code === 'FILE-separator'));
    });
  });

  it('offered when asked for or when the user opens the menu, not when the editor asks on its own for no kind (the cursor moved)', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO } }, async (client) => {
      const uri = `file:///batches/trigger/${FIXTURE_FILE_NAME}`;
      await client.open(uri, validLine(0).toLowerCase() + '\n');
      const kinds = async (context: object) =>
        (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: WHOLE, context: { diagnostics: [], ...context } })).map((a) => a.kind);
      assert.ok((await kinds({})).includes('source.fixAll'));
      assert.ok((await kinds({ triggerKind: 1 })).includes('source.fixAll'));
      assert.ok((await kinds({ triggerKind: 2, only: ['source.fixAll'] })).includes('source.fixAll'));
      assert.ok(!(await kinds({ triggerKind: 2 })).includes('source.fixAll'));
    });
  });

  it('to a client that resolves edits (VS Code): offered without its edit, which codeAction/resolve makes for the text it was offered for', async () => {
    await withClient({ pull: true, resolvesCodeActionEdits: true, settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } }, async (client) => {
      const uri = `file:///batches/resolve/${FIXTURE_FILE_NAME}`;
      const lower = validRow(0);
      lower[9] = lower[9].toLowerCase();
      const text = lower.join(',') + '\n' + validLine(1) + '\n';
      await client.open(uri, text);
      const offered = async () =>
        (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: WHOLE, context: { diagnostics: [], only: ['source.fixAll'] } }))[0];
      const action = await offered();
      assert.equal(action.title, 'Fix all auto-fixable problems (1 in this file)');
      assert.equal(action.edit, undefined);
      const resolved = await client.request<CodeAction>('codeAction/resolve', action);
      assert.equal(applyEdits(text, resolved.edit!.changes![uri]), validLine(0) + '\n' + validLine(1) + '\n');
      // Edited in between: no edit for a text that is gone.
      await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: ' ' }]);
      assert.equal((await client.request<CodeAction>('codeAction/resolve', action)).edit, undefined);
      assert.equal((await client.request<CodeAction>('codeAction/resolve', await offered())).edit!.changes![uri].length, 2);
      // What another client may send back: answered as it came, without an error.
      for (const odd of [{ title: 'x' }, { title: 'x', data: 'junk' }, { title: 'x', data: { fixAllOf: { uri: 5, version: 'a' } } }, { title: 'x', data: { fixAllOf: { uri: 'file:///nowhere.csv', version: 1 } } }]) {
        assert.deepEqual(await client.request<CodeAction>('codeAction/resolve', odd), odd);
      }
    });
  });

  it('to a client that resolves edits but does not say it keeps the data of an action (dataSupport): offered with its edit', async () => {
    const codeAction = { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, resolveSupport: { properties: ['edit'] } };
    await withRawClient({ capabilities: { textDocument: { codeAction } } }, async (client, init) => {
      const provider = (init.result as { capabilities: { codeActionProvider: { resolveProvider?: boolean } } }).capabilities.codeActionProvider;
      assert.equal(provider.resolveProvider, false);
      const uri = `file:///batches/nodata/${FIXTURE_FILE_NAME}`;
      const lower = validRow(0);
      lower[9] = lower[9].toLowerCase();
      const text = lower.join(',') + '\n';
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
      const actions = (await client.request('textDocument/codeAction', { textDocument: { uri }, range: WHOLE, context: { diagnostics: [], only: ['source.fixAll'] } })).result as CodeAction[];
      assert.equal(actions.length, 1);
      assert.equal(actions[0].data, undefined);
      assert.equal(applyEdits(text, actions[0].edit!.changes![uri]), validLine(0) + '\n');
    });
  });

  it('document formatting gives the edits of source.fixAll, and none once the text is fixed', async () => {
    await withClient({ pull: true, settings: { deadlineReferenceTime: NOW_ISO } }, async (client) => {
      assert.equal(client.initializeResult?.capabilities.documentFormattingProvider, true);
      const messy = validRow(0);
      messy[8] = String(Number(messy[8].slice(0, 3)) + 1911) + messy[8].slice(3);
      messy[4] = ` ${messy[4]}`;
      const uri = `file:///batches/format/${FIXTURE_FILE_NAME}`;
      const text = `${HEADER}\r\n${messy.join(',')}\r\n${validLine(1)}\r\n`;
      await client.open(uri, text);
      const format = () => client.request<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
      const edits = await format();
      assert.deepEqual(edits, await fixAll(client, uri));
      assert.equal(applyEdits(text, edits ?? []), `${validLine(0)}\r\n${validLine(1)}\r\n`);
      await client.change(uri, [{ text: `${validLine(0)}\r\n${validLine(1)}\r\n` }]);
      assert.deepEqual(await format(), []);
    });
  });
});
