/**
 * The server's messages against the LSP 3.17 meta model (read from the installed vscode-languageserver-protocol's
 * declarations by metaModelFromTypes.ts), independently of the hand-written checks of lspShapes.ts: two sessions over
 * stdio (a client that pulls diagnostics and takes code action literals, as VS Code; one that is pushed diagnostics
 * and takes commands only) drive every feature the server advertises on the sample batch and on a text with many
 * kinds of findings, and every answer and every message the server sends of its own is checked against the model.
 * The client's own messages are checked too (a test that sent what no client sends would prove little), and every
 * request method the server answers must be LSP's or one of the server's own that README.md documents.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MetaModel, mismatchText, type MetaType } from './metaModel';
import { RawClient, type Message } from './rawClient';

const model = MetaModel.load();
const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/batch/3501200000_20261125_001.csv');
const SAMPLE_URI = pathToFileURL(SAMPLE).href;
const FINDINGS_URI = pathToFileURL(path.join(ROOT, 'samples/batch/3501200000_20261125_009.csv')).href;
const DRAFT = path.join(ROOT, 'samples/draft/draft.csv');
const ODD_URI = pathToFileURL(path.join(ROOT, 'samples/batch/3501200000_20261125_008.csv')).href;
/** A row longer than the server reads (FILE-row-too-long), a text decoded with replacement characters (FILE-encoding). */
const ODD_TEXT = `${'9'.repeat(70_000)}\n3501200000,12,11511,1151125083000,01,0001,1,A12345\uFFFD789,0750312,33070B,1,11511250845,H,DCF3501200000_C26112500001.7z,,,\n`;

/** The custom methods README.md names (`nhiImaging/…`). */
const DOCUMENTED = new Set(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').match(/nhiImaging\/[A-Za-z]+/g));

const ref = (name: string): MetaType => ({ kind: 'reference', name });

/** A text with findings of many kinds: the sample's rows broken field by field, a short row, a long one, a blank line, a quoted cell, non-BMP text. */
function findingsText(): string {
  const rows = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter((l) => l !== '');
  const broken = (i: number, field: number, value: string): string => {
    const cells = rows[i].split(',');
    cells[field - 1] = value;
    return cells.join(',');
  };
  return [
    'hospital,care,month,visit,type,serial,seq,id,birth,order,report,time,site,file,,,',
    broken(0, 1, '350120000X'),
    broken(1, 3, '11599'),
    broken(2, 4, '1151325083000'),
    broken(3, 8, 'A123456780'),
    broken(4, 9, '0751332'),
    broken(5, 10, '99999Z'),
    broken(6, 12, '11511259999'),
    broken(7, 13, '𝒳𝒴'),
    broken(8, 14, 'photo.jpg'),
    rows[9],
    rows[9],
    rows[10].slice(0, rows[10].lastIndexOf(',')),
    `${rows[11]},extra`,
    '',
    broken(12, 7, '"1"'),
    ...rows.slice(13),
  ].join('\r\n') + '\r\n';
}

/** What a client that declares LSP 3.17's features as VS Code does sends as its capabilities. */
const VS_CODE_LIKE = {
  workspace: {
    applyEdit: true,
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true }, completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => i + 1) }, contextSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true }, contextSupport: true },
    references: {},
    documentHighlight: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true, symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => i + 1) }, labelSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
    formatting: {},
    selectionRange: {},
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    inlayHint: { resolveSupport: { properties: ['tooltip'] } },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
  },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
  general: { positionEncodings: ['utf-16'] },
};

/** A client of LSP 1.0's reach: no code action literals (it is sent commands), no pull, no settings to ask for. */
const COMMANDS_ONLY = {
  workspace: { applyEdit: true },
  textDocument: { hover: { contentFormat: ['plaintext'] }, documentSymbol: {}, publishDiagnostics: { versionSupport: true } },
};

/** A client whose every message is checked against the model, and whose server's answers are. */
class CheckedClient {
  readonly mismatches: string[] = [];
  /** Requests answered by method. */
  readonly asked = new Map<string, number>();
  /** Requests answered with something (not null, not an empty list), by method. */
  readonly answeredWithContent = new Map<string, number>();

  constructor(readonly raw: RawClient) {}

  private expect(what: string, value: unknown, type: MetaType | undefined): void {
    if (!type) {
      if (value !== undefined && value !== null) this.mismatches.push(`${what}: the model gives it no parameters, yet it has ${JSON.stringify(value).slice(0, 80)}`);
      return;
    }
    const m = model.check(value, type);
    if (m) this.mismatches.push(`${what} ${mismatchText(m)}`);
  }

  notify(method: string, params?: unknown): void {
    this.expect(`${method} (client) params`, params, model.method(method)?.params);
    this.raw.notify(method, params);
  }

  /** The result of an LSP request, checked against the model (an error response fails). */
  async request(method: string, params?: unknown): Promise<unknown> {
    const m = model.method(method);
    assert.ok(m && m.messageDirection !== 'serverToClient', `${method} is no client request of LSP 3.17`);
    this.expect(`${method} (client) params`, params, m.params);
    const answer = await this.raw.request(method, params);
    assert.equal(answer.error, undefined, `${method}: ${JSON.stringify(answer.error)}`);
    this.expect(`${method} result`, answer.result, m.result);
    this.asked.set(method, (this.asked.get(method) ?? 0) + 1);
    if (answer.result !== null && !(Array.isArray(answer.result) && answer.result.length === 0)) this.answeredWithContent.set(method, (this.answeredWithContent.get(method) ?? 0) + 1);
    return answer.result;
  }

  /** One of the server's own requests (README documents it): its answer is no LSP type. */
  async custom(method: string, params: unknown): Promise<Message> {
    assert.ok(DOCUMENTED.has(method), `${method} is not documented in README.md`);
    return this.raw.request(method, params);
  }

  /** Every request and notification the server sent: LSP's, with parameters of the model, or documented ones of its own. */
  checkServerMessages(): void {
    for (const message of this.raw.received) {
      if (message.method === undefined) continue;
      const what = `${message.method} (server, ${message.id === undefined ? 'notification' : 'request'})`;
      const m = model.method(message.method);
      if (!m) {
        if (!DOCUMENTED.has(message.method)) this.mismatches.push(`${what}: neither LSP 3.17's nor documented in README.md`);
        continue;
      }
      if (m.messageDirection === 'clientToServer') this.mismatches.push(`${what}: LSP has only the client send it`);
      if (('result' in m) !== (message.id !== undefined)) this.mismatches.push(`${what}: LSP has it a ${'result' in m ? 'request' : 'notification'}`);
      this.expect(`${what} params`, message.params, m.params);
      if (message.method === '$/progress') this.expect(`${what} value`, (message.params as { value: unknown }).value, { kind: 'or', items: ['WorkDoneProgressBegin', 'WorkDoneProgressReport', 'WorkDoneProgressEnd'].map(ref) });
    }
  }
}

/** A position at the start of every field of every line, at its end, and past the end of the line. */
function positionsIn(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  text.split(/\r\n|\n/).forEach((lineText, line) => {
    const commas = [...lineText.matchAll(/,/g)].map((c) => c.index!);
    for (const character of new Set([0, ...commas.map((c) => c + 1), lineText.length])) out.push({ line, character });
  });
  return out;
}

function wholeRange(text: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const lines = text.split(/\r\n|\n/);
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines.at(-1)!.length } };
}

/** The server capabilities the drivers below exercise, by the capability's name. */
const DRIVEN = new Set([
  'textDocumentSync',
  'workspace',
  'diagnosticProvider',
  'hoverProvider',
  'completionProvider',
  'signatureHelpProvider',
  'codeActionProvider',
  'documentFormattingProvider',
  'inlayHintProvider',
  'documentSymbolProvider',
  'selectionRangeProvider',
  'documentHighlightProvider',
  'referencesProvider',
  'executeCommandProvider',
]);

async function driveDocument(client: CheckedClient, uri: string, text: string, pull: boolean): Promise<void> {
  const td = { uri };
  const positions = positionsIn(text);
  if (pull) {
    const report = (await client.request('textDocument/diagnostic', { textDocument: td })) as { resultId?: string };
    await client.request('textDocument/diagnostic', { textDocument: td, previousResultId: report.resultId });
  }
  for (const position of positions) {
    await client.request('textDocument/hover', { textDocument: td, position });
    await client.request('textDocument/completion', { textDocument: td, position, context: { triggerKind: 1 } });
    await client.request('textDocument/signatureHelp', { textDocument: td, position, context: { triggerKind: 1, isRetrigger: false } });
    await client.request('textDocument/documentHighlight', { textDocument: td, position });
    await client.request('textDocument/references', { textDocument: td, position, context: { includeDeclaration: true } });
    await client.custom('nhiImaging/fieldAt', { textDocument: td, position });
  }
  await client.request('textDocument/selectionRange', { textDocument: td, positions });
  await client.request('textDocument/inlayHint', { textDocument: td, range: wholeRange(text) });
  await client.request('textDocument/documentSymbol', { textDocument: td });
  const deadlines = await client.custom('nhiImaging/deadlines', { uri });
  assert.equal(deadlines.error, undefined, JSON.stringify(deadlines.error));
  await client.request('textDocument/formatting', { textDocument: td, options: { tabSize: 4, insertSpaces: true } });
  const diagnostics = pull
    ? ((await client.request('textDocument/diagnostic', { textDocument: td })) as { items: unknown[] }).items
    : ((await client.raw.published(uri, 1)).params as { diagnostics: unknown[] }).diagnostics;
  assert.ok(diagnostics.length > 0, `${uri}: no diagnostics to ask code actions for`);
  const actions = (await client.request('textDocument/codeAction', { textDocument: td, range: wholeRange(text), context: { diagnostics, triggerKind: 1 } })) as { data?: unknown; command?: unknown; title: string }[];
  for (const action of actions) if (action.data !== undefined) await client.request('codeAction/resolve', action);
}

describe('LSP meta model: the checks themselves', () => {
  it('reads every type the model names, and knows LSP 3.17 methods from 3.18 proposals', () => {
    assert.match(model.source, /^vscode-languageserver-protocol@3\.17\.\d+, vscode-languageserver-types@3\.17\.\d+$/);
    assert.equal(model.method('textDocument/hover')?.messageDirection, 'clientToServer');
    assert.equal(model.method('textDocument/inlineCompletion'), undefined, 'a 3.18 proposal');
    assert.ok(model.methodsFrom('server', 'notification').includes('textDocument/publishDiagnostics'));
    assert.ok(model.methodsFrom('client', 'request').includes('completionItem/resolve'));
    assert.ok(!model.methodsFrom('client', 'request').includes('workspace/configuration'));
  });

  it('takes what LSP allows', () => {
    const ok: [unknown, string][] = [
      [{ line: 0, character: 2 ** 31 - 1 }, 'Position'],
      [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, message: 'm', severity: 2, code: 'F09', codeDescription: { href: 'https://example.org/rules.md#f09' }, data: { any: [1, 'x', null] } }, 'Diagnostic'],
      [{ contents: { kind: 'markdown', value: 'x' } }, 'Hover'],
      [{ contents: ['plain', { language: 'csv', value: 'a,b' }] }, 'Hover'],
      [{ title: 't', kind: 'quickfix.custom', edit: { changes: { 'file:///a.csv': [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '' }] } } }, 'CodeAction'],
      [{ label: [0, 3] }, 'ParameterInformation'],
      [{ kind: 'full', items: [] }, 'DocumentDiagnosticReport'],
      [{ capabilities: { positionEncoding: 'utf-16', semanticTokensProvider: { legend: { tokenTypes: ['x'], tokenModifiers: [] }, range: {} } } }, 'InitializeResult'],
      [{ token: 'a', value: { kind: 'begin', title: 'x', percentage: 0 } }, 'ProgressParams'],
      [{ tabSize: 4, insertSpaces: true, 'editor.x': 'y', 'editor.n': -1 }, 'FormattingOptions'],
      [{ capabilities: { experimental: { any: [null] } } }, 'InitializeResult'],
    ];
    for (const [value, type] of ok) assert.equal(mismatchText(model.check(value, ref(type))), 'matches', type);
  });

  it('names the JSON path of the first mismatch', () => {
    const bad: [unknown, string, string][] = [
      [{ line: -1, character: 0 }, 'Position', '$.line: -1 is no uinteger'],
      [{ line: 2 ** 31, character: 0 }, 'Position', '$.line: 2147483648 is no uinteger'],
      [{ line: 0 }, 'Position', '$.character: missing (Position requires it)'],
      [{ line: 0, character: 0, offset: 1 }, 'Position', '$.offset: Position has no property offset'],
      [{ uri: '/home/a.csv', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, 'Location', '$.uri: "/home/a.csv" is no DocumentUri'],
      [{ uri: 'file:///a b.csv', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, 'Location', '$.uri: "file:///a b.csv" is no DocumentUri'],
      [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm', severity: 5 }, 'Diagnostic', '$.severity: 5 is no DiagnosticSeverity (1, 2, 3, 4)'],
      [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1.5 } }, message: 'm' }, 'Diagnostic', '$.range.end.character: 1.5 is no uinteger'],
      [{ contents: { kind: 'html', value: 'x' } }, 'Hover', '$.contents.kind: "html" is no MarkupKind ("plaintext", "markdown")'],
      [{ kind: 'partial', items: [] }, 'DocumentDiagnosticReport', '$.kind: "partial" is not "full"; or "partial" is not "unchanged"'],
      [{ label: [0] }, 'ParameterInformation', '$.label: [0] is none of string | [uinteger, uinteger]'],
      [{ title: 't', tooltip: 'x', command: 'c' }, 'Command', '$.tooltip: Command has no property tooltip'],
      [{ capabilities: { inlineCompletionProvider: true } }, 'InitializeResult', '$.capabilities.inlineCompletionProvider: ServerCapabilities has no property inlineCompletionProvider in LSP 3.17 (a 3.18 proposal)'],
      [{ changes: { 'file:///a.csv': [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] } }, 'WorkspaceEdit', '$.changes["file:///a.csv"][0].newText: missing (TextEdit requires it)'],
      [{ type: 5, message: 'x' }, 'LogMessageParams', '$.type: 5 is no MessageType (1, 2, 3, 4)'],
      [{ position: { line: 0, character: 0 }, label: 'x', kind: 3 }, 'InlayHint', '$.kind: 3 is no InlayHintKind (1, 2)'],
      [{ position: { line: 0, character: 0 }, label: 'x', tooltip: 'y', note: 'z' }, 'InlayHint', '$.note: InlayHint has no property note'],
      [{ tabSize: 4, insertSpaces: true, 'editor.x': null }, 'FormattingOptions', '$["editor.x"]: null is none of boolean | integer | string'],
      [{ capabilities: { hoverProvider: 'yes' } }, 'InitializeResult', '$.capabilities.hoverProvider: "yes" is none of boolean | HoverOptions'],
    ];
    for (const [value, type, expected] of bad) assert.equal(mismatchText(model.check(value, ref(type))), expected, type);
  });
});

describe('LSP meta model: the server over stdio', function () {
  this.timeout(60000);

  it('answers a client that pulls, as VS Code, in LSP 3.17 types: every advertised feature, the sample batch and a text of many findings', async () => {
    // A cap of few diagnostics, so that the notice of those left out is sent too.
    const settings = { language: 'en', maxDiagnostics: 12 };
    const raw = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0' }, { answers: { 'workspace/configuration': (p) => (p as { items: unknown[] }).items.map(() => ({ ...settings })) } });
    const client = new CheckedClient(raw);
    try {
      const init = (await client.request('initialize', {
        processId: null,
        clientInfo: { name: 'meta-model test' },
        locale: 'en',
        rootUri: pathToFileURL(ROOT).href,
        capabilities: VS_CODE_LIKE,
        initializationOptions: { statusNotifications: true },
        workspaceFolders: [{ uri: pathToFileURL(ROOT).href, name: 'repo' }],
      })) as { capabilities: Record<string, unknown> };
      const advertised = Object.keys(init.capabilities);
      assert.deepEqual(advertised.filter((c) => !DRIVEN.has(c)), [], 'capabilities this test does not drive');
      client.notify('initialized', {});
      const sample = fs.readFileSync(SAMPLE, 'utf8');
      const findings = findingsText();
      client.notify('textDocument/didOpen', { textDocument: { uri: SAMPLE_URI, languageId: 'nhi-imaging-csv', version: 1, text: sample } });
      client.notify('textDocument/didOpen', { textDocument: { uri: FINDINGS_URI, languageId: 'nhi-imaging-csv', version: 1, text: findings } });
      await driveDocument(client, SAMPLE_URI, sample, true);
      await driveDocument(client, FINDINGS_URI, findings, true);
      const draft = fs.readFileSync(DRAFT, 'utf8');
      client.notify('textDocument/didOpen', { textDocument: { uri: pathToFileURL(DRAFT).href, languageId: 'nhi-imaging-csv', version: 1, text: draft } });
      await driveDocument(client, pathToFileURL(DRAFT).href, draft, true);
      client.notify('textDocument/didOpen', { textDocument: { uri: ODD_URI, languageId: 'nhi-imaging-csv', version: 1, text: ODD_TEXT } });
      await driveDocument(client, ODD_URI, ODD_TEXT, true);

      // An edit, a save, the settings changed (the server asks for them again, then asks the client to pull again).
      client.notify('textDocument/didChange', { textDocument: { uri: FINDINGS_URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }] });
      await client.request('textDocument/diagnostic', { textDocument: { uri: FINDINGS_URI } });
      client.notify('textDocument/didSave', { textDocument: { uri: SAMPLE_URI } });
      settings.language = 'zh-TW';
      client.notify('workspace/didChangeConfiguration', { settings: null });
      await raw.waitFor(() => raw.sent('workspace/diagnostic/refresh')[0]);
      // Progress of one of the server's own requests, reported as $/progress for the client's token.
      const checked = await client.custom('nhiImaging/checkFile', { uri: SAMPLE_URI, workDoneToken: 'check-1' });
      assert.equal(checked.error, undefined, JSON.stringify(checked.error));
      await raw.waitFor(() => raw.sent('$/progress').find((m) => (m.params as { value: { kind: string } }).value.kind === 'end'));
      // A notification of parameters LSP does not give it is logged (window/logMessage).
      raw.notify('textDocument/didSave', { textDocument: 'not a document' });
      await raw.waitFor(() => raw.sent('window/logMessage')[0]);

      // Every request method the server answers (not MethodNotFound) is LSP's or documented.
      const candidates = new Set([...model.methodsFrom('client', 'request').filter((m) => m !== 'shutdown' && m !== 'initialize'), ...methodNamesInSource()]);
      const answered: string[] = [];
      for (const method of candidates) {
        const answer = await raw.request(method, {});
        if (answer.error?.code !== -32601) answered.push(method);
      }
      const unknown = answered.filter((m) => !model.method(m) && !DOCUMENTED.has(m));
      assert.deepEqual(unknown, [], 'requests the server answers that are neither LSP 3.17 nor documented in README.md');
      for (const m of ['textDocument/hover', 'nhiImaging/checkFile', 'nhiImaging/fieldAt']) assert.ok(answered.includes(m), `${m} is answered`);

      await client.request('shutdown');
      client.notify('exit');
      client.checkServerMessages();
      // What the server sends of its own in such a session, each checked above.
      for (const method of ['workspace/configuration', 'client/registerCapability', 'workspace/diagnostic/refresh', '$/progress', 'window/logMessage', 'nhiImaging/status']) {
        assert.ok(raw.sent(method).length > 0, `the server sent no ${method}`);
      }
      assert.deepEqual(client.mismatches.slice(0, 20), []);
      // The answers checked were of substance, not only nulls and empty lists.
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/signatureHelp', 'textDocument/documentHighlight', 'textDocument/references', 'textDocument/selectionRange', 'textDocument/inlayHint', 'textDocument/documentSymbol', 'textDocument/formatting', 'textDocument/codeAction', 'codeAction/resolve']) {
        assert.ok((client.answeredWithContent.get(method) ?? 0) > 0, `${method} never answered with content`);
      }
    } finally {
      await raw.stop();
    }
  });

  it('answers a client that takes commands only and is pushed diagnostics, in LSP 3.17 types', async () => {
    const raw = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0' }, { answers: { 'workspace/applyEdit': () => ({ applied: true }) } });
    const client = new CheckedClient(raw);
    try {
      const init = (await client.request('initialize', { processId: null, rootUri: null, capabilities: COMMANDS_ONLY })) as { capabilities: Record<string, unknown> };
      assert.ok(init.capabilities.executeCommandProvider, 'a client of commands is given a command to run');
      client.notify('initialized', {});
      const findings = findingsText();
      client.notify('textDocument/didOpen', { textDocument: { uri: FINDINGS_URI, languageId: 'nhi-imaging-csv', version: 1, text: findings } });
      await driveDocument(client, FINDINGS_URI, findings, false);
      const diagnostics = ((await raw.published(FINDINGS_URI, 1)).params as { diagnostics: unknown[] }).diagnostics;
      const commands = (await client.request('textDocument/codeAction', { textDocument: { uri: FINDINGS_URI }, range: wholeRange(findings), context: { diagnostics } })) as { command: string; arguments?: unknown[] }[];
      const command = commands.find((c) => c.arguments !== undefined);
      assert.ok(command, 'a command with arguments');
      await client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
      assert.ok(raw.sent('workspace/applyEdit').length > 0, 'the command asks the client to apply its edit');
      client.notify('textDocument/didClose', { textDocument: { uri: FINDINGS_URI } });
      await raw.waitFor(() => raw.sent('textDocument/publishDiagnostics').find((m) => (m.params as { diagnostics: unknown[] }).diagnostics.length === 0));
      await client.request('shutdown');
      client.checkServerMessages();
      assert.deepEqual(client.mismatches.slice(0, 20), []);
    } finally {
      await raw.stop();
    }
  });
});

/** The `nhiImaging/…` method names in the server's and the extension's source: what a client could try. */
function methodNamesInSource(): string[] {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) for (const m of fs.readFileSync(file, 'utf8').matchAll(/nhiImaging\/[A-Za-z]+/g)) names.add(m[0]);
    }
  };
  walk(path.join(ROOT, 'server/src'));
  walk(path.join(ROOT, 'client/src'));
  return [...names];
}
