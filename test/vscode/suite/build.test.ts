/**
 * "NHI Imaging: Build Upload Batch" in a real VS Code: a draft CSV whose field 14 names a folder of
 * CT images, built through the command; the batch lands on disk and the source images stay as they were.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { REFUSAL_DETAIL_LINES, SHOW_DETAILS } from '../../../client/src/buildTexts';
import { exampleLine } from '../../../server/src/core/spec/example';
import { BUILD_REQUEST, LEDGER_ROWS_REQUEST, type BuildResult } from '../../../server/src/shared/build';
import { extensionApi } from './archiveHelpers';
import { codeOf, crashServerWhenSent, waitFor, withMessagesRecorded } from './helpers';
import { makeInstance, newUid } from '../../fixtures/dicom';

/** A draft CSV whose field 14 names a new folder of CT images in the workspace (two of 512x512 unless told), open as an upload CSV. */
async function openDraft(images = { count: 2, size: 512 }): Promise<{ doc: vscode.TextDocument; draftDir: string; sources: string[]; before: Buffer[] }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const draftDir = mkdtempSync(join(folder.uri.fsPath, 'draft-'));
  const imageDir = join(draftDir, 'ct1');
  mkdirSync(imageDir);
  const studyUid = newUid();
  const seriesUid = newUid();
  const sources: string[] = [];
  for (let i = 1; i <= images.count; i++) {
    const inst = makeInstance({ modality: 'CT', rows: images.size, columns: images.size, studyDate: '20251125', birthDate: '19860312', studyUid, seriesUid, instanceNumber: i });
    const path = join(imageDir, `img${i}.dcm`);
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
    // A folder of an RT plan alone, which Build would refuse: the editor's draft check reads its header and says so.
    mkdirSync(join(draftDir, 'rt'));
    writeFileSync(join(draftDir, 'rt', 'plan.dcm'), makeInstance({ modality: 'RTPLAN', studyDate: '20251125' }).bytes);
    writeFileSync(join(draftDir, 'rt.csv'), exampleLine({ 14: './rt' }) + '\r\n');
    const rt = await vscode.workspace.openTextDocument(vscode.Uri.file(join(draftDir, 'rt.csv')));
    await vscode.window.showTextDocument(rt);
    await vscode.languages.setTextDocumentLanguage(rt, 'nhi-imaging-csv');
    const cell = exampleLine({ 14: './rt' }).indexOf(',./rt,') + 1;
    await waitFor('A14-empty on the RT plan row\'s field 14', () => vscode.languages.getDiagnostics(rt.uri).some((d) => codeOf(d) === 'A14-empty' && d.range.start.character === cell && d.range.end.character === cell + 4));
  });

  it('takes { format } alone as its argument, as a keybinding gives it, for the active editor\'s draft, without asking', async function () {
    await openDraft();
    const window = vscode.window as unknown as { showQuickPick: (...args: unknown[]) => Thenable<unknown> };
    const showQuickPick = window.showQuickPick;
    let asked = 0;
    window.showQuickPick = async () => void asked++;
    let result: BuildResult | undefined;
    try {
      result = (await vscode.commands.executeCommand('nhiImaging.buildBatch', { format: '7z' })) as BuildResult | undefined;
    } finally {
      window.showQuickPick = showQuickPick;
    }
    assert.equal(asked, 0, 'no format question');
    assert.ok(result, 'a build ran');
    if (vscode.workspace.isTrusted) assert.equal(result.ok, true, `${result.error?.message}\n${result.error?.details.join('\n')}`);
    else assert.match(result.error?.message ?? '', /not trusted|未受信任/);
  });

  it('builds nothing from a draft whose edits could not be saved', async function () {
    const { doc, draftDir } = await openDraft();
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), exampleLine({ 14: './ct1' }) + '\r\n'));
    assert.ok(doc.isDirty, 'the draft has unsaved edits');
    // Its folder is now a file: the draft cannot be written back.
    rmSync(draftDir, { recursive: true, force: true });
    writeFileSync(draftDir, 'not a folder');
    try {
      const result = await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' });
      assert.equal(doc.isDirty, true, 'the edits are still unsaved');
      assert.equal(result, undefined, 'no build ran');
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(draftDir, { force: true });
    }
  });

  it('a draft refused for many rows shows its first reasons in the dialog, which stays on the screen, and lists them all in the Output channel', async function () {
    // Restricted mode refuses before reading the draft (the first test).
    if (!vscode.workspace.isTrusted) return;
    const { output } = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0];
    const draftDir = mkdtempSync(join(folder.uri.fsPath, 'draft-'));
    const draft = join(draftDir, 'draft.csv');
    // Field 14 empty in each row: a reason or two a row.
    writeFileSync(draft, Array.from({ length: 12 }, (_, i) => exampleLine({ 6: String(i + 1).padStart(4, '0'), 14: '' })).join('\r\n') + '\r\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(draft));
    await vscode.window.showTextDocument(doc);
    await vscode.languages.setTextDocumentLanguage(doc, 'nhi-imaging-csv');
    const logged: string[] = [];
    const appendLine = output.appendLine;
    output.appendLine = (line: string) => void logged.push(line);
    try {
      await withMessagesRecorded(['showErrorMessage'], async (shown) => {
        const refused = (await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' })) as BuildResult;
        assert.equal(refused.ok, false);
        const reasons = refused.error!.details;
        assert.ok(reasons.length > REFUSAL_DETAIL_LINES, JSON.stringify(reasons));
        await waitFor('the refusal dialog', () => shown.length > 0);
        const [message, options, ...buttons] = shown[0] as [string, { modal: boolean; detail: string }, ...string[]];
        assert.equal(message, refused.error!.message);
        assert.equal(options.modal, true);
        const lines = options.detail.split('\n');
        assert.deepEqual(lines.slice(0, -1), reasons.slice(0, REFUSAL_DETAIL_LINES));
        assert.match(lines.at(-1)!, new RegExp(`${reasons.length - REFUSAL_DETAIL_LINES} (more|項)`));
        assert.ok(buttons.includes(SHOW_DETAILS.en) || buttons.includes(SHOW_DETAILS['zh-TW']), JSON.stringify(buttons));
        const log = logged.join('\n');
        for (const reason of reasons) assert.ok(log.includes(reason), `${reason} in the Output channel`);
      });
    } finally {
      output.appendLine = appendLine;
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(draftDir, { recursive: true, force: true });
    }
  });

  it('Re-send Rows says why it read no ledger: restricted mode (with Manage Workspace Trust), or a file that is no ledger', async function () {
    const { doc, draftDir } = await openDraft();
    mkdirSync(join(draftDir, '.nhi-imaging'));
    writeFileSync(join(draftDir, '.nhi-imaging', 'ledger.jsonl'), 'not a ledger\n');
    const { client } = await extensionApi();
    await waitFor('the language server', () => client.isRunning());
    const window = vscode.window as unknown as Record<'showWarningMessage' | 'showInformationMessage', (...args: unknown[]) => Thenable<unknown>>;
    const original = { warning: window.showWarningMessage, information: window.showInformationMessage };
    const shown: unknown[][] = [];
    window.showWarningMessage = async (...args: unknown[]) => void shown.push(args);
    window.showInformationMessage = async (...args: unknown[]) => void shown.push(args);
    try {
      assert.equal(await vscode.commands.executeCommand('nhiImaging.resendRows', doc.uri), undefined);
    } finally {
      window.showWarningMessage = original.warning;
      window.showInformationMessage = original.information;
    }
    assert.equal(shown.length, 1, JSON.stringify(shown));
    if (vscode.workspace.isTrusted) {
      assert.match(String(shown[0][0]), /(ledger\.jsonl is not a ledger \(line 1|ledger\.jsonl 不是帳冊（第 1 行)/);
      return;
    }
    assert.match(String(shown[0][0]), /(not trusted: the ledger is not read|未受信任：不讀取帳冊)/);
    assert.ok(shown[0].includes('Manage Workspace Trust') || shown[0].includes('管理工作區信任'), JSON.stringify(shown[0]));
  });

  it('packs a 7z at the level of nhiImaging.buildCompressionLevel: store by default, LZMA2 when it says 1', async function () {
    const settings = vscode.workspace.getConfiguration('nhiImaging');
    assert.equal(settings.get('buildCompressionLevel'), 0, 'store by default');
    // Restricted mode builds nothing (the first test).
    if (!vscode.workspace.isTrusted) return;
    const archiveBytes = async (): Promise<{ archive: number; images: number }> => {
      const { doc, sources } = await openDraft();
      const result = (await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' })) as BuildResult;
      assert.equal(result.ok, true, `${result.error?.message}\n${result.error?.details.join('\n')}`);
      const images = sources.reduce((sum, p) => sum + statSync(p).size, 0);
      return { archive: statSync(join(result.summary!.outDir, readFileSync(result.summary!.csvPath, 'utf8').split(',')[13])).size, images };
    };
    const store = await archiveBytes();
    assert.ok(store.archive > store.images, `store: ${store.archive} bytes for ${store.images} of images`);
    await settings.update('buildCompressionLevel', 1, vscode.ConfigurationTarget.Workspace);
    try {
      // The fixture's pixels are all alike: LZMA2 packs them to a fraction.
      const compressed = await archiveBytes();
      assert.ok(compressed.archive < compressed.images / 4, `level 1: ${compressed.archive} bytes for ${compressed.images} of images`);
    } finally {
      await settings.update('buildCompressionLevel', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a row over the archive limit refused in store offers Build compressed (LZMA2 level 1), which builds it again compressed', async function () {
    // Restricted mode builds nothing (the first test).
    if (!vscode.workspace.isTrusted) return;
    const { client } = await extensionApi();
    const window = vscode.window as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
    const showError = window.showErrorMessage;
    const shown: unknown[][] = [];
    const buttons = ['Build compressed (LZMA2 level 1)', '以壓縮方式建置（LZMA2 等級 1）'];
    // The 4.5 GB limit lowered for the language server (read as it starts): the draft's 2 images, about 1 MB, pass it.
    process.env.NHI_IMAGING_TEST_ARCHIVE_LIMIT = '300000';
    try {
      await vscode.commands.executeCommand('nhiImaging.restartServer');
      await waitFor('the restarted server', () => client.isRunning());
      window.showErrorMessage = async (...args: unknown[]) => (shown.push(args), args.find((a) => typeof a === 'string' && buttons.includes(a)));
      const { doc, draftDir } = await openDraft();
      const refused = (await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' })) as BuildResult;
      assert.equal(refused.ok, false);
      assert.equal(refused.error?.remedy, 'compress', JSON.stringify(refused.error));
      // The button chosen, the same draft is built again as 7z at level 1 and its archive comes out under the limit.
      const out = join(draftDir, 'upload');
      const csv = await waitFor('the batch built compressed', () => (existsSync(out) ? readdirSync(out).find((n) => n.endsWith('.csv')) : undefined), 60_000);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.equal(shown[0][0], refused.error!.message);
      assert.ok(shown[0].some((a) => typeof a === 'string' && buttons.includes(a)), JSON.stringify(shown[0]));
      const archive = readFileSync(join(out, csv), 'utf8').split(',')[13];
      assert.ok(statSync(join(out, archive)).size < 300_000, archive);
    } finally {
      window.showErrorMessage = showError;
      delete process.env.NHI_IMAGING_TEST_ARCHIVE_LIMIT;
      await vscode.commands.executeCommand('nhiImaging.restartServer');
      await waitFor('the restarted server', () => client.isRunning());
    }
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

  it('Re-send Rows the language server dies during, as it reads the ledger, ends with a message, not a failed command', async function () {
    const { doc } = await openDraft();
    const { client } = await extensionApi();
    await waitFor('the language server', () => client.isRunning());
    const crash = crashServerWhenSent(client, LEDGER_ROWS_REQUEST, doc.uri);
    const shown = await withMessagesRecorded(['showWarningMessage'], async (shown) => {
      assert.equal(await vscode.commands.executeCommand('nhiImaging.resendRows', doc.uri), undefined);
      return shown;
    }).finally(crash.restore);
    assert.deepEqual(shown.map((args) => args[0]), ['The language server stopped before the ledger was read: run Re-send Rows again.']);
    await waitFor('the automatic restart', () => client.isRunning());
  });

  it('a build the language server is restarted during ends with the same message; the next build removes what it left', async function () {
    // Restricted mode builds nothing (the first test), so there is no build to cut off.
    if (!vscode.workspace.isTrusted) return;
    // ~190 MB of images: packing takes seconds, so the restart comes while the archive is written.
    const { doc, draftDir } = await openDraft({ count: 24, size: 2048 });
    const { client } = await extensionApi();
    await waitFor('the language server', () => client.isRunning());
    const out = join(draftDir, 'upload');
    const temporary = () => (existsSync(out) ? readdirSync(out).filter((n) => n.includes('.partial-') || n.startsWith('.nhi-build-')) : []);
    const building = vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' });
    // An archive's partial file, written only once the case number and sequence are reserved.
    await waitFor('the archive being packed', () => temporary().some((n) => /\.7z\.partial-/.test(n)), 60_000);
    await vscode.commands.executeCommand('nhiImaging.restartServer');
    assert.equal(await building, undefined, 'the command ends with the message of a stopped server, not a result or an error');
    assert.deepEqual(readdirSync(out).filter((n) => n.endsWith('.csv')), [], 'nothing passes for a batch');
    await waitFor('the restarted server', () => client.isRunning());

    const result = (await vscode.commands.executeCommand('nhiImaging.buildBatch', doc.uri, { format: '7z' })) as BuildResult;
    assert.equal(result?.ok, true, JSON.stringify(result?.error));
    assert.match(result.summary!.csvPath, /_002\.csv$/, `the sequence after the one the cut-off build reserved: ${result.summary!.csvPath}`);
    assert.deepEqual(temporary(), [], 'the leftovers of the cut-off build are removed');
  });
});
