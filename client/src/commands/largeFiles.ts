/**
 * Upload CSVs too large for VS Code to hand to extensions (over 50 MB: no document, so no diagnostics at
 * all). When such a file is open in a tab, offers to check it; "NHI Imaging: Check Large Upload CSV" has the
 * language server read and validate it from disk and shows the findings in the Problems panel until the
 * file's tabs are closed.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { targetExists, targetUri } from '../commandTarget';
import type { Feature } from '../feature';
import { displayLang, pick } from '../i18n';
import { showRefusal, warningUi } from '../refusalUi';
import { unlessCancelled } from '../cancellable';
import { serverReady, warnIfStoppedDuring } from '../serverStopped';
import { CHECK_FILE_REQUEST, EDITOR_SYNC_LIMIT_BYTES, type CheckFileResult } from '../../../server/src/shared/fileCheck';
import { UPLOAD_CSV_NAME } from '../../../server/src/shared/uploadCsvName';
import { largeFileSummary } from '../checkSummaries';

export const CHECK_LARGE_FILE = 'nhiImaging.checkLargeFile';

function textTabUris(): vscode.Uri[] {
  const uris: vscode.Uri[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) uris.push(tab.input.uri);
  }
  return uris;
}

function isInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return textTabUris().some((u) => u.toString() === key);
}

function isSynced(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
}

/** A message with a "Show Problems" button. */
function offerProblems(notify: (message: string, ...items: string[]) => Thenable<string | undefined>, message: string): void {
  const show = pick({ 'zh-TW': '顯示問題', en: 'Show Problems' });
  void notify(message, show).then((choice) => {
    if (choice === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

export const registerLargeFiles: Feature = ({ extension, client }) => {
  const problems = vscode.languages.createDiagnosticCollection('nhi-imaging-large-files');
  /** Files already offered a check in this window. */
  const offered = new Set<string>();
  let requests = 0;

  async function check(target?: unknown): Promise<CheckFileResult | undefined> {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const given = targetUri(target);
    const uri = given ?? (input instanceof vscode.TabInputText ? input.uri : undefined);
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(pick({ 'zh-TW': '請先開啟磁碟上的上傳 CSV 檔案。', en: 'Open an upload CSV file on disk first.' }));
      return undefined;
    }
    if (!/\.csv$/i.test(uri.path)) {
      void vscode.window.showWarningMessage(pick({ 'zh-TW': '此檔案不是 CSV 檔案，不檢查。', en: 'This file is not a CSV file: it is not checked.' }));
      return undefined;
    }
    if (given && !(await targetExists(given))) return undefined;
    if (isSynced(uri)) {
      // VS Code hands the file to the language server, which checks it as it is edited: a copy from disk would only go stale.
      offerProblems(
        vscode.window.showInformationMessage,
        pick({
          'zh-TW': '此檔案已在編輯器中檢查（未超過 50 MB），檢查結果在問題面板中。',
          en: 'This file is already checked in the editor (it is not over 50 MB): its findings are in the Problems panel.',
        }),
      );
      return undefined;
    }
    if (!(await serverReady(client))) return undefined;
    const inTab = isInTab(uri);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: pick({ 'zh-TW': '檢查上傳 CSV', en: 'Checking the upload CSV' }), cancellable: true },
      async (progress, token) => {
        const workDoneToken = `nhiImaging.checkFile.${++requests}`;
        let reported = 0;
        const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
          if (p.kind !== 'report' || p.percentage === undefined) return;
          progress.report({ increment: p.percentage - reported, message: p.message });
          reported = p.percentage;
        });
        try {
          return await unlessCancelled(client.sendRequest<CheckFileResult>(CHECK_FILE_REQUEST, { uri: client.code2ProtocolConverter.asUri(uri), workDoneToken }, token), token);
        } catch (e) {
          // A restart or a crash: the check is lost, and nothing was shown of it.
          return warnIfStoppedDuring(e, {
            'zh-TW': '語言伺服器在檔案檢查完成前停止：請再執行一次「檢查大型上傳 CSV」。',
            en: 'The language server stopped before the file was checked: run Check Large Upload CSV again.',
          });
        } finally {
          listening.dispose();
        }
      },
    );
    // Its tabs were closed (or it was renamed) while it was checked: findings shown now would stay in the Problems panel with no tab to close.
    if (!result || (inTab && !isInTab(uri))) return undefined;
    if (!result.ran) {
      void showRefusal(warningUi, result.reason ?? pick({ 'zh-TW': '未檢查檔案。', en: 'The file was not checked.' }), vscode.workspace.isTrusted, displayLang());
      return result;
    }
    problems.set(uri, await client.protocol2CodeConverter.asDiagnostics(result.diagnostics));
    offerProblems(result.errors ? vscode.window.showErrorMessage : result.warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage, largeFileSummary(result, displayLang()));
    return result;
  }

  async function offer(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (offered.has(key) || uri.scheme !== 'file' || !UPLOAD_CSV_NAME.test(uri.path.slice(uri.path.lastIndexOf('/') + 1)) || isSynced(uri)) return;
    const size = await vscode.workspace.fs.stat(uri).then((s) => s.size, () => 0);
    if (size <= EDITOR_SYNC_LIMIT_BYTES || isSynced(uri)) return;
    offered.add(key);
    const run = pick({ 'zh-TW': '檢查', en: 'Check It' });
    const choice = await vscode.window.showWarningMessage(
      pick({
        'zh-TW': `此上傳 CSV 超過 50 MB，VS Code 不會交給擴充功能，因此編輯器中沒有檢查結果。要由語言伺服器自磁碟讀取並檢查嗎？`,
        en: 'This upload CSV is over 50 MB, which VS Code does not hand to extensions, so the editor shows no findings for it. Have the language server read and check it from disk?',
      }),
      run,
    );
    if (choice === run) await check(uri);
  }

  function forgetClosed(): void {
    const open = new Set(textTabUris().map((u) => u.toString()));
    const closed: vscode.Uri[] = [];
    problems.forEach((uri) => void (open.has(uri.toString()) || closed.push(uri)));
    for (const uri of closed) problems.delete(uri);
    for (const key of offered) if (!open.has(key)) offered.delete(key);
  }

  extension.subscriptions.push(
    problems,
    vscode.commands.registerCommand(CHECK_LARGE_FILE, check),
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of [...e.opened, ...e.changed]) if (tab.input instanceof vscode.TabInputText) void offer(tab.input.uri);
      if (e.closed.length > 0) forgetClosed();
    }),
  );
  for (const uri of textTabUris()) void offer(uri);
};
