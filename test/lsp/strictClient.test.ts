/**
 * The server as a generic, strict LSP client sees it: one that offers other position encodings, declares no
 * capabilities at all, sends positions and URIs at the edges, broken frames and junk parameters, and reads every
 * answer against the LSP 3.17 structures. Raw JSON-RPC over `node dist/server.js --stdio` (rawClient.ts).
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { RawClient, withRawClient, type Message } from './rawClient';
import {
  checkCodeActions,
  checkCompletion,
  checkDiagnostic,
  checkDocumentSymbols,
  checkHover,
  checkInlayHints,
  linesOf,
  type Lines,
} from './lspShapes';
import { diagnosticKeys, expectedKeys, NOW_ISO, URI } from './expected';
import { validLine, validRow } from '../fixtures/rows';

/** Settings pushed in didChangeConfiguration, the way a client without workspace/configuration gives them. */
const SETTINGS = { nhiImaging: { deadlineReferenceTime: NOW_ISO, language: 'en' } };
const WIDE = '中文𠀋';
/** A client that takes code actions as commands only, which the server carries out by workspace/applyEdit. */
const COMMANDS_ONLY = { workspace: { applyEdit: true } };
const LITERALS = { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } };

/** Row 1 with Chinese and a character outside the BMP in its ID (field 8), then a Gregorian birth date (field 9, with a fix). */
function wideRow(): string {
  const row = validRow(1);
  row[7] = WIDE;
  row[8] = '19310202';
  return row.join(',');
}

const TEXT = `${validLine(0)}\n${wideRow()}\n${validLine(2)}\n`;

/** The UTF-16 range of field `field` (1-based) on `line`. */
function cellRange(lines: Lines, line: number, field: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const cells = lines[line].split(',');
  const start = cells.slice(0, field - 1).reduce((n, c) => n + c.length + 1, 0);
  return { start: { line, character: start }, end: { line, character: start + cells[field - 1].length } };
}

function open(client: RawClient, text: string, uri = URI, version = 1): void {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version, text } });
}

async function diagnosticsOf(client: RawClient, uri: string, version: number): Promise<Diagnostic[]> {
  return ((await client.published(uri, version)).params as { diagnostics: Diagnostic[] }).diagnostics;
}

function result(message: Message): unknown {
  assert.equal(message.error, undefined, JSON.stringify(message.error));
  assert.ok('result' in message, `a response has a result or an error: ${JSON.stringify(message)}`);
  return message.result;
}

const at = (line: number, character: number) => ({ line, character });

describe('language server over stdio: a strict client', function () {
  this.timeout(60000);

  describe('position encodings', function () {
    for (const offered of [['utf-8'], ['utf-8', 'utf-16'], ['utf-32'], ['utf-32', 'utf-8']]) {
      it(`offered ${offered.join(', ')}: announces UTF-16 only, and every position counts UTF-16 code units on a line with ${WIDE}`, async () => {
        const capabilities = { general: { positionEncodings: offered }, textDocument: { codeAction: LITERALS, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } };
        await withRawClient({ capabilities }, async (client, init) => {
          const announced = (result(init) as { capabilities: { positionEncoding?: string } }).capabilities.positionEncoding;
          assert.ok(announced === undefined || announced === 'utf-16', `positionEncoding ${announced}`);
          client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
          open(client, TEXT);
          const lines = linesOf(TEXT);
          const diagnostics = await diagnosticsOf(client, URI, 1);
          diagnostics.forEach((d, i) => checkDiagnostic(d, lines, `diagnostics[${i}]`));
          const chars = diagnostics.find((d) => d.code === 'F-chars');
          assert.deepEqual(chars?.range, cellRange(lines, 1, 8), JSON.stringify(diagnostics));
          const birth = diagnostics.find((d) => d.code === 'F09-format');
          assert.deepEqual(birth?.range, cellRange(lines, 1, 9), JSON.stringify(diagnostics));

          const hover = result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(1, cellRange(lines, 1, 13).start.character) }));
          checkHover(hover, lines);
          assert.deepEqual((hover as { range: unknown }).range, cellRange(lines, 1, 13));

          const asked = at(1, cellRange(lines, 1, 12).start.character);
          const completion = result(await client.request('textDocument/completion', { textDocument: { uri: URI }, position: asked }));
          checkCompletion(completion, lines, asked);
          const edits = (completion as { textEdit: { range: unknown } }[]).map((c) => c.textEdit.range);
          assert.ok(edits.length > 0);
          for (const range of edits) assert.deepEqual(range, cellRange(lines, 1, 12));

          const hints = result(await client.request('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: at(1, 0), end: at(2, 0) } }));
          checkInlayHints(hints, lines);
          const examEnd = cellRange(lines, 1, 12).end;
          assert.ok((hints as { position: unknown }[]).some((h) => JSON.stringify(h.position) === JSON.stringify(examEnd)), JSON.stringify(hints));

          const symbols = result(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } }));
          checkDocumentSymbols(symbols, URI, lines);
          assert.deepEqual((symbols as { range: unknown }[])[1].range, { start: at(1, 0), end: at(1, lines[1].length) });

          const actions = result(await client.request('textDocument/codeAction', { textDocument: { uri: URI }, range: birth!.range, context: { diagnostics: [birth] } }));
          checkCodeActions(actions, URI, lines, false);
          const fix = (actions as { edit?: { changes: Record<string, { range: unknown; newText: string }[]> } }[])[0];
          assert.deepEqual(fix.edit?.changes[URI], [{ range: cellRange(lines, 1, 9), newText: '0200202' }]);
        });
      });
    }
  });

  describe('a client of few capabilities (rootUri null, no workspace folders, initializationOptions null)', function () {
    it('gets pushed diagnostics, no code actions (it takes neither literals nor workspace/applyEdit), is asked nothing, and every answer has its LSP shape', async () => {
      await withRawClient({ initializationOptions: null }, async (client, init) => {
        const capabilities = (result(init) as { capabilities: Record<string, unknown> }).capabilities;
        assert.equal(capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client that cannot pull');
        assert.equal(capabilities.codeActionProvider, undefined);
        assert.equal(capabilities.executeCommandProvider, undefined);
        client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
        open(client, TEXT);
        const lines = linesOf(TEXT);
        const diagnostics = await diagnosticsOf(client, URI, 1);
        assert.deepEqual(
          diagnostics.map((d) => `${String(d.code)} ${d.message}`).sort(),
          expectedKeys(TEXT).map((k) => `${k.code} ${k.message}`).sort(),
        );
        for (const d of diagnostics) {
          checkDiagnostic(d, lines);
          assert.equal(d.codeDescription, undefined, 'no codeDescription without codeDescriptionSupport');
        }
        const birth = diagnostics.find((d) => d.code === 'F09-format')!;
        assert.equal((await client.request('textDocument/codeAction', { textDocument: { uri: URI }, range: birth.range, context: { diagnostics: [birth] } })).error?.code, -32601);
        checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(1, 3) })), lines);
        checkDocumentSymbols(result(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } })), URI, lines, 'SymbolInformation');
        const asked = client.received.filter((m) => m.method !== undefined && m.id !== undefined).map((m) => m.method);
        assert.deepEqual(asked, [], 'no requests to a client that declared none of workspace/configuration, applyEdit, registration, progress');
      });
    });

    it('with workspace.applyEdit but no code action literals: commands, whose execution sends the fix as workspace/applyEdit', async () => {
      await withRawClient({ capabilities: COMMANDS_ONLY }, async (client) => {
        open(client, TEXT);
        const lines = linesOf(TEXT);
        const birth = (await diagnosticsOf(client, URI, 1)).find((d) => d.code === 'F09-format')!;
        const actions = result(await client.request('textDocument/codeAction', { textDocument: { uri: URI }, range: birth.range, context: { diagnostics: [birth] } }));
        checkCodeActions(actions, URI, lines, true);
        const [first] = actions as { command: string; arguments: unknown[] }[];
        assert.equal(result(await client.request('workspace/executeCommand', { command: first.command, arguments: first.arguments })), null);
        const [applied] = client.sent('workspace/applyEdit');
        assert.deepEqual((applied.params as { edit: unknown }).edit, { changes: { [URI]: [{ range: cellRange(lines, 1, 9), newText: '0200202' }] } });
      });
    });

    it('a command whose argument is no workspace edit is refused with InvalidParams, and no workspace/applyEdit is sent', async () => {
      await withRawClient({ capabilities: COMMANDS_ONLY }, async (client, init) => {
        const { commands } = (result(init) as { capabilities: { executeCommandProvider: { commands: string[] } } }).capabilities.executeCommandProvider;
        for (const args of [['junk'], [null], [{ changes: 'junk' }], []]) {
          const answer = await client.request('workspace/executeCommand', { command: commands[0], arguments: args });
          assert.equal(answer.error?.code, -32602, `${JSON.stringify(args)}: ${JSON.stringify(answer)}`);
        }
        assert.deepEqual(client.sent('workspace/applyEdit'), []);
      });
    });

    it('a command the server does not offer is refused with InvalidParams, not answered as if it had run', async () => {
      await withRawClient({ capabilities: COMMANDS_ONLY }, async (client) => {
        for (const command of ['nhiImaging.unknown', 'editor.action.triggerSuggest', '']) {
          const answer = await client.request('workspace/executeCommand', { command, arguments: [] });
          assert.equal(answer.error?.code, -32602, `${command}: ${JSON.stringify(answer)}`);
          assert.match(answer.error!.message, new RegExp(`${command.replace(/\./g, '\\.')}`));
        }
      });
    });
  });

  describe('initialization options and settings of another shape', function () {
    const hrefs = (rulesDocUrl: unknown): Promise<string[]> =>
      withRawClient({ capabilities: { textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } }, initializationOptions: { rulesDocUrl } }, async (client) => {
        open(client, TEXT);
        const diagnostics = await diagnosticsOf(client, URI, 1);
        diagnostics.forEach((d) => checkDiagnostic(d, linesOf(TEXT)));
        return diagnostics.map((d) => d.codeDescription!.href);
      });

    it('codeDescription.href is a URI whatever rulesDocUrl is: the bundled rules for one that is no absolute URL, a URL written as a URI', async () => {
      const bundled = await hrefs(undefined);
      assert.match(bundled[0], /^file:\/\/\/.*\/docs\/rules\.md#[a-z0-9-]+$/);
      for (const junk of [42, 'docs/rules.md', '']) assert.deepEqual(await hrefs(junk), bundled, JSON.stringify(junk));
      const named = await hrefs('https://example.org/nhi imaging/rules.md#top');
      assert.deepEqual(named, bundled.map((href) => `https://example.org/nhi%20imaging/rules.md#${href.split('#')[1]}`));
    });

    it('client capabilities of null (an absent property, as Emacs writes nil) or of another type: read as absent, every request answered, the server up', async () => {
      const NULL_CAPABILITIES = {
        workspace: { configuration: null, diagnostics: null, inlayHint: null, didChangeConfiguration: null, applyEdit: null },
        textDocument: {
          publishDiagnostics: null,
          diagnostic: null,
          hover: { contentFormat: null },
          codeAction: { codeActionLiteralSupport: null, resolveSupport: null },
          signatureHelp: { signatureInformation: null },
          completion: { completionItem: null, completionItemKind: null },
          documentSymbol: { symbolKind: null },
          inlineCompletion: null,
        },
      };
      const OTHER_TYPES = {
        textDocument: {
          hover: { contentFormat: 'markdown' },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, resolveSupport: { properties: 5 }, dataSupport: true },
          signatureHelp: { signatureInformation: { documentationFormat: 'markdown', parameterInformation: 7 } },
          documentSymbol: { symbolKind: { valueSet: 'all' } },
          completion: { completionItemKind: { valueSet: 3 } },
        },
      };
      for (const capabilities of [NULL_CAPABILITIES, OTHER_TYPES]) {
        await withRawClient({ capabilities }, async (client, init) => {
          const provided = (result(init) as { capabilities: Record<string, unknown> }).capabilities;
          open(client, TEXT);
          const diagnostics = await diagnosticsOf(client, URI, 1);
          assert.ok(diagnostics.length > 0);
          if (capabilities === NULL_CAPABILITIES) {
            assert.ok(diagnostics.every((d) => !('codeDescription' in d)), 'no codeDescription: not declared');
            assert.equal(provided.codeActionProvider, undefined, 'no code actions: neither literals nor applyEdit declared');
          }
          const lines = linesOf(TEXT);
          checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 3) })), lines);
          result(await client.request('textDocument/signatureHelp', { textDocument: { uri: URI }, position: at(0, 3) }));
          checkCompletion(result(await client.request('textDocument/completion', { textDocument: { uri: URI }, position: at(0, 3) })), lines, at(0, 3));
          checkDocumentSymbols(result(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } })), URI, lines);
          if (provided.codeActionProvider) {
            const range = { start: at(0, 0), end: at(3, 0) };
            checkCodeActions(result(await client.request('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: [] } })), URI, lines, false);
          }
          assert.equal(client.proc.exitCode, null);
          assert.equal(client.stderr, '');
        });
      }
    });

    it('didChangeConfiguration with null, no settings or a section that is no object leaves the settings as they were, without a failure', async () => {
      await withRawClient({}, async (client) => {
        for (const params of [null, {}, { settings: null }, { settings: { nhiImaging: 'junk' } }, { settings: { nhiImaging: null } }]) client.notify('workspace/didChangeConfiguration', params);
        client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
        open(client, TEXT);
        const diagnostics = await diagnosticsOf(client, URI, 1);
        assert.deepEqual(diagnostics.map((d) => `${String(d.code)} ${d.message}`).sort(), expectedKeys(TEXT).map((k) => `${k.code} ${k.message}`).sort());
        assert.equal(client.stderr, '');
        assert.deepEqual(client.sent('window/logMessage').filter((m) => (m.params as { type: number }).type === 1), []);
      });
    });
  });

  describe('positions and documents at the edges', function () {
    it('positions past a line, past the document, and requests on closed, never opened, untitled: and http: URIs answer null or []', async () => {
      await withRawClient({ capabilities: COMMANDS_ONLY }, async (client) => {
        open(client, TEXT);
        await diagnosticsOf(client, URI, 1);
        const lines = linesOf(TEXT);
        const untitled = 'untitled:Untitled-1';
        const remote = 'http://example.com/batches/3501200000_20251125_001.csv';
        open(client, `${validLine(0)}\n`, untitled);
        open(client, `${validLine(0)}\n`, remote);
        for (const uri of [untitled, remote]) (await diagnosticsOf(client, uri, 1)).forEach((d) => checkDiagnostic(d, linesOf(`${validLine(0)}\n`)));
        client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///closed.csv', languageId: 'nhi-imaging-csv', version: 1, text: TEXT } });
        client.notify('textDocument/didClose', { textDocument: { uri: 'file:///closed.csv' } });
        for (const uri of [URI, 'file:///closed.csv', 'file:///never-opened.csv']) {
          for (const position of [at(1, 10_000), at(99, 0), at(3, 0)]) {
            const params = { textDocument: { uri }, position };
            const hover = result(await client.request('textDocument/hover', params));
            checkHover(hover, lines);
            // A character past the line's end means the line's end.
            const asked = at(position.line, Math.min(position.character, lines[position.line]?.length ?? 0));
            checkCompletion(result(await client.request('textDocument/completion', params)), lines, asked);
          }
          const range = { start: at(0, 0), end: at(999, 999) };
          checkInlayHints(result(await client.request('textDocument/inlayHint', { textDocument: { uri }, range })), lines);
          checkCodeActions(result(await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })), uri, lines, true);
          checkDocumentSymbols(result(await client.request('textDocument/documentSymbol', { textDocument: { uri } })), uri, uri === URI ? lines : []);
        }
        const closed = client.sent('textDocument/publishDiagnostics').filter((m) => (m.params as { uri: string }).uri === 'file:///closed.csv').at(-1);
        assert.ok(closed === undefined || (closed.params as { diagnostics: unknown[] }).diagnostics.length === 0, 'a closed document is left without diagnostics');
        // A change or close of a document not open is no error.
        client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.csv', version: 2 }, contentChanges: [{ text: 'x' }] });
        client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never-opened.csv' } });
        checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 3) })), lines);
      });
    });

    it('a character past the end of a line is read as the line length (LSP 3.17 Position): hover and completion as at the end', async () => {
      await withRawClient({}, async (client) => {
        open(client, TEXT);
        await diagnosticsOf(client, URI, 1);
        const lines = linesOf(TEXT);
        for (const line of [0, 1]) {
          const ask = async (method: string, character: number): Promise<unknown> => result(await client.request(method, { textDocument: { uri: URI }, position: at(line, character) }));
          const end = lines[line].length;
          const hover = await ask('textDocument/hover', end);
          assert.notEqual(hover, null);
          assert.deepEqual(await ask('textDocument/hover', end + 1), hover);
          assert.deepEqual(await ask('textDocument/hover', 10_000), hover);
          const completion = await ask('textDocument/completion', end);
          assert.ok((completion as unknown[]).length > 0);
          assert.deepEqual(await ask('textDocument/completion', 10_000), completion);
        }
      });
    });

    it('completion in a cell that spans lines (a quoted line break) edits the part of it on the line asked, as LSP asks', async () => {
      await withRawClient({}, async (client) => {
        const row = validRow(1);
        row[13] = '"DCF3501200000\r\n_C00000000001.7z"';
        const text = `${validLine(0)}\r\n${row.join(',')}\r\n`;
        open(client, text);
        await diagnosticsOf(client, URI, 1);
        const lines = linesOf(text);
        for (const asked of [at(1, lines[1].indexOf('"DCF') + 2), at(2, 0), at(2, 4)]) {
          const completion = result(await client.request('textDocument/completion', { textDocument: { uri: URI }, position: asked }));
          assert.ok((completion as unknown[]).length > 0, JSON.stringify(asked));
          checkCompletion(completion, lines, asked);
          const part = asked.line === 1 ? { start: at(1, lines[1].indexOf('"DCF')), end: at(1, lines[1].length) } : { start: at(2, 0), end: at(2, lines[2].indexOf(',')) };
          for (const item of completion as { textEdit: { range: unknown } }[]) assert.deepEqual(item.textEdit.range, part);
        }
      });
    });

    it('a document opened with languageId csv, plaintext or none it knows is validated as one of nhi-imaging-csv (Helix: language-id = "csv")', async () => {
      await withRawClient({}, async (client) => {
        client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
        const ids = ['nhi-imaging-csv', 'csv', 'plaintext', 'x-unknown'];
        ids.forEach((languageId, i) => client.notify('textDocument/didOpen', { textDocument: { uri: `file:///batches/${i}/${URI.split('/').at(-1)}`, languageId, version: 1, text: TEXT } }));
        const expected = expectedKeys(TEXT);
        assert.ok(expected.length > 0);
        for (let i = 0; i < ids.length; i++) {
          const diagnostics = await diagnosticsOf(client, `file:///batches/${i}/${URI.split('/').at(-1)}`, 1);
          assert.deepEqual(diagnosticKeys(diagnostics), expected, ids[i]);
        }
      });
    });

    it('a character past the end of a line that a cell of a quoted line break goes on from is read as that end: completion edits there, not past it', async () => {
      await withRawClient({}, async (client) => {
        const row = validRow(1);
        row[12] = '"N\r\nJ"';
        const text = `${validLine(0)}\r\n${row.join(',')}\r\n`;
        open(client, text);
        await diagnosticsOf(client, URI, 1);
        const lines = linesOf(text);
        const end = at(1, lines[1].length);
        const ask = async (method: string, character: number): Promise<unknown> => result(await client.request(method, { textDocument: { uri: URI }, position: at(1, character) }));
        const atEnd = await ask('textDocument/completion', end.character);
        // Body-site letters are appended where the cursor is: at the line's end.
        assert.ok((atEnd as { textEdit: { range: unknown } }[]).some((c) => JSON.stringify(c.textEdit.range) === JSON.stringify({ start: end, end })), JSON.stringify(atEnd));
        for (const character of [end.character + 1, 10_000]) {
          const completion = await ask('textDocument/completion', character);
          checkCompletion(completion, lines, end);
          assert.deepEqual(completion, atEnd);
          assert.deepEqual(await ask('textDocument/hover', character), await ask('textDocument/hover', end.character));
        }
      });
    });

    it('a didOpen or didChange of no LSP shape (a text that is no string, a position below zero) is logged and ignored, and the server goes on', async () => {
      await withRawClient({}, async (client) => {
        client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
        client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///no-text.csv', languageId: 'nhi-imaging-csv', version: 1, text: 5 } });
        open(client, TEXT);
        await diagnosticsOf(client, URI, 1);
        const junk = [[{ text: 5 }], [{}], [{ range: { start: at(-1, 0), end: at(0, 2) }, text: 'x' }], [{ range: { start: at(0.5, 0), end: at(0, 2) }, text: 'x' }], [{ range: { start: at(0, 0) }, text: 'x' }], null];
        junk.forEach((contentChanges, i) => client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 + i }, contentChanges }));
        const version = 2 + junk.length;
        const change = { range: { start: at(2, 0), end: at(2, 0) }, text: `${validLine(3)}\n` };
        client.notify('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [change] });
        const text = TextDocument.update(TextDocument.create(URI, 'csv', 1, TEXT), [change], version).getText();
        const diagnostics = await diagnosticsOf(client, URI, version);
        assert.deepEqual(diagnostics.map((d) => `${String(d.code)} ${d.message}`).sort(), expectedKeys(text).map((k) => `${k.code} ${k.message}`).sort());
        const logs = client.sent('window/logMessage').map((m) => (m.params as { message: string }).message);
        assert.equal(logs.filter((m) => /didOpen ignored/.test(m)).length, 1, logs.join('\n'));
        assert.equal(logs.filter((m) => /didChange ignored/.test(m)).length, junk.length, logs.join('\n'));
        assert.equal(client.proc.exitCode, null);
      });
    });

    /** The diagnostics' codes and ranges after each edit equal those of the text vscode-languageserver-textdocument makes. */
    const edits: [string, string, TextDocumentContentChangeEvent[]][] = [
      ['a range spanning a CR LF', `${validLine(0)}\r\n${validLine(1)}\r\n`, [{ range: { start: at(0, 60), end: at(1, 5) }, text: '' }]],
      ['a range ending between CR and LF (past the line end)', `${validLine(0)}\r\n${validLine(1)}\r\n`, [{ range: { start: at(0, 5), end: at(0, 500) }, text: ',' }]],
      ['a zero-length insert at the end of the document', `${validLine(0)}\n`, [{ range: { start: at(1, 0), end: at(1, 0) }, text: `${validLine(1)}\r\n${validLine(2)}` }]],
      ['an insert past the end of the document', `${validLine(0)}`, [{ range: { start: at(5, 3), end: at(9, 9) }, text: `\n${WIDE}` }]],
      ['a delete of everything, then an insert', `${validLine(0)}\r\n${wideRow()}\r\n`, [{ range: { start: at(0, 0), end: at(2, 0) }, text: '' }, { range: { start: at(0, 0), end: at(0, 0) }, text: wideRow() }]],
      ['a full text after a range', `${validLine(0)}\n`, [{ range: { start: at(0, 0), end: at(0, 4) }, text: 'x' }, { text: `${validLine(2)}\r\n${wideRow()}` }]],
      ['a lone CR inserted into a CR LF line end', `${validLine(0)}\r\n${validLine(1)}`, [{ range: { start: at(0, 200), end: at(0, 200) }, text: '\r' }]],
    ];
    for (const [name, initial, changes] of edits) {
      it(`didChange with ${name}`, async () => {
        await withRawClient({}, async (client) => {
          client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
          open(client, initial);
          await diagnosticsOf(client, URI, 1);
          client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: changes });
          const text = TextDocument.update(TextDocument.create(URI, 'csv', 1, initial), changes, 2).getText();
          const diagnostics = await diagnosticsOf(client, URI, 2);
          diagnostics.forEach((d) => checkDiagnostic(d, linesOf(text)));
          const keys = (list: { code?: unknown; range: unknown }[]): string[] => list.map((d) => `${String(d.code)} ${JSON.stringify(d.range)}`).sort();
          const expected = expectedKeys(text).map((k) => {
            const [s, e] = k.range.split('-').map((p) => p.split(':').map(Number));
            return { code: k.code, range: { start: at(s[0], s[1]), end: at(e[0], e[1]) } };
          });
          assert.deepEqual(keys(diagnostics), keys(expected));
        });
      });
    }
  });

  describe('the JSON-RPC conversation', function () {
    it('a $/cancelRequest of a long request gets RequestCancelled or its result, and the server goes on', async () => {
      await withRawClient({ capabilities: { textDocument: { codeAction: LITERALS } } }, async (client) => {
        const rows: string[] = [];
        for (let i = 0; i < 40_000; i++) rows.push(validLine(i));
        open(client, `${rows.join('\n')}\n`);
        const id = client.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: at(0, 0), end: at(0, 0) }, context: { diagnostics: [], only: ['source.fixAll'] } });
        client.notify('$/cancelRequest', { id });
        const answer = await client.response(id, 30_000);
        if (answer.error) assert.equal(answer.error.code, -32800, JSON.stringify(answer.error));
        else assert.ok(Array.isArray(answer.result), JSON.stringify(answer));
        client.notify('$/cancelRequest', { id: 424242 });
        checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 3) })), undefined);
      });
    });

    it('a request whose parameters are not of their LSP shape is answered InvalidParams, and the server goes on', async () => {
      await withRawClient({ capabilities: { ...COMMANDS_ONLY, textDocument: { codeAction: { ...LITERALS, resolveSupport: { properties: ['edit'] } } } } }, async (client) => {
        open(client, TEXT);
        const document = { textDocument: { uri: URI } };
        const range = { start: at(0, 0), end: at(1, 0) };
        for (const [method, params] of [
          ['textDocument/hover', null],
          ['textDocument/hover', {}],
          ['textDocument/hover', { ...document, position: at(0, 0.5) }],
          ['textDocument/hover', { ...document, position: { line: 0 } }],
          ['textDocument/completion', { ...document, position: at(-1, 0) }],
          ['textDocument/documentSymbol', { textDocument: 'x' }],
          ['textDocument/inlayHint', document],
          ['textDocument/codeAction', { ...document, range }],
          ['textDocument/codeAction', { ...document, range: { start: at(0, 0) }, context: { diagnostics: [] } }],
          ['codeAction/resolve', null],
          ['workspace/executeCommand', {}],
        ] as const) {
          const answer = await client.request(method, params);
          assert.equal(answer.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
        }
        checkHover(result(await client.request('textDocument/hover', { ...document, position: at(0, 3) })), linesOf(TEXT));
        assert.equal(client.stderr, '');
      });
    });

    it("the server's own requests without their URI (or keys), or with a workDoneToken that is no ProgressToken, are answered InvalidParams; a null token is none", async () => {
      await withRawClient({ capabilities: { window: { workDoneProgress: true } } }, async (client) => {
        open(client, TEXT);
        for (const [method, params] of [
          ['nhiImaging/checkFile', null],
          ['nhiImaging/checkFile', { uri: 7 }],
          ['nhiImaging/checkFile', { uri: 'file:///nowhere/x.csv', workDoneToken: { id: 1 } }],
          ['nhiImaging/checkArchives', {}],
          ['nhiImaging/checkArchives', { uri: URI, workDoneToken: 1.5 }],
          ['nhiImaging/archiveReport', {}],
          ['nhiImaging/archiveReport', { uri: null }],
          ['nhiImaging/ledgerRows', null],
          ['nhiImaging/resend', { uri: URI }],
          ['nhiImaging/resend', { uri: URI, keys: 'a' }],
          ['nhiImaging/build', { uri: URI, workDoneToken: true }],
        ] as const) {
          const answer = await client.request(method, params);
          assert.equal(answer.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
        }
        const checked = result(await client.request('nhiImaging/checkFile', { uri: 'file:///nowhere/x.csv', workDoneToken: null })) as { ran: boolean };
        assert.equal(checked.ran, true);
        assert.deepEqual(client.sent('$/progress'), [], 'no progress for a null token');
        assert.equal(client.stderr, '');
      });
    });

    it('a notification whose parameters are not of their LSP shape (didSave, $/setTrace, $/progress, a progress cancel) is logged and ignored, without a failure', async () => {
      await withRawClient({ capabilities: { window: { workDoneProgress: true } } }, async (client) => {
        open(client, TEXT);
        const odd = [null, 5, 'x', [1], { textDocument: null, value: 5, token: null }];
        const methods = ['textDocument/didSave', '$/setTrace', '$/progress', 'window/workDoneProgress/cancel'];
        for (const method of methods) for (const params of odd) client.notify(method, params);
        client.notify('textDocument/didSave', { textDocument: { uri: URI } });
        client.notify('$/setTrace', { value: 'off' });
        checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 3) })), linesOf(TEXT));
        const logged = client.sent('window/logMessage').map((m) => m.params as { type: number; message: string });
        assert.deepEqual(logged.filter((l) => l.type <= 2), []);
        const ignored = logged.filter((l) => / ignored: its parameters are not of the shape LSP 3\.17 gives it /.test(l.message));
        assert.equal(ignored.length, methods.length * odd.length, JSON.stringify(logged));
        assert.equal(client.stderr, '');
      });
    });

    it('an unknown request is answered MethodNotFound; unknown notifications, $/ or not, are ignored', async () => {
      await withRawClient({}, async (client) => {
        client.notify('$/unknownNotification', { x: 1 });
        client.notify('$/setTrace', { value: 'verbose' });
        client.notify('unknown/notification', { x: 1 });
        assert.equal((await client.request('unknown/request', {})).error?.code, -32601);
        assert.equal((await client.request('$/unknownRequest', {})).error?.code, -32601);
        checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 0) })), undefined);
        assert.equal(client.stderr, '');
      });
    });

    it('before initialize a request fails with ServerNotInitialized and a notification is dropped; a second initialize fails with InvalidRequest and changes nothing', async () => {
      const client = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0' });
      try {
        const hover = { textDocument: { uri: URI }, position: at(0, 3) };
        assert.equal((await client.request('textDocument/hover', hover)).error?.code, -32002);
        assert.equal((await client.request('shutdown')).error?.code, -32002);
        open(client, TEXT);
        const capabilities = { textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } };
        result(await client.request('initialize', { processId: null, rootUri: null, capabilities }));
        client.notify('initialized', {});
        assert.equal(result(await client.request('textDocument/hover', hover)), null, 'the didOpen before initialize was dropped');
        assert.equal((await client.request('initialize', { processId: null, rootUri: null, capabilities: {} })).error?.code, -32600);
        open(client, TEXT);
        const diagnostics = await diagnosticsOf(client, URI, 1);
        assert.ok(diagnostics.length > 0 && diagnostics.every((d) => d.codeDescription !== undefined), 'the capabilities of the first initialize hold');
        assert.equal(await client.exit(true), 0);
      } finally {
        await client.stop();
      }
    });

    it('a client that declares workspace/configuration but never sends initialized still has its documents validated, with the default settings', async () => {
      const client = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0' });
      try {
        const capabilities = { workspace: { configuration: true, diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {} } };
        result(await client.request('initialize', { processId: null, rootUri: null, capabilities }));
        open(client, TEXT);
        const pulled = client.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
        const report = result(await client.response(pulled, 6000)) as { kind: string; items: Diagnostic[] };
        assert.equal(report.kind, 'full');
        assert.ok(report.items.length > 0);
        assert.deepEqual(client.sent('workspace/configuration'), [], 'not asked before initialized');
      } finally {
        await client.stop();
      }
    });

    it('an initialize without parameters or capabilities is refused with InvalidParams and initializes nothing: the next initialize does', async () => {
      const client = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0' });
      try {
        for (const params of [undefined, null, {}, { processId: null, rootUri: null }, { processId: null, rootUri: null, capabilities: null }]) {
          assert.equal((await client.request('initialize', params)).error?.code, -32602, JSON.stringify(params));
        }
        assert.equal((await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 3) })).error?.code, -32002);
        result(await client.request('initialize', { processId: null, rootUri: null, capabilities: {} }));
        client.notify('initialized', {});
        open(client, TEXT);
        assert.ok((await diagnosticsOf(client, URI, 1)).length > 0);
        assert.equal(client.stderr, '');
        assert.equal(await client.exit(true), 0);
      } finally {
        await client.stop();
      }
    });

    it('a locale that is no string and workspace folders without a URI are left out: documents are validated, settings asked for the folders there are', async () => {
      const folder = 'file:///batches';
      const configurations: unknown[] = [];
      const answers = { 'workspace/configuration': (params: unknown) => (configurations.push(params), [SETTINGS.nhiImaging, SETTINGS.nhiImaging]) };
      const init = { locale: 7, capabilities: { workspace: { configuration: true, workspaceFolders: true } }, workspaceFolders: [{ uri: 5 }, null, 'x', { uri: folder }] };
      await withRawClient(init, async (client) => {
        open(client, TEXT, `${folder}/${URI.split('/').at(-1)}`);
        const diagnostics = await diagnosticsOf(client, `${folder}/${URI.split('/').at(-1)}`, 1);
        assert.deepEqual(diagnostics.map((d) => `${String(d.code)} ${d.message}`).sort(), expectedKeys(TEXT).map((k) => `${k.code} ${k.message}`).sort());
        assert.deepEqual(configurations[0], { items: [{ section: 'nhiImaging' }, { scopeUri: folder, section: 'nhiImaging' }] });
        assert.equal(client.stderr, '');
        assert.deepEqual(client.sent('window/logMessage').filter((m) => (m.params as { type: number }).type <= 2), []);
      }, { answers });
    });

    it('workspace/didChangeWorkspaceFolders of another shape (no event, null lists, folders without a URI) changes nothing, without a failure', async () => {
      await withRawClient({ capabilities: { workspace: { workspaceFolders: true } } }, async (client) => {
        for (const params of [null, {}, { event: null }, { event: { added: null, removed: null } }, { event: { added: [null, { name: 'x' }], removed: 'x' } }]) {
          client.notify('workspace/didChangeWorkspaceFolders', params);
        }
        open(client, TEXT);
        checkHover(result(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 3) })), linesOf(TEXT));
        assert.equal(client.stderr, '');
        assert.deepEqual(client.sent('window/logMessage').filter((m) => (m.params as { type: number }).type <= 2), []);
      });
    });

    it('exits with 1 on exit without shutdown, with 0 after it; requests after shutdown are InvalidRequest', async () => {
      const { client: alone } = await RawClient.start();
      assert.equal(await alone.exit(false), 1);
      const { client } = await RawClient.start();
      assert.equal(result(await client.request('shutdown')), null);
      assert.equal((await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(0, 0) })).error?.code, -32600);
      assert.equal(await client.exit(false), 0);
    });
  });
});
