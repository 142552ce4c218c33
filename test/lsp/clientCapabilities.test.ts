/**
 * The server sends what the client declared it takes (found with Emacs/eglot 1.9 as the client):
 * hover contents in the client's contentFormat, diagnostics' codeDescription only with
 * codeDescriptionSupport; and the "fix all of this kind" action is titled by the kind.
 * `node dist/server.js --stdio`, JSON-RPC over stdio (`npm test` builds dist/ first).
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, Command, Diagnostic, DocumentSymbol, Hover, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol';
import { LspClient, withClient as withServer, type StartOptions } from './harness';
import { withRawClient } from './rawClient';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARCHIVE_PROGRESS_NOTIFICATION, ARCHIVES_CHECKED_NOTIFICATION, CHECK_ARCHIVES_REQUEST, type CheckArchivesResult } from '../../server/src/shared/archives';
import { NOW_ISO, ORDER_CODE_HOVER, URI } from './expected';
import { FIXTURE_FILE_NAME, validLine, validRow } from '../fixtures/rows';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };

/** Row 0 valid; row 1 with a Gregorian birth date (fix 0750312), row 2 with a Gregorian exam time (fix 11411250555). */
function textWithTwoGregorianDates(): string {
  const birth = validRow(1);
  birth[8] = '19860312';
  const exam = validRow(2);
  assert.equal(exam[11], '11411250555');
  exam[11] = '202511250555';
  return `${validLine(0)}\n${birth.join(',')}\n${exam.join(',')}\n`;
}

function withClient<T>(options: StartOptions, run: (client: LspClient) => Promise<T>): Promise<T> {
  return withServer({ settings: SETTINGS, ...options }, run);
}

/** The hover contents on the order code (field 10) and on the archive name (field 14) of row 0. */
async function hovers(options: StartOptions): Promise<{ order: MarkupContent; archive: MarkupContent }> {
  return withClient({ pull: true, ...options }, async (client) => {
    await client.open(URI, validLine(0) + '\n');
    await client.pull(URI); // validated: the hover has the deadline
    const line = validLine(0);
    const at = async (needle: string): Promise<MarkupContent> => {
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: line.indexOf(needle) + 1 } });
      return h.contents as MarkupContent;
    };
    return { order: await at('33070B'), archive: await at('DCF') };
  });
}

const ORDER_PLAIN = [ORDER_CODE_HOVER.heading, ...ORDER_CODE_HOVER.rest].join('\n');
const ARCHIVE_FORM = '{DCF|ATT}{hospital code 10}_{case number 12}.{CAB|7z}';

describe('language server over stdio: what the client declared', function () {
  describe('hover contentFormat', function () {
    it('a client declaring only plaintext (eglot without markdown-mode) gets plain text: no bold, no escapes', async () => {
      const { order, archive } = await hovers({ hoverFormats: ['plaintext'] });
      assert.deepEqual(order, { kind: 'plaintext', value: ORDER_PLAIN });
      assert.equal(archive.kind, 'plaintext');
      assert.ok(archive.value.startsWith('Field 14 archive name (影像壓縮檔名稱)\n\nRequired.'), archive.value);
      assert.ok(archive.value.includes(ARCHIVE_FORM), archive.value);
      assert.doesNotMatch(archive.value, /[*`\\]/);
    });

    it('a client declaring no contentFormat gets plain text', async () => {
      const { order } = await hovers({ hoverFormats: null });
      assert.deepEqual(order, { kind: 'plaintext', value: ORDER_PLAIN });
    });

    it("follows the client's order of preference: plaintext first gives plain text, markdown first Markdown", async () => {
      assert.deepEqual((await hovers({ hoverFormats: ['plaintext', 'markdown'] })).order, { kind: 'plaintext', value: ORDER_PLAIN });
      const { order, archive } = await hovers({ hoverFormats: ['markdown', 'plaintext'] });
      assert.equal(order.kind, 'markdown');
      assert.equal(order.value, [`**${ORDER_CODE_HOVER.heading}**`, ...ORDER_CODE_HOVER.rest].join('\n'));
      assert.ok(archive.value.includes('\\{DCF\\|ATT\\}\\{hospital code 10\\}\\_\\{case number 12\\}.\\{CAB\\|7z\\}'), archive.value);
    });
  });

  describe('"fix all of this kind" title', function () {
    const fixAll = (options: StartOptions): Promise<{ titles: string[]; all: CodeAction; fixes: Diagnostic[] }> =>
      withClient({ pull: true, ...options }, async (client) => {
        await client.open(URI, textWithTwoGregorianDates());
        const items = (await client.pull(URI)).items!;
        const birth = items.find((d) => d.code === 'F09-format')!;
        const exam = items.find((d) => d.code === 'F12-format')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: birth.range, context: { diagnostics: [birth] } });
        const quick = actions.filter((a) => a.kind === 'quickfix');
        assert.equal(quick.length, 2, JSON.stringify(actions));
        return { titles: quick.map((a) => a.title), all: quick[1], fixes: [birth, exam] };
      });

    it('names the kind and the count, not the value of the fix at hand (en)', async () => {
      const { titles, all, fixes: [birth, exam] } = await fixAll({});
      assert.deepEqual(titles, ['Write as ROC 0750312', 'Write all Gregorian dates as ROC dates (2 in this file)']);
      assert.deepEqual(all.edit!.changes![URI], [{ range: birth.range, newText: '0750312' }, { range: exam.range, newText: '11411250555' }]);
    });

    it('in Traditional Chinese', async () => {
      const { titles } = await fixAll({ locale: 'zh-tw', settings: { deadlineReferenceTime: NOW_ISO } });
      assert.deepEqual(titles, ['改為民國 0750312', '將本檔 2 處西元日期改為民國日期']);
    });
  });

  describe('diagnostics codeDescription', function () {
    const pushed = (codeDescriptionSupport: boolean): Promise<Diagnostic[]> =>
      withClient({ codeDescriptionSupport }, async (client) => {
        await client.open(URI, textWithTwoGregorianDates());
        return client.pushedFor(URI);
      });
    const pulled = (codeDescriptionSupport: boolean): Promise<Diagnostic[]> =>
      withClient({ pull: true, codeDescriptionSupport }, async (client) => {
        await client.open(URI, textWithTwoGregorianDates());
        return (await client.pull(URI)).items!;
      });
    const links = (diagnostics: Diagnostic[]): (string | undefined)[] => diagnostics.map((d) => d.codeDescription?.href);

    it('push: none to a client without publishDiagnostics.codeDescriptionSupport (eglot 1.9, Neovim 0.7)', async () => {
      const diagnostics = await pushed(false);
      assert.equal(diagnostics.length, 4);
      assert.ok(diagnostics.every((d) => !('codeDescription' in d)), JSON.stringify(diagnostics));
    });

    it('push: the rule link to a client that declares it', async () => {
      const diagnostics = await pushed(true);
      assert.equal(diagnostics.length, 4);
      for (const d of diagnostics) assert.match(d.codeDescription!.href, new RegExp(`/docs/rules\\.md#${String(d.code).toLowerCase()}$`));
    });

    it('pull: the rule link when publishDiagnostics.codeDescriptionSupport is declared too (VS Code), none otherwise', async () => {
      const withLinks = await pulled(true);
      assert.equal(withLinks.length, 4);
      assert.ok(links(withLinks).every((href) => href !== undefined && /\/docs\/rules\.md#/.test(href)), JSON.stringify(withLinks));
      const without = await pulled(false);
      assert.equal(without.length, 4);
      assert.ok(without.every((d) => !('codeDescription' in d)), JSON.stringify(without));
    });
  });

  describe("a diagnostic's data (its fixes)", function () {
    for (const dataSupport of [false, true]) {
      it(`${dataSupport ? 'goes to a client that declares publishDiagnostics.dataSupport (VS Code)' : 'goes to no client that does not declare publishDiagnostics.dataSupport (eglot, Neovim 0.7, Helix): the fixes come from code actions'}`, async () => {
        const capabilities = { textDocument: { publishDiagnostics: { dataSupport } } };
        await withRawClient({ capabilities }, async (client) => {
          client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
          client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: textWithTwoGregorianDates() } });
          const diagnostics = ((await client.published(URI, 1)).params as { diagnostics: Diagnostic[] }).diagnostics;
          const withFixes = diagnostics.filter((d) => d.code === 'F09-format' || d.code === 'F12-format');
          assert.equal(withFixes.length, 2, JSON.stringify(diagnostics));
          if (dataSupport) for (const d of withFixes) assert.ok((d.data as { fixes: unknown[] }).fixes.length > 0, JSON.stringify(d));
          else assert.ok(diagnostics.every((d) => !('data' in d)), JSON.stringify(diagnostics));
        });
      });
    }
  });

  describe('pull or push', function () {
    // lsp-mode 9 declares textDocument.diagnostic with workspace.diagnostics.refreshSupport false: it pulls after its
    // own edits only, so what changes without an edit (settings, archive checks, the file as stored) must be pushed.
    const PULL_WITHOUT_REFRESH = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: false } } };

    it('a client that pulls but cannot be asked to pull again gets pushed diagnostics, also when the settings change', async () => {
      await withRawClient({ capabilities: PULL_WITHOUT_REFRESH }, async (client, init) => {
        const capabilities = (init.result as { capabilities: Record<string, unknown> }).capabilities;
        assert.equal(capabilities.diagnosticProvider, undefined, 'no pull diagnostics announced');
        client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: { ...SETTINGS, language: 'zh-TW' } } });
        client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: textWithTwoGregorianDates() } });
        const messages = async (): Promise<string[]> => ((await client.published(URI, 1)).params as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.message);
        const chinese = await messages();
        assert.equal(chinese.length, 4);
        const before = client.sent('textDocument/publishDiagnostics').length;
        client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
        await client.waitFor(() => (client.sent('textDocument/publishDiagnostics').length > before ? true : undefined));
        const english = await messages();
        assert.equal(english.length, 4);
        assert.notDeepEqual(english, chinese);
        assert.ok(english.every((m) => /^[\x20-\x7e]+$/.test(m.split('\n')[0])), JSON.stringify(english));
      });
    });

    it('a client that pulls and takes workspace/diagnostic/refresh pulls (nothing is pushed)', async () => {
      const capabilities = { ...PULL_WITHOUT_REFRESH, workspace: { diagnostics: { refreshSupport: true } } };
      await withRawClient({ capabilities }, async (client, init) => {
        assert.deepEqual((init.result as { capabilities: Record<string, unknown> }).capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
        client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: textWithTwoGregorianDates() } });
        const report = (await client.request('textDocument/diagnostic', { textDocument: { uri: URI } })).result as { items: Diagnostic[] };
        assert.equal(report.items.length, 4);
        client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
        await client.waitFor(() => client.sent('workspace/diagnostic/refresh')[0]);
        assert.deepEqual(client.sent('textDocument/publishDiagnostics'), []);
      });
    });
  });

  describe('code actions and symbols', function () {
    it('a client without code action literals gets commands; running one has the server send the quick fix as workspace/applyEdit', async () => {
      await withClient({ pull: true, codeActionLiterals: false }, async (client) => {
        const text = textWithTwoGregorianDates();
        await client.open(URI, text);
        const items = (await client.pull(URI)).items ?? [];
        const birth = items.find((d) => d.code === 'F09-format');
        assert.ok(birth, JSON.stringify(items.map((d) => d.code)));
        const commands = await client.request<(Command | CodeAction)[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: birth.range, context: { diagnostics: [birth] } });
        assert.ok(commands.length > 0);
        for (const c of commands) assert.equal(typeof (c as Command).command, 'string', 'a Command, not a CodeAction literal');
        const first = commands[0] as Command;
        assert.equal(first.title, 'Write as ROC 0750312');
        await client.request('workspace/executeCommand', { command: first.command, arguments: first.arguments });
        const edit = await client.waitFor(() => client.appliedEdits[0]);
        assert.deepEqual(edit.changes?.[URI], [{ range: birth.range, newText: '0750312' }]);
      });
    });

    it('a client with code action literals gets CodeActions with their edits, and no command', async () => {
      await withClient({ pull: true }, async (client) => {
        await client.open(URI, textWithTwoGregorianDates());
        const items = (await client.pull(URI)).items ?? [];
        const birth = items.find((d) => d.code === 'F09-format')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: birth.range, context: { diagnostics: [birth] } });
        assert.equal(actions[0].title, 'Write as ROC 0750312');
        assert.deepEqual(actions[0].edit?.changes?.[URI], [{ range: birth.range, newText: '0750312' }]);
        assert.equal(actions[0].command, undefined);
      });
    });

    it('document symbols: DocumentSymbol for a client with hierarchical support, SymbolInformation with a location otherwise', async () => {
      for (const hierarchicalSymbols of [true, false]) {
        await withClient({ hierarchicalSymbols }, async (client) => {
          await client.open(URI, `${validLine(0)}\n${validLine(1)}\n`);
          const symbols = await client.request<(DocumentSymbol | SymbolInformation)[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
          assert.equal(symbols.length, 2);
          const range = { start: { line: 1, character: 0 }, end: { line: 1, character: validLine(1).length } };
          if (hierarchicalSymbols) assert.deepEqual((symbols[1] as DocumentSymbol).selectionRange, range);
          else assert.deepEqual((symbols[1] as SymbolInformation).location, { uri: URI, range });
          assert.match(symbols[1].name, /^row 2 · /);
        });
      }
    });
  });

  describe('inlay hints', function () {
    // The Gregorian readings are worded in the message language (weekdays): a client that keeps the hints it has until
    // told otherwise (workspace/inlayHint/refresh) is told when the language changes; one that did not declare it, never.
    for (const refreshSupport of [true, false]) {
      it(`a language change ${refreshSupport ? 'asks a client that declares workspace.inlayHint.refreshSupport' : 'asks nothing of a client that does not declare workspace.inlayHint.refreshSupport'} to ask for the hints again`, async () => {
        await withRawClient({ capabilities: { workspace: { inlayHint: { refreshSupport } } } }, async (client) => {
          client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: { ...SETTINGS, language: 'zh-TW' } } });
          client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${validLine(0)}\n` } });
          const hints = async (): Promise<string[]> =>
            ((await client.request('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } })).result as { label: string }[]).map((h) => h.label);
          const chinese = await hints();
          assert.ok(chinese.some((l) => l.includes('週')), JSON.stringify(chinese));
          client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: { ...SETTINGS, maxDiagnostics: 500, language: 'zh-TW' } } });
          client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
          const english = await hints();
          assert.ok(!english.some((l) => l.includes('週')), JSON.stringify(english));
          assert.equal(client.sent('workspace/inlayHint/refresh').length, refreshSupport ? 1 : 0, 'one refresh, for the one change of language');
        });
      });
    }
  });

  describe('symbol and completion kinds', function () {
    // LSP 3.17: a client that declares no valueSet takes only the kinds of LSP's first version, File-Array (1-18)
    // and Text-Reference (1-18); Struct (23), EnumMember (20) and Constant (21) came later.
    const rowsAndCompletions = (capabilities: object): Promise<{ symbols: number[]; completions: number[] }> =>
      withRawClient({ capabilities }, async (client) => {
        const line = validLine(0);
        // The row's month is now's: the exam time is offered "now" only where field 3 names its month.
        client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
        client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: `${line}\n` } });
        const symbols = (await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } })).result as { kind: number }[];
        const completions: number[] = [];
        // Field 5 (care category, a code list), field 12 (an ROC time), field 14 (the archive name).
        for (const field of [5, 12, 14]) {
          const character = line.split(',').slice(0, field - 1).join(',').length + 1;
          const items = (await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character } })).result as { kind: number }[];
          assert.ok(items.length > 0, `completions in field ${field}`);
          completions.push(...new Set(items.map((i) => i.kind)));
        }
        return { symbols: [...new Set(symbols.map((s) => s.kind))], completions };
      });

    it('a client that declares no kinds gets kinds of LSP 1.0 only', async () => {
      const { symbols, completions } = await rowsAndCompletions({});
      assert.deepEqual(symbols, [18], 'Array');
      assert.deepEqual(completions, [12, 12, 17], 'Value, Value, File');
    });

    it('a client that declares the kinds of LSP 3.17 gets Struct, EnumMember and Constant', async () => {
      const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
      const { symbols, completions } = await rowsAndCompletions({
        textDocument: { documentSymbol: { symbolKind: { valueSet: all(26) } }, completion: { completionItemKind: { valueSet: all(25) } } },
      });
      assert.deepEqual(symbols, [23], 'Struct');
      assert.deepEqual(completions, [20, 21, 17], 'EnumMember, Constant, File');
    });
  });

  describe('nhiImaging/status', function () {
    it('is sent only to a client that asks for it in initializationOptions (lsp-mode warns of every notification it does not know)', async () => {
      for (const statusNotifications of [false, true]) {
        await withClient({ statusNotifications }, async (client) => {
          await client.open(URI, textWithTwoGregorianDates());
          await client.pushedFor(URI);
          await client.change(URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
          await client.pushedFor(URI);
          // A status follows each validation in the same turn as its diagnostics: none is still on its way.
          await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
          assert.deepEqual(client.statuses.map((s) => s.version), statusNotifications ? [1, 2] : [], `statusNotifications: ${statusNotifications}`);
        });
      }
    });

    it('tells the openings of a document apart, whose versions start over when it is opened again after a close', async () => {
      await withClient({ statusNotifications: true }, async (client) => {
        await client.open(URI, textWithTwoGregorianDates());
        await client.change(URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
        const before = await client.waitFor(() => client.statuses.find((s) => s.version === 2));
        await client.close(URI);
        await client.open(URI, textWithTwoGregorianDates());
        const after = await client.waitFor(() => client.statuses.find((s) => s.opening !== before.opening));
        assert.equal(after.version, 1);
        assert.ok(after.opening > before.opening, JSON.stringify([before, after]));
        const openings = client.statuses.map((s) => s.opening);
        assert.deepEqual(openings, [...openings].sort((a, b) => a - b), 'the statuses of the first opening, then those of the second');
      });
    });

    it("an archive check's nhiImaging/archiveProgress goes to the same clients only; any client gets $/progress for its workDoneToken", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nhi-progress-'));
      try {
        // Two rows whose archives are not there: the check runs, and reports each archive as it goes.
        const csv = join(dir, FIXTURE_FILE_NAME);
        const text = `${validLine(0)}\n${validLine(1)}\n`;
        writeFileSync(csv, text);
        const uri = pathToFileURL(csv).href;
        for (const statusNotifications of [false, true]) {
          await withRawClient({ capabilities: { window: { workDoneProgress: true } }, initializationOptions: { statusNotifications } }, async (client) => {
            client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
            client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
            const answer = await client.request(CHECK_ARCHIVES_REQUEST, { uri, workDoneToken: 'archives-1' });
            const checked = answer.result as CheckArchivesResult;
            assert.equal(checked.ran, true, JSON.stringify(answer));
            assert.equal(checked.rows, 2);
            const kinds = client.sent('$/progress').map((m) => m.params as { token: unknown; value: { kind: string } });
            assert.ok(kinds.every((p) => p.token === 'archives-1'), JSON.stringify(kinds));
            assert.deepEqual([kinds[0]?.value.kind, kinds.at(-1)?.value.kind], ['begin', 'end']);
            assert.equal(client.sent(ARCHIVE_PROGRESS_NOTIFICATION).length > 0, statusNotifications, `statusNotifications: ${statusNotifications}`);
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the re-check a new archive folder starts goes to every client as diagnostics, and as nhiImaging/archivesChecked to the same clients only', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nhi-rechecked-'));
      try {
        const csv = join(dir, FIXTURE_FILE_NAME);
        const text = `${validLine(0)}\n`;
        writeFileSync(csv, text);
        // In the folder the settings name next, the row's archive is there (and no archive at all: not "missing").
        mkdirSync(join(dir, 'zips'));
        writeFileSync(join(dir, 'zips', validRow(0)[13]), 'not an archive');
        const uri = pathToFileURL(csv).href;
        for (const statusNotifications of [false, true]) {
          await withRawClient({ initializationOptions: { statusNotifications } }, async (client) => {
            client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: SETTINGS } });
            client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'nhi-imaging-csv', version: 1, text } });
            const checked = (await client.request(CHECK_ARCHIVES_REQUEST, { uri })).result as CheckArchivesResult;
            assert.equal(checked.findings.errors, 1, JSON.stringify(checked));
            const codes = (m: { params?: unknown }): string[] => (m.params as { diagnostics: Diagnostic[] }).diagnostics.map((d) => String(d.code));
            await client.waitFor(() => client.sent('textDocument/publishDiagnostics').find((m) => codes(m).includes('A14-missing')));
            const published = client.sent('textDocument/publishDiagnostics').length;
            client.notify('workspace/didChangeConfiguration', { settings: { nhiImaging: { ...SETTINGS, archiveFolder: 'zips' } } });
            const rechecked = await client.waitFor(() => client.sent('textDocument/publishDiagnostics').slice(published).find((m) => codes(m).some((c) => c.startsWith('A')) && !codes(m).includes('A14-missing')));
            assert.ok(rechecked, 'the archive found in the new folder');
            // The notification, when sent, goes out with the findings.
            await client.request('textDocument/documentSymbol', { textDocument: { uri } });
            assert.deepEqual(client.sent(ARCHIVES_CHECKED_NOTIFICATION).map((m) => (m.params as CheckArchivesResult).uri), statusNotifications ? [uri] : [], `statusNotifications: ${statusNotifications}`);
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
