/**
 * "NHI Imaging: Check Linked Archives" in a real VS Code: archives made at test time beside a
 * CSV in the workspace; the command's result and the diagnostics it adds on field 14 of the right rows.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import type { CheckArchivesResult } from '../../../server/src/shared/archives';
import { writeDcfArchive } from '../../fixtures/archives';

const CSV = '3501200000_20251125_777.csv';
const GOOD = 'DCF3501200000_V00000000001.7z';
const SMALL = 'DCF3501200000_V00000000002.7z';
const MISSING = 'DCF3501200000_V00000000003.7z';

function writeDcf(dir: string, name: string, size: number): Promise<string> {
  return writeDcfArchive(dir, name, { rows: size, columns: size, studyDate: '20251125', birthDate: '19860312' });
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('NHI Imaging: Check Linked Archives', function () {
  this.timeout(90_000);

  // In a trusted workspace the archives are read; in restricted mode (how the code-server runner
  // opens its workspace) the command must refuse and add nothing.
  it('checks the archives of the open CSV and puts the findings on field 14 of their rows', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const dir = folder.uri.fsPath;
    await writeDcf(dir, GOOD, 512);
    await writeDcf(dir, SMALL, 256);
    const rows = [GOOD, SMALL, MISSING].map((name, i) => EXAMPLE_ROW.map((v, k) => (k === 13 ? name : k === 5 ? `000${i + 1}` : v)).join(','));
    writeFileSync(join(dir, CSV), rows.join('\r\n') + '\r\n');

    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, CSV)));
    await vscode.window.showTextDocument(doc);
    const deadline = Date.now() + 20_000;
    while (doc.languageId !== 'nhi-imaging-csv' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(doc.languageId, 'nhi-imaging-csv');

    const result = (await vscode.commands.executeCommand('nhiImaging.checkArchives', doc.uri)) as CheckArchivesResult;
    assert.ok(result, 'the command returns its result');
    if (!vscode.workspace.isTrusted) {
      // Restricted mode: text validation only; the archives must not be read.
      assert.equal(result.ran, false);
      assert.match(result.reason ?? '', /not trusted/);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d).startsWith('A14-')), []);
      return;
    }
    assert.equal(result.ran, true, result.reason);
    assert.deepEqual(result.summaries.map((s) => [s.row, s.instances]), [[0, 1], [1, 1], [2, 0]]);
    assert.deepEqual(result.findings, { errors: 2, warnings: 0, infos: 0 });

    let found: vscode.Diagnostic[] = [];
    while (Date.now() < deadline + 20_000) {
      found = vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d).startsWith('A14-'));
      if (found.length >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const byLine = found.map((d) => [d.range.start.line, codeOf(d), doc.getText(d.range)]).sort();
    assert.deepEqual(byLine, [[1, 'A14-image-size', SMALL], [2, 'A14-missing', MISSING]]);
    const report = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'nhi-imaging-report', path: `/${CSV}.archives.md`, query: doc.uri.toString() }));
    assert.match(report.getText(), /# Archive check report[\s\S]*A14-image-size[\s\S]*A14-missing/);
  });
});
