/**
 * An upload CSV over 50 MB, which VS Code does not hand to extensions: no document, no diagnostics, until
 * "NHI Imaging: Check Large Upload CSV" has the language server check it from disk.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CHECK_FILE_REQUEST, type CheckFileResult } from '../../../server/src/shared/fileCheck';
import { extensionApi } from './archiveHelpers';
import { crashServerWhenSent, waitFor, withMessagesRecorded } from './helpers';
import { validLine } from '../../fixtures/rows';

const NAME = '3501200000_20251125_555.csv';
/** The row whose birth date (field 9) is made impossible. */
const BROKEN_ROW = 7;

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Valid rows (and one broken) to just over `bytes`. */
function largeCsv(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size <= bytes; i++) {
    let line = validLine(i);
    if (i === BROKEN_ROW) {
      const cells = line.split(',');
      cells[8] = '0751332';
      line = cells.join(',');
    }
    lines.push(line);
    size += line.length + 2;
  }
  return lines.join('\r\n') + '\r\n';
}

describe('NHI Imaging: Check Large Upload CSV (over 50 MB)', function () {
  this.timeout(180_000);
  let path = '';

  /** The file over 50 MB in the workspace, written by the first test that asks for it. */
  function largeFile(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    if (!path) {
      path = join(folder.uri.fsPath, NAME);
      writeFileSync(path, largeCsv(51 * 1024 * 1024));
    }
    return vscode.Uri.file(path);
  }

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (path) rmSync(path, { force: true });
  });

  it('checks from disk a file VS Code does not hand over, and shows its findings until its tab closes', async () => {
    const uri = largeFile();
    await vscode.commands.executeCommand('vscode.open', uri);
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'VS Code keeps a file over 50 MB from extensions');
    assert.deepEqual(vscode.languages.getDiagnostics(uri), [], 'so it has no diagnostics of its own');

    const result = (await vscode.commands.executeCommand('nhiImaging.checkLargeFile', uri)) as CheckFileResult;
    assert.ok(result, 'the command returns its result');
    if (!vscode.workspace.isTrusted) {
      // Restricted mode: no file is read from disk.
      assert.equal(result.ran, false);
      assert.match(result.reason ?? '', /not trusted/);
      assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
      return;
    }
    assert.equal(result.ran, true, result.reason);
    assert.ok(result.rows > 400_000, `rows: ${result.rows}`);
    assert.ok(result.errors >= 1);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    const broken = diagnostics.find((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === BROKEN_ROW);
    assert.ok(broken, `an error on line ${BROKEN_ROW + 1}: ${JSON.stringify(diagnostics.slice(0, 3).map((d) => [codeOf(d), d.range.start.line]))}`);
    assert.match(codeOf(broken), /^F09/);
    assert.ok(diagnostics.length <= 1001, 'capped at maxDiagnostics and one notice');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const deadline = Date.now() + 10_000;
    while (vscode.languages.getDiagnostics(uri).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(vscode.languages.getDiagnostics(uri), [], 'closing the file clears them');
  });

  it('leaves no findings behind when the file\'s tab is closed while it is checked', async () => {
    const uri = largeFile();
    await vscode.commands.executeCommand('vscode.open', uri);
    const checking = vscode.commands.executeCommand('nhiImaging.checkLargeFile', uri) as Thenable<CheckFileResult | undefined>;
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await checking;
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(vscode.languages.getDiagnostics(uri).length, 0, 'no findings of a file no longer open');
    // Restricted mode refuses at once, before the tab is closed; a check reads the file for seconds.
    if (vscode.workspace.isTrusted) assert.equal(result, undefined, 'nothing to show for it');
    else assert.notEqual(result?.ran, true, 'no file is read in restricted mode');
  });

  it('refuses a file VS Code already hands to the server, and a file that is not a CSV, adding no copies of problems', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const uri = vscode.Uri.joinPath(folder.uri, '3501200000_20261125_001.csv');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await new Promise((r) => setTimeout(r, 2000));
    const before = vscode.languages.getDiagnostics(uri).length;
    assert.equal(await vscode.commands.executeCommand('nhiImaging.checkLargeFile', uri), undefined, 'a synced file is not checked again');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(vscode.languages.getDiagnostics(uri).length, before, 'no second copy of its problems');

    const text = join(folder.uri.fsPath, 'notes-large-check.txt');
    writeFileSync(text, 'not,a,csv\r\n');
    try {
      const textUri = vscode.Uri.file(text);
      assert.equal(await vscode.commands.executeCommand('nhiImaging.checkLargeFile', textUri), undefined, 'a .txt file is not checked');
      assert.deepEqual(vscode.languages.getDiagnostics(textUri), []);
    } finally {
      rmSync(text, { force: true });
    }
  });

  it('a check the language server dies during ends with a message, not a failed command', async () => {
    const uri = largeFile();
    await vscode.commands.executeCommand('vscode.open', uri);
    const { client } = await extensionApi();
    await waitFor('the language server', () => client.isRunning());
    const crash = crashServerWhenSent(client, CHECK_FILE_REQUEST, uri);
    const shown = await withMessagesRecorded(['showWarningMessage'], async (shown) => {
      assert.equal(await vscode.commands.executeCommand('nhiImaging.checkLargeFile', uri), undefined);
      return shown;
    }).finally(crash.restore);
    // Opened here for the first time in this run, the file is also offered a check (answered with no choice).
    assert.deepEqual(shown.map((args) => args[0]).filter((m) => !/is over 50 MB/.test(String(m))), ['The language server stopped before the file was checked: run Check Large Upload CSV again.']);
    await waitFor('the automatic restart', () => client.isRunning());
  });
});
