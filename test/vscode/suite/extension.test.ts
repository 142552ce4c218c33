/**
 * The extension in a real VS Code: language association, the language server's diagnostics,
 * hover, completion, highlights, references and quick fixes through VS Code's own provider commands, settings, and
 * the extension's commands. The workspace is test/vscode/fixtures/workspace (copied by the
 * runner), whose settings fix the deadline reference time and the message language (en).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { FeatureContext } from '../../../client/src/feature';
import { DeadlinesTree } from '../../../client/src/deadlinesView';
import type { DeadlinesResult } from '../../../server/src/shared/protocol';
import { codeOf, waitFor, withMessagesRecorded } from './helpers';

const EXTENSION_ID = 'nhi-imaging.nhi-imaging-upload';
const LANGUAGE_ID = 'nhi-imaging-csv';
const UPLOAD_CSV = '3501200000_20261125_001.csv';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nhi-imaging');
}

/** The range of field `field` (1-based) on `line`, from the text itself. */
function fieldRange(doc: vscode.TextDocument, line: number, field: number): vscode.Range {
  const text = doc.lineAt(line).text;
  let start = 0;
  for (let f = 1; f < field; f++) start = text.indexOf(',', start) + 1;
  const comma = text.indexOf(',', start);
  return new vscode.Range(line, start, line, comma < 0 ? text.length : comma);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function completionLabels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('NHI Imaging extension in VS Code', function () {
  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    await open(UPLOAD_CSV);
    await waitFor('the extension to activate', () => ext.isActive);
    console.log(`workspace trusted: ${vscode.workspace.isTrusted}; VS Code ${vscode.version}; display language ${vscode.env.language}`);
  });

  describe('language association', function () {
    for (const [name, expected] of [
      ['3501200000_20261125_001.csv', true],
      ['3501200000_20261125_0001.csv', true],
      ['3501200000_20261125_00001.csv', true],
      ['3501200000_20261125_123456.csv', true],
      ['3501200000_20261125_01.csv', false],
      ['3501200000_20261125_1234567.csv', false],
      ['3501200000_2026112A_001.csv', false],
      ['notes.csv', false],
    ] as const) {
      it(`${expected ? 'gives' : 'does not give'} ${name} the upload-CSV language`, async function () {
        const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
        assert.equal(doc.languageId === LANGUAGE_ID, expected, `languageId is ${doc.languageId}`);
      });
    }
  });

  describe('diagnostics, hover, completion and quick fixes from the language server', function () {
    let doc: vscode.TextDocument;
    before(async function () {
      doc = await open(UPLOAD_CSV);
    });

    it('publishes diagnostics with rule ids and links to the rule reference', async function () {
      const diags = await waitFor('diagnostics on the upload CSV', () => {
        const d = diagnosticsOf(doc.uri);
        return d.length > 0 ? d : undefined;
      });
      for (const d of diags) {
        assert.match(codeOf(d), /\S/, 'each diagnostic carries its rule id as code');
        if (typeof d.code === 'object') assert.match(d.code.target.toString(), /rules\.md#/i);
      }
      // Row 2 has "01 " in field 5 (trailing space), row 3 a Gregorian birth date in field 9.
      const spaced = fieldRange(doc, 1, 5);
      assert.ok(
        diags.some((d) => d.range.intersection(spaced) && d.severity === vscode.DiagnosticSeverity.Error),
        `an error on field 5 of line 2; got ${JSON.stringify(diags.map((d) => [codeOf(d), d.range.start.line, d.range.start.character]))}`,
      );
      const birth = fieldRange(doc, 2, 9);
      assert.ok(diags.some((d) => d.range.intersection(birth) && d.severity === vscode.DiagnosticSeverity.Error), 'an error on field 9 of line 3');
      const chinese = diags.filter((d) => /[\u4e00-\u9fff]/.test(d.message)).map((d) => d.message);
      assert.deepEqual(chinese, [], 'messages follow nhiImaging.language = en');
    });

    it('answers a hover on the order code with its Chinese name', async function () {
      const cell = fieldRange(doc, 0, 10);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, cell.start.translate(0, 2));
      const text = hoverText(hovers);
      assert.match(text, /33070B/);
      assert.match(text, /電腦斷層造影/);
    });

    it('answers a hover on an ROC date with the Gregorian date', async function () {
      const cell = fieldRange(doc, 0, 12);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, cell.start.translate(0, 3));
      assert.match(hoverText(hovers), /2026-11-25/);
    });

    it('answers signature help with the field under the cursor as the active parameter', async function () {
      const cell = fieldRange(doc, 0, 12);
      const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', doc.uri, cell.start.translate(0, 3), ',');
      assert.ok(help, 'signature help answered');
      assert.equal(help.activeParameter, 11);
      const parameter = help.signatures[help.activeSignature].parameters[11];
      const [from, to] = parameter.label as [number, number];
      assert.equal(help.signatures[help.activeSignature].label.slice(from, to), '12 exam time');
      assert.match((parameter.documentation as vscode.MarkdownString).value, /2026-11-25/);
    });

    it('expands the selection from a cell to its row', async function () {
      const cell = fieldRange(doc, 0, 10);
      const [ranges] = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', doc.uri, [cell.start.translate(0, 2)]);
      const chain: vscode.Range[] = [];
      for (let r: vscode.SelectionRange | undefined = ranges; r; r = r.parent) chain.push(r.range);
      assert.ok(chain.some((r) => r.isEqual(cell)), `the cell among ${JSON.stringify(chain)}`);
      assert.ok(chain.some((r) => r.isEqual(doc.lineAt(0).range)), 'the row');
    });

    it('highlights the equal hospital codes of visits of one row, and a visit\'s report serials; lists its rows as references', async function () {
      const codes = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, fieldRange(doc, 1, 1).start.translate(0, 2));
      assert.deepEqual(codes.map((h) => h.range), [0, 1, 2].map((line) => fieldRange(doc, line, 1)), 'the hospital code of each row, each row a visit of its own');
      // Two reports of one visit (fields 1, 4, 5, 6, 8, 15, 16 alike), in a new untitled upload CSV.
      const first = doc.lineAt(0).text;
      const second = first.replace(',1,11511250900,', ',2,11511250905,').replace('_000000000001.7z', '_000000000004.7z');
      const visit = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: `${first}\n${second}\n` });
      await vscode.window.showTextDocument(visit);
      try {
        const serial = fieldRange(visit, 1, 11);
        const serials = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', visit.uri, serial.start);
        assert.deepEqual(serials.map((h) => h.range), [fieldRange(visit, 0, 11), serial]);
        const rows = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', visit.uri, fieldRange(visit, 0, 14).start.translate(0, 3));
        assert.deepEqual(rows.map((l) => [l.uri.toString(), l.range]), [0, 1].map((line) => [visit.uri.toString(), fieldRange(visit, line, 14)]));
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it('completes care categories in field 2 and order codes in field 10', async function () {
      const care = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider', doc.uri, fieldRange(doc, 0, 2).start,
      );
      const careLabels = completionLabels(care);
      for (const code of ['11', '12', '13', '22', '50']) assert.ok(careLabels.some((l) => l.startsWith(code)), `care category ${code} offered`);
      const orders = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider', doc.uri, fieldRange(doc, 0, 10).start,
      );
      const orderLabels = completionLabels(orders);
      for (const code of ['33070B', '34004C', '32001C']) assert.ok(orderLabels.some((l) => l.startsWith(code)), `order ${code} offered`);
    });

    it('formats the document with the edits of Fix All, none of which VS Code applies on save unasked', async function () {
      const spaced = fieldRange(doc, 1, 5);
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true });
      assert.ok(edits?.some((e) => spaced.contains(e.range) && doc.getText(e.range) === ' ' && e.newText === ''), `an edit trimming field 5; got ${JSON.stringify(edits)}`);
      assert.equal(vscode.workspace.getConfiguration('editor', { uri: doc.uri, languageId: doc.languageId }).get('formatOnSave'), false);
    });

    it('applies a quick fix that trims the space in field 5', async function () {
      const spaced = fieldRange(doc, 1, 5);
      assert.equal(doc.getText(spaced), '01 ');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', doc.uri, spaced, vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.edit && a.edit.get(doc.uri).some((e) => e.range.intersection(spaced)));
      assert.ok(fix, `a quick fix with an edit on field 5; got ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'edit applied');
      assert.equal(doc.getText(fieldRange(doc, 1, 5)), '01');
      await waitFor('the field-5 diagnostic to go away', () =>
        diagnosticsOf(doc.uri).some((d) => d.range.intersection(fieldRange(doc, 1, 5)) && d.severity === vscode.DiagnosticSeverity.Error)
          ? undefined
          : true,
      );
    });

    it('follows nhiImaging.severity: a rule set to "off" disappears', async function () {
      const birth = fieldRange(doc, 2, 9);
      const target = diagnosticsOf(doc.uri).find((d) => d.range.intersection(birth));
      assert.ok(target, 'a diagnostic on field 9 of line 3');
      const rule = codeOf(target);
      const config = vscode.workspace.getConfiguration('nhiImaging');
      await config.update('severity', { [rule]: 'off' }, vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor(`rule ${rule} to be silenced`, () => (diagnosticsOf(doc.uri).some((d) => codeOf(d) === rule) ? undefined : true));
      } finally {
        await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor(`rule ${rule} to come back`, () => (diagnosticsOf(doc.uri).some((d) => codeOf(d) === rule) ? true : undefined));
    });

    it('follows nhiImaging.language: Traditional Chinese, then "auto" = the display language', async function () {
      const config = vscode.workspace.getConfiguration('nhiImaging');
      await config.update('language', 'zh-TW', vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('Chinese messages', () => {
          const d = diagnosticsOf(doc.uri);
          return d.length > 0 && d.every((x) => /[\u4e00-\u9fff]/.test(x.message)) ? true : undefined;
        });
        // "auto" follows VS Code's display language, which is English here.
        assert.equal(vscode.env.language, 'en');
        await config.update('language', 'auto', vscode.ConfigurationTarget.Workspace);
        await waitFor('English messages again', () => {
          const d = diagnosticsOf(doc.uri);
          return d.length > 0 && d.every((x) => !/[\u4e00-\u9fff]/.test(x.message)) ? true : undefined;
        });
      } finally {
        await config.update('language', 'en', vscode.ConfigurationTarget.Workspace);
      }
    });
  });

  describe('document symbols (Outline, breadcrumbs)', function () {
    const symbolsOf = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);

    it('names each row, and past nhiImaging.maxDocumentSymbols one symbol spans the rows left out', async function () {
      const doc = await open(UPLOAD_CSV);
      const all = await waitFor('a symbol a row', async () => {
        const s = await symbolsOf(doc.uri);
        return s?.length === 3 ? s : undefined;
      });
      assert.deepEqual(all.map((s) => s.name.split(' · ')[0]), ['row 1', 'row 2', 'row 3']);
      assert.match(all[0].name, /^row 1 · 33070B 電腦斷層造影/);
      const config = vscode.workspace.getConfiguration('nhiImaging');
      await config.update('maxDocumentSymbols', 1, vscode.ConfigurationTarget.Workspace);
      try {
        // VS Code keeps a text's symbols until its next version: each try asks for those of a new document.
        const capped = await waitFor('the symbols capped', async () => {
          const copy = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: doc.getText() });
          const s = await symbolsOf(copy.uri);
          return s?.length === 2 ? s : undefined;
        });
        assert.equal(capped[1].name, 'rows 2–3 not listed (only row 1 is listed; setting nhiImaging.maxDocumentSymbols)');
        assert.deepEqual([capped[1].range.start.line, capped[1].range.end.line], [1, 2]);
      } finally {
        await config.update('maxDocumentSymbols', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });

  describe('the Upload Incentive Deadlines view', function () {
    /** The view's nodes of the upload CSV, once its document node has `rows` rows (and the last row's label matches `last`). */
    const nodesOf = async (doc: vscode.TextDocument, rows: number, last?: RegExp) => {
      const { deadlines } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      assert.ok(deadlines, 'the extension exports the view\'s provider');
      return waitFor(`the deadlines of ${rows} rows`, async () => {
        const top = await deadlines.getChildren();
        const node = top.find((n) => n.kind === 'document' && n.uri === doc.uri.toString());
        const children = node ? await deadlines.getChildren(node) : [];
        const items = children.map((c) => deadlines.getTreeItem(c));
        if (items.length !== rows || (last && !last.test(String(items[rows - 1].label)))) return undefined;
        return { document: deadlines.getTreeItem(node!), rows: items };
      });
    };

    it('lists the open upload CSV\'s rows by deadline, the time left at the reference time, and shows a row on click', async function () {
      const doc = await open(UPLOAD_CSV);
      const { document, rows } = await nodesOf(doc, 3);
      assert.equal(document.description, '3 open · 0 missed');
      assert.equal(document.resourceUri?.toString(), doc.uri.toString());
      assert.deepEqual(rows.map((r) => [r.label, r.description]), [
        ['23 h left · row 1', '33070B CT without contrast · A12****789'],
        ['23 h 30 min left · row 2', '32001C chest X-ray (all views) · F22****222'],
        ['24 h left · row 3', '33084B MRI without contrast · B12****781'],
      ]);
      assert.equal(rows[0].tooltip, 'Incentive deadline 2026-11-26 09:00 (UTC+8)\n24 h after the exam');
      assert.deepEqual(rows.map((r) => (r.iconPath as vscode.ThemeIcon).id), ['clock', 'clock', 'clock']);
      const click = rows[1].command!;
      assert.equal(click.command, 'vscode.open');
      await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
      assert.equal(vscode.window.activeTextEditor?.selection.active.line, 1);
    });

    it('asks again once the server has validated an edit', async function () {
      const doc = await open(UPLOAD_CSV);
      const exam = fieldRange(doc, 0, 12);
      const before = doc.getText(exam);
      const edit = new vscode.WorkspaceEdit();
      // Row 1's exam a day earlier: its deadline passed an hour before the reference time, so it comes after the open ones.
      edit.replace(doc.uri, exam, '11511240900');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        const { document, rows } = await nodesOf(doc, 3, /^missed 1 h ago · row 1$/);
        assert.equal(document.description, '2 open · 1 missed');
        assert.deepEqual(rows.map((r) => String(r.label).split(' · ')[1]), ['row 2', 'row 3', 'row 1']);
        assert.deepEqual(rows.map((r) => (r.iconPath as vscode.ThemeIcon).id), ['clock', 'clock', 'error']);
        assert.equal(((rows[2].iconPath as vscode.ThemeIcon).color as unknown as { id: string }).id, 'list.errorForeground');
      } finally {
        const undo = new vscode.WorkspaceEdit();
        undo.replace(doc.uri, fieldRange(doc, 0, 12), before);
        await vscode.workspace.applyEdit(undo);
      }
    });

    it('keeps no answer that comes after its document was closed: reopened, the document is asked about again', async function () {
      const doc = await open(UPLOAD_CSV);
      const uri = doc.uri.toString();
      const asked: string[] = [];
      let answer: (result: DeadlinesResult | null) => void = () => undefined;
      const client = {
        state: State.Running,
        sendRequest<R>(_method: string, params: { uri: string }): Promise<R> {
          // Other upload CSVs the suite opened are not the server's here.
          if (params.uri !== uri) return Promise.resolve(null as R);
          asked.push(params.uri);
          return new Promise<DeadlinesResult | null>((resolve) => (answer = resolve)) as Promise<R>;
        },
      };
      const tree = new DeadlinesTree(client);
      const shown = tree.getChildren();
      await waitFor('the request', () => asked.includes(uri));
      // The document closes (what onDidCloseTextDocument does) while the server's answer is on its way.
      tree.forget(uri);
      answer({ uri, version: 1, rows: [], open: 4, missed: 0, omitted: 0 });
      await shown;
      // Opened again, the server does not hold it yet: the view shows nothing of it rather than what was before.
      asked.length = 0;
      const again = tree.getChildren();
      await waitFor('the second request', () => asked.includes(uri));
      answer(null);
      assert.deepEqual((await again).filter((n) => n.kind === 'document' && n.uri === uri), []);
    });

    it('counts and sorts a row whose deadline passed since the answer as missed, when the reference time is now', async function () {
      const doc = await open(UPLOAD_CSV);
      const uri = doc.uri.toString();
      const answered = Date.now() - 5 * 60_000;
      const row = (index: number, at: number) => ({
        row: index, line: index, deadline: new Date(at).toISOString(), msLeft: at - answered, basis: '24 h after the exam', orderCode: '33070B', orderName: '', maskedId: '',
      });
      // Row 1's deadline was 2 min 30 s ahead when the server answered, 5 min ago (half minutes: the labels count whole ones).
      const rows = [row(0, answered + 150_000), row(1, answered + 5 * 3600_000 + 30_000)];
      const answers: (() => DeadlinesResult)[] = [
        () => ({ uri, version: 1, rows, open: 2, missed: 0, omitted: 0 }),
        () => ({ uri, version: 1, rows, open: 7, missed: 0, omitted: 5 }),
        // By the time of this request.
        () => ({ uri, version: 1, rows: [rows[1], rows[0]].map((r) => ({ ...r, msLeft: Date.parse(r.deadline) - Date.now() })), open: 6, missed: 1, omitted: 5 }),
      ];
      let asked = 0;
      const client = {
        state: State.Running,
        sendRequest<R>(_method: string, params: { uri: string }): Promise<R> {
          return Promise.resolve((params.uri === uri ? answers[asked++]() : null) as R);
        },
      };
      const tree = new DeadlinesTree(client);
      const shown = async () => {
        const node = (await tree.getChildren()).find((n) => n.kind === 'document' && n.uri === uri)!;
        const children = (await tree.getChildren(node)).map((c) => tree.getTreeItem(c));
        return [tree.getTreeItem(node).description, ...children.map((c) => `${String(c.label)} ${(c.iconPath as vscode.ThemeIcon | undefined)?.id}`)];
      };
      const config = vscode.workspace.getConfiguration('nhiImaging');
      const before = config.inspect<string>('deadlineReferenceTime')?.workspaceValue;
      await config.update('deadlineReferenceTime', 'now', vscode.ConfigurationTarget.Workspace);
      try {
        assert.deepEqual(await shown(), ['1 open · 1 missed', '4 h 55 min left · row 2 clock', 'missed 2 min ago · row 1 error']);
        assert.equal(asked, 1);
        // With rows left out, the passed deadline leaves the counts unknown: asked again, the server answers by the time of the request.
        tree.invalidate(uri);
        assert.deepEqual((await shown())[0], '6 open · 1 missed');
        assert.equal(asked, 3);
      } finally {
        await config.update('deadlineReferenceTime', before, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('asks for the deadlines again after the message language changed, so that its own texts and the server\'s are in one language', async function () {
      const doc = await open(UPLOAD_CSV);
      const uri = doc.uri.toString();
      const asked: string[] = [];
      const client = {
        state: State.Running,
        sendRequest<R>(_method: string, params: { uri: string }): Promise<R> {
          if (params.uri !== uri) return Promise.resolve(null as R);
          asked.push(params.uri);
          return Promise.resolve({ uri, version: 1, rows: [], open: 0, missed: 0, omitted: 0 } as R);
        },
      };
      const tree = new DeadlinesTree(client);
      await tree.getChildren();
      await tree.getChildren();
      assert.equal(asked.length, 1, 'a kept answer is shown again without asking');
      const config = vscode.workspace.getConfiguration('nhiImaging');
      const before = config.inspect<string>('language')?.workspaceValue;
      await config.update('language', 'zh-TW', vscode.ConfigurationTarget.Workspace);
      try {
        await tree.getChildren();
        assert.equal(asked.length, 2, 'asked again in the new language');
        await tree.getChildren();
        assert.equal(asked.length, 2, 'and kept');
      } finally {
        await config.update('language', before, vscode.ConfigurationTarget.Workspace);
      }
    });
  });

  describe('commands', function () {
    it('"Treat This File as an Upload CSV" switches the language and brings diagnostics', async function () {
      const doc = await open('export.csv');
      assert.notEqual(doc.languageId, LANGUAGE_ID);
      await vscode.commands.executeCommand('nhiImaging.treatAsUploadCsv');
      const current = await waitFor('the language switch', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString() && d.languageId === LANGUAGE_ID),
      );
      assert.equal(current.languageId, LANGUAGE_ID);
      await waitFor('diagnostics on export.csv', () => (diagnosticsOf(doc.uri).length > 0 ? true : undefined));
    });

    it('"Treat This File as an Upload CSV" brings diagnostics after the server was stopped and started, and takes them away with the language', async function () {
      const { client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      const plain = workspaceFile('draft after restart.csv');
      const opened = workspaceFile('draft opened before.csv');
      for (const copy of [plain, opened]) await vscode.workspace.fs.copy(workspaceFile('export.csv'), copy, { overwrite: true });
      const treat = async (uri: vscode.Uri) => {
        await vscode.commands.executeCommand('nhiImaging.treatAsUploadCsv', uri);
        await waitFor(`the language switch of ${uri.path}`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === LANGUAGE_ID));
        await waitFor(`diagnostics on ${uri.path}`, () => (diagnosticsOf(uri).length > 0 ? true : undefined));
      };
      try {
        // One document is open (not as an upload CSV) across the stop and start, the other is opened after it.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(opened), { preview: false });
        await waitFor('the language server', () => client.isRunning());
        await client.stop();
        await vscode.commands.executeCommand('nhiImaging.restartServer');
        assert.ok(client.isRunning(), 'started again');
        await treat(opened);
        const doc = await vscode.workspace.openTextDocument(plain);
        await vscode.window.showTextDocument(doc, { preview: false });
        assert.notEqual(doc.languageId, LANGUAGE_ID);
        await treat(plain);
        // Switched to another language the file is no upload CSV: its diagnostics go; treated again, they come back.
        await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
        await waitFor('the diagnostics to go with the language', () => (diagnosticsOf(plain).length === 0 ? true : undefined));
        await treat(plain);
      } finally {
        for (const copy of [plain, opened]) {
          await vscode.window.showTextDocument(copy);
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
          await vscode.workspace.fs.delete(copy);
        }
      }
    });

    it('remembers "Treat This File as an Upload CSV" for the workspace, and forgets it when the user picks another language', async function () {
      const { extension } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      const treated = () => extension.workspaceState.get<string[]>('nhiImaging.treatedAsUploadCsv', []);
      const doc = await open('notes.csv');
      await vscode.commands.executeCommand('nhiImaging.treatAsUploadCsv');
      await waitFor('the language switch', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString() && d.languageId === LANGUAGE_ID));
      assert.ok(treated().includes(doc.uri.toString()), 'remembered in the workspace state');
      await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
      await waitFor('the choice to be forgotten', () => !treated().includes(doc.uri.toString()));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString())?.languageId, 'plaintext', 'not switched back');
    });

    it('"Fix All Mechanical Problems" applies the fixes of the file', async function () {
      const doc = await open('export.csv');
      await waitFor('diagnostics on export.csv', () => (diagnosticsOf(doc.uri).length > 0 ? true : undefined));
      assert.equal(doc.getText(fieldRange(doc, 0, 5)), '01 ');
      assert.equal(await vscode.commands.executeCommand('nhiImaging.fixAll'), true, 'an edit was applied');
      assert.equal(doc.getText(fieldRange(doc, 0, 5)), '01');
      await waitFor('the field-5 diagnostic to go away', () =>
        diagnosticsOf(doc.uri).some((d) => d.range.intersection(fieldRange(doc, 0, 5))) ? undefined : true,
      );
      assert.equal(await vscode.commands.executeCommand('nhiImaging.fixAll', doc.uri), false, 'nothing left to fix');
    });

    it('shows the server log and restarts the server, after which diagnostics come back', async function () {
      await vscode.commands.executeCommand('nhiImaging.showServerLog');
      await vscode.commands.executeCommand('nhiImaging.restartServer');
      const doc = await open(UPLOAD_CSV);
      await waitFor('diagnostics after the restart', () => (diagnosticsOf(doc.uri).length > 0 ? true : undefined));
    });

    it('logs the server\'s end on Restart Language Server as information, with no error in the Output channel', async function () {
      const { output } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      const lines: string[] = [];
      const appendLine = output.appendLine;
      output.appendLine = (line: string) => {
        lines.push(line);
        appendLine.call(output, line);
      };
      try {
        await vscode.commands.executeCommand('nhiImaging.restartServer');
        // The process's exit event may come after the new server started.
        await waitFor(`the old server's exit in the log (${lines.join(' | ')})`, () =>
          lines.some((l) => /^\[(Info|Error) +- [^\]]+\] Server process exited with code 0\.$/.test(l)), 10_000);
      } finally {
        output.appendLine = appendLine;
      }
      assert.ok(lines.some((l) => l.startsWith('[Info') && l.endsWith('Server process exited with code 0.')), `logged as information: ${lines.join(' | ')}`);
      assert.deepEqual(lines.filter((l) => l.startsWith('[Error')), [], 'no error logged');
    });

    it('Restart Language Server run twice at once restarts once, with no "could not start" error', async function () {
      const { client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      await waitFor('the language server', () => client.isRunning());
      const window = vscode.window as unknown as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
      const showError = window.showErrorMessage;
      const shown: unknown[][] = [];
      window.showErrorMessage = async (...args: unknown[]) => void shown.push(args);
      try {
        await Promise.all([vscode.commands.executeCommand('nhiImaging.restartServer'), vscode.commands.executeCommand('nhiImaging.restartServer')]);
      } finally {
        window.showErrorMessage = showError;
      }
      assert.deepEqual(shown, []);
      assert.ok(client.isRunning(), 'the server runs once both have ended');
      const doc = await open(UPLOAD_CSV);
      await waitFor('diagnostics after the restart', () => (diagnosticsOf(doc.uri).length > 0 ? true : undefined));
    });

    for (const command of ['nhiImaging.checkArchives', 'nhiImaging.fixAll', 'nhiImaging.buildBatch', 'nhiImaging.resendRows']) {
      it(`${command} run while the server is stopped says so with a button that restarts it`, async function () {
        const { client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
        const doc = await open(UPLOAD_CSV);
        await waitFor('the language server', () => client.isRunning());
        const window = vscode.window as unknown as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
        const showError = window.showErrorMessage;
        const shown: unknown[][] = [];
        const buttons = ['Restart Language Server', '重新啟動語言伺服器'];
        window.showErrorMessage = async (...args: unknown[]) => (shown.push(args), args.find((a) => typeof a === 'string' && buttons.includes(a)));
        try {
          await client.stop();
          assert.ok(!(await vscode.commands.executeCommand(command, doc.uri, { format: '7z' })), 'nothing done');
          assert.equal(shown.length, 1, JSON.stringify(shown));
          assert.match(String(shown[0][0]), /not running|尚未啟動/);
          await waitFor('the server restarted from the button', () => client.isRunning());
        } finally {
          window.showErrorMessage = showError;
          if (!client.isRunning()) await vscode.commands.executeCommand('nhiImaging.restartServer');
        }
      });
    }

    for (const command of ['nhiImaging.treatAsUploadCsv', 'nhiImaging.fixAll', 'nhiImaging.checkArchives', 'nhiImaging.buildBatch', 'nhiImaging.resendRows', 'nhiImaging.checkLargeFile']) {
      it(`${command} given a file that does not exist, as a URI or a path, says so in the message language`, async function () {
        const missing = workspaceFile('3501200000_20261125_0999.csv');
        await open(UPLOAD_CSV);
        const shown = await withMessagesRecorded(['showErrorMessage', 'showWarningMessage', 'showInformationMessage'], async (shown) => {
          for (const target of [missing, missing.fsPath]) assert.ok(!(await vscode.commands.executeCommand(command, target, { format: '7z' })), `nothing done for ${target}`);
          return shown;
        });
        assert.deepEqual(shown.map((args) => args[0]), [1, 2].map(() => `The file ${missing.fsPath} does not exist.`));
      });
    }

    it('"Treat This File as an Upload CSV" given the path of a file acts on that file, not the active editor', async function () {
      const active = await open('notes.csv');
      const copy = workspaceFile('copy of export.csv');
      await vscode.workspace.fs.copy(workspaceFile('export.csv'), copy, { overwrite: true });
      try {
        await vscode.commands.executeCommand('nhiImaging.treatAsUploadCsv', copy.fsPath);
        await waitFor('the language switch', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === copy.toString() && d.languageId === LANGUAGE_ID));
        assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), active.uri.toString());
      } finally {
        await vscode.workspace.fs.delete(copy);
      }
    });

    it('Fix All run twice at once leaves the text as one run does', async function () {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(UPLOAD_CSV)));
      const once = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
      const twice = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
      try {
        for (const doc of [once, twice]) await vscode.window.showTextDocument(doc);
        await waitFor('diagnostics on both', () => (diagnosticsOf(once.uri).length > 0 && diagnosticsOf(twice.uri).length > 0 ? true : undefined));
        assert.equal(await vscode.commands.executeCommand('nhiImaging.fixAll', once.uri), true);
        const results = await Promise.all([vscode.commands.executeCommand('nhiImaging.fixAll', twice.uri), vscode.commands.executeCommand('nhiImaging.fixAll', twice.uri)]);
        assert.equal(twice.getText(), once.getText());
        assert.deepEqual(results, [true, false], 'the second found nothing left to fix');
      } finally {
        for (const doc of [once, twice]) {
          await vscode.window.showTextDocument(doc);
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        }
      }
    });

    it('Fix All applies no fixes made for a text edited meanwhile (typing), and says so', async function () {
      const { client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(UPLOAD_CSV)));
      const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
      await vscode.window.showTextDocument(doc);
      await waitFor('diagnostics', () => (diagnosticsOf(doc.uri).length > 0 ? true : undefined));
      // Two characters typed at the start of row 2 as the server makes the fixes (codeAction/resolve).
      const send = client.sendRequest;
      client.sendRequest = function (this: unknown, ...args: unknown[]) {
        const answer = (send as (...a: unknown[]) => Promise<unknown>).apply(client, args);
        if ((args[0] as { method?: string })?.method !== 'codeAction/resolve') return answer;
        client.sendRequest = send;
        return answer.then(async (resolved) => {
          const typed = new vscode.WorkspaceEdit();
          typed.insert(doc.uri, new vscode.Position(1, 0), 'XX');
          await vscode.workspace.applyEdit(typed);
          return resolved;
        });
      } as typeof client.sendRequest;
      const window = vscode.window as unknown as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
      const showWarning = window.showWarningMessage;
      const shown: unknown[][] = [];
      window.showWarningMessage = async (...args: unknown[]) => void shown.push(args);
      try {
        assert.equal(await vscode.commands.executeCommand('nhiImaging.fixAll', doc.uri), false, 'no edit applied');
        const lines = text.split(/\r?\n/);
        lines[1] = `XX${lines[1]}`;
        assert.equal(doc.getText().split(/\r?\n/).join('\n'), lines.join('\n'), 'the text as typed, unfixed');
        assert.deepEqual(shown.map((args) => args[0]), ['The file changed while its fixes were made, so none was applied: run Fix All Mechanical Problems again.']);
      } finally {
        client.sendRequest = send;
        window.showWarningMessage = showWarning;
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it('a command run while Restart Language Server stops the old server waits for the new one', async function () {
      const { client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      await waitFor('the language server', () => client.isRunning());
      // Row 2 of the upload CSV with "01 " in field 5 (the tests before may have saved it fixed): something for Fix All to fix.
      const cells = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(UPLOAD_CSV))).split(/\r?\n/)[1].split(',');
      cells[4] = '01 ';
      const row = cells.join(',');
      const draft = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: `${row}\n` });
      await vscode.window.showTextDocument(draft);
      await waitFor('diagnostics on the untitled CSV', () => (diagnosticsOf(draft.uri).length > 0 ? true : undefined));
      const upload = workspaceFile(UPLOAD_CSV);
      const window = vscode.window as unknown as Record<'showErrorMessage' | 'showWarningMessage', (...args: unknown[]) => Thenable<unknown>>;
      const original = { error: window.showErrorMessage, warning: window.showWarningMessage };
      const shown: unknown[][] = [];
      window.showErrorMessage = async (...args: unknown[]) => void shown.push(args);
      window.showWarningMessage = async (...args: unknown[]) => void shown.push(args);
      // The old server's stop is held half a second longer, the commands run as it begins.
      const start = client.start;
      client.start = async function (this: typeof client) {
        await new Promise((r) => setTimeout(r, 500));
        return start.call(this);
      };
      const during: Thenable<unknown>[] = [];
      const listening = client.onDidChangeState((e) => {
        if (e.newState !== 1 /* State.Stopped */ || during.length > 0) return;
        during.push(vscode.commands.executeCommand('nhiImaging.fixAll', draft.uri), vscode.commands.executeCommand('nhiImaging.checkArchives', upload));
      });
      try {
        await vscode.commands.executeCommand('nhiImaging.restartServer');
        assert.equal(during.length, 2, 'the commands ran during the restart');
        const [fixed, checked] = await Promise.all(during);
        assert.deepEqual(shown.filter((args) => /not running|尚未啟動|failed|失敗/.test(String(args[0]))), []);
        assert.equal(fixed, true, `Fix All applied its edit; shown ${JSON.stringify(shown)}; text ${JSON.stringify(draft.getText())}; diagnostics ${JSON.stringify(diagnosticsOf(draft.uri).map(codeOf))}`);
        assert.ok(checked, 'Check Linked Archives answered');
      } finally {
        listening.dispose();
        client.start = start;
        window.showErrorMessage = original.error;
        window.showWarningMessage = original.warning;
        await vscode.window.showTextDocument(draft);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it('starts the server each time with the workspace trust of that moment, not of the first start', async function () {
      const { client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as FeatureContext;
      const options = client.clientOptions.initializationOptions;
      assert.equal(typeof options, 'function', 'computed at each start');
      assert.deepEqual(options(), { trusted: vscode.workspace.isTrusted, statusNotifications: true, buildDecisions: true });
    });

    it('contributes every command it registers', async function () {
      const all = await vscode.commands.getCommands(true);
      for (const id of ['nhiImaging.treatAsUploadCsv', 'nhiImaging.fixAll', 'nhiImaging.openRules', 'nhiImaging.showServerLog', 'nhiImaging.restartServer']) {
        assert.ok(all.includes(id), `${id} is registered`);
      }
    });
  });

  describe('a BOM on disk, which VS Code keeps out of the text', function () {
    const NAME = '3501200000_20261125_0444.csv';
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(workspaceFile(NAME));
    });

    it('has a quick fix that opens Change File Encoding, as no edit of the text removes it', async function () {
      const uri = workspaceFile(NAME);
      const firstRow = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(UPLOAD_CSV))).split(/\r?\n/)[0];
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`\uFEFF${firstRow}\r\n`));
      const doc = await open(NAME);
      assert.notEqual(doc.getText().charCodeAt(0), 0xfeff, 'the BOM is not in the text');
      // The server reads how the file is stored in trusted workspaces only.
      if (!vscode.workspace.isTrusted) return;
      const bom = await waitFor('the FILE-bom warning', () => diagnosticsOf(uri).find((d) => codeOf(d) === 'FILE-bom'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', uri, bom.range, vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.command?.command === 'workbench.action.editor.changeEncoding');
      assert.ok(fix, `a quick fix opening Change File Encoding; got ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.match(fix.title, /Save as UTF-8 without the BOM/);
    });
  });
});
