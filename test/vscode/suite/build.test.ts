/**
 * "NHI Imaging: Build Upload Batch" in a real VS Code: a draft CSV whose field 14 names a folder of
 * CT images, built through the command; the batch lands on disk and the source images stay as they were.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { exampleLine } from '../../../server/src/core/spec/example';
import { BUILD_REQUEST, type BuildResult } from '../../../server/src/shared/build';
import { extensionApi } from './archiveHelpers';
import { crashServerWhenSent, waitFor } from './helpers';
import { makeInstance, newUid } from '../../fixtures/dicom';

/** A draft CSV whose field 14 names a new folder of two CT images in the workspace, open as an upload CSV. */
async function openDraft(): Promise<{ doc: vscode.TextDocument; draftDir: string; sources: string[]; before: Buffer[] }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const draftDir = mkdtempSync(join(folder.uri.fsPath, 'draft-'));
  const images = join(draftDir, 'ct1');
  mkdirSync(images);
  const studyUid = newUid();
  const seriesUid = newUid();
  const sources: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const inst = makeInstance({ modality: 'CT', rows: 512, columns: 512, studyDate: '20251125', birthDate: '19860312', studyUid, seriesUid, instanceNumber: i });
    const path = join(images, `img${i}.dcm`);
    writeFileSync(path, inst.bytes);
    sources.push(path);
  }
  const before = sources.map((p) => readFileSync(p));
  const draft = join(draftDir, 'draft.csv');
  writeFileSync(draft, exampleLine({ 14: './ct1' }) + '\r\n');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(draft));
  await vscode.window.showTextDocument(doc);
  await vscode.languages.setTextDocumentLanguage(doc, 'nhi-imaging-csv');
  return { doc, draftDir, sources, before };
}

describe('NHI Imaging: Build Upload Batch', function () {
  this.timeout(120_000);

  it('builds the open draft into archives and a final CSV (refuses in restricted mode)', async function () {
    const { doc, draftDir, sources, before } = await openDraft();

    const result = (await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' })) as BuildResult;
    assert.ok(result, 'the command returns its result');
    if (!vscode.workspace.isTrusted) {
      assert.equal(result.ok, false);
      assert.match(result.error?.message ?? '', /not trusted|未受信任/);
      return;
    }
    assert.equal(result.ok, true, `${result.error?.message}\n${result.error?.details.join('\n')}`);
    const summary = result.summary!;
    assert.equal(summary.rows, 1);
    assert.equal(summary.archives, 1);
    assert.ok(existsSync(summary.csvPath), summary.csvPath);
    const csv = readFileSync(summary.csvPath, 'utf8');
    const archive = csv.split(',')[13];
    assert.match(archive, /^DCF3501200000_[0-9A-Z]{12}\.7z$/);
    assert.ok(readdirSync(summary.outDir).includes(archive), `${archive} in ${summary.outDir}`);
    assert.ok(existsSync(join(draftDir, '.nhi-imaging', 'ledger.jsonl')), 'the ledger is created beside the draft');
    sources.forEach((p, i) => assert.deepEqual(readFileSync(p), before[i], `${p} unchanged`));
  });

  it('a build the language server dies during ends with a message, not a failed command', async function () {
    const { doc } = await openDraft();
    const { client } = await extensionApi();
    await waitFor('the language server', () => client.isRunning());
    const crash = crashServerWhenSent(client, BUILD_REQUEST, doc.uri);
    try {
      assert.equal(await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' }), undefined);
    } finally {
      crash.restore();
    }
    await waitFor('the automatic restart', () => client.isRunning());
  });
});
