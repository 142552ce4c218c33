/**
 * "NHI Imaging: Check Linked Archives": asks the language server to check the archives of the
 * active upload CSV, shows a cancellable progress notification naming each archive as it is
 * checked, and shows the per-row report as a Markdown preview of a virtual document, whose text the server makes when
 * it is read (by itself after a check of at most REPORT_OPENS_BY_ITSELF rows; else from the notification). Watchers on
 * *.7z / *.CAB (the workspace, and archive folders outside it or not yet there) tell the server when archives
 * change; its re-check refreshes the report. A restarted server has forgotten every check, so the
 * open CSVs checked before (or whose check the stop interrupted) are checked again, and their reports say
 * so while it is stopped. A CSV closed meanwhile is left alone: its report is dropped.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { ArchiveFolderWatchers, ARCHIVE_FILES } from '../archiveFolderWatchers';
import { csvFileName, goneReport, ReportProvider, REPORT_SCHEME } from '../archiveReports';
import { targetDocument } from '../commandTarget';
import type { Feature } from '../feature';
import { displayLang, pick } from '../i18n';
import { showRefusal, warningUi } from '../refusalUi';
import { unlessCancelled } from '../cancellable';
import { serverReady, stoppedDuring } from '../serverStopped';
import { LANGUAGE_ID } from '../languageClient';
import {
  ARCHIVE_PROGRESS_NOTIFICATION,
  ARCHIVE_REPORT_REQUEST,
  ARCHIVES_CHANGED_NOTIFICATION,
  ARCHIVES_CHECKED_NOTIFICATION,
  CHECK_ARCHIVES_REQUEST,
  type ArchiveProgressParams,
  type ArchiveReportResult,
  type CheckArchivesResult,
} from '../../../server/src/shared/archives';
import { counted } from '../../../server/src/core/counted';
import { archiveCheckSummary } from '../checkSummaries';

export const CHECK_ARCHIVES = 'nhiImaging.checkArchives';

/**
 * A check of at most this many rows opens its report beside the CSV; a larger one offers it in its notification (Show
 * Report): the preview of thousands of rows' sections is megabytes of Markdown to fetch and render (32 MB for 100,000),
 * and the diagnostics hold the findings.
 */
export const REPORT_OPENS_BY_ITSELF = 1000;

const SERVER_STOPPED = {
  'zh-TW': '語言伺服器已停止，先前的檢查結果已不存在。語言伺服器再次啟動後（「重新啟動語言伺服器」），會自動重新檢查。',
  en: 'The language server stopped and the results of the earlier check are gone. When it runs again (Restart Language Server), the archives are checked again.',
};

export const registerArchiveChecks: Feature = ({ extension, client, output }) => {
  const reports = new ReportProvider(async (uri) => (await client.sendRequest<ArchiveReportResult>(ARCHIVE_REPORT_REQUEST, { uri })).report);
  const progressListeners = new Set<(p: ArchiveProgressParams) => void>();
  /** The CSVs (protocol URIs) whose archives were checked, with the mode of the last check: what a restarted server checks again. */
  const checked = new Map<string, 'quick' | 'full'>();

  const changed = (uri: vscode.Uri) => {
    if (uri.scheme === 'file' && client.isRunning()) void client.sendNotification(ARCHIVES_CHANGED_NOTIFICATION, { paths: [uri.fsPath] });
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${ARCHIVE_FILES}`);
  const outsideWatchers = new ArchiveFolderWatchers(changed);
  extension.subscriptions.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed), outsideWatchers);

  /** A check ran: what a restart checks again, the folder to watch, and the report if one is shown. */
  const remember = (result: CheckArchivesResult, mode: 'quick' | 'full') => {
    checked.set(result.uri, mode);
    outsideWatchers.track(result.uri, result.archiveFolder);
    if (reports.has(result.uri)) reports.checked(result.uri);
  };
  const forget = (uri: string) => {
    checked.delete(uri);
    outsideWatchers.track(uri, undefined);
  };
  /** The checks asked for by the command and not yet answered, each told when its CSV closes. */
  const asked = new Set<{ uri: string; closed: boolean }>();
  const closed = (uri: string) => {
    forget(uri);
    reports.drop(uri);
    for (const a of asked) if (a.uri === uri) a.closed = true;
  };

  /** After a restart: the open CSVs checked before are checked again; one that cannot be has its report cleared, and the user is told. */
  const checkAgain = async () => {
    const open = new Set(vscode.workspace.textDocuments.map((d) => client.code2ProtocolConverter.asUri(d.uri)));
    for (const uri of [...checked.keys()]) if (!open.has(uri)) closed(uri);
    const again = [...checked];
    if (again.length === 0) return;
    output.appendLine(
      pick({
        'zh-TW': `語言伺服器已重新啟動：重新檢查 ${again.length} 個上傳 CSV 的壓縮檔。`,
        en: `The language server restarted: checking the archives of ${counted(again.length, 'upload CSV')} again.`,
      }),
    );
    for (const [uri, mode] of again) {
      // Closed meanwhile (before its turn, or while the server checked it): its results went with it.
      if (!checked.has(uri)) continue;
      let reason: string;
      try {
        const result = await client.sendRequest<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri, mode, complete: false });
        if (!checked.has(uri)) continue;
        if (result.ran) {
          remember(result, mode);
          continue;
        }
        reason = result.reason ?? '';
      } catch (e) {
        // Stopped again meanwhile: the next start checks it.
        if (!client.isRunning()) return;
        if (!checked.has(uri)) continue;
        reason = e instanceof Error ? e.message : String(e);
      }
      forget(uri);
      const name = csvFileName(uri);
      const text = pick({
        'zh-TW': `語言伺服器重新啟動後，無法重新檢查 ${name} 的壓縮檔（${reason}）；先前的檢查結果已清除。`,
        en: `The archives of ${name} could not be checked again after the language server restarted (${reason}); the earlier results were cleared.`,
      });
      if (reports.has(uri)) reports.set(uri, goneReport(text));
      output.appendLine(text);
      void vscode.window.showWarningMessage(text);
    }
  };

  extension.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    client.onNotification(ARCHIVE_PROGRESS_NOTIFICATION, (p: ArchiveProgressParams) => {
      for (const l of progressListeners) l(p);
    }),
    client.onNotification(ARCHIVES_CHECKED_NOTIFICATION, (r: CheckArchivesResult) => {
      const mode = checked.get(r?.uri);
      if (r?.ran && mode) remember(r, mode);
    }),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        for (const uri of checked.keys()) if (reports.has(uri)) reports.set(uri, goneReport(pick(SERVER_STOPPED)));
      } else if (e.newState === State.Running && checked.size > 0) {
        // Running is announced on the initialize answer; start() settles once the open documents were sent again.
        void client.start().then(checkAgain, () => undefined);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => closed(client.code2ProtocolConverter.asUri(doc.uri))),
  );

  extension.subscriptions.push(
    vscode.commands.registerCommand(CHECK_ARCHIVES, async (target?: unknown, mode: 'quick' | 'full' = 'quick') => {
      const document = await targetDocument(target);
      if (document === null) return undefined;
      if (!document || document.languageId !== LANGUAGE_ID) {
        void vscode.window.showWarningMessage(pick({ 'zh-TW': '請先開啟一個上傳 CSV 檔案。', en: 'Open an upload CSV file first.' }));
        return undefined;
      }
      if (!(await serverReady(client))) return undefined;
      const csvUri = client.code2ProtocolConverter.asUri(document.uri);
      const check = { uri: csvUri, closed: false };
      asked.add(check);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: pick({ 'zh-TW': '檢查影像壓縮檔', en: 'Checking linked archives' }), cancellable: true },
        async (progress, token) => {
          let reported = 0;
          const listener = (p: ArchiveProgressParams) => {
            if (p.uri !== csvUri) return;
            const share = p.total ? (p.index - 1 + (p.entriesTotal ? p.entriesDone / p.entriesTotal : 0)) / p.total : 0;
            const percent = Math.min(100, Math.round(share * 100));
            progress.report({ message: `${p.archive} (${p.index}/${p.total})`, increment: Math.max(0, percent - reported) });
            reported = Math.max(reported, percent);
          };
          progressListeners.add(listener);
          try {
            return await unlessCancelled(client.sendRequest<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: csvUri, mode, complete: false }, token), token);
          } catch (e) {
            if (check.closed) return undefined;
            if (!stoppedDuring(e)) throw e;
            // The server stopped (a restart, a crash) with the check on its way: once it runs again, it checks this CSV
            // (in restricted mode it would only refuse again).
            if (vscode.workspace.isTrusted) checked.set(csvUri, mode);
            return undefined;
          } finally {
            progressListeners.delete(listener);
            asked.delete(check);
          }
        },
      );
      // Closed (or renamed, or switched to another language) while it was checked: nothing to remember, show or warn of.
      if (!result || check.closed) return undefined;
      if (!result.ran) {
        void showRefusal(warningUi, result.reason ?? pick({ 'zh-TW': '未檢查壓縮檔。', en: 'The archives were not checked.' }), vscode.workspace.isTrusted, displayLang());
        return result;
      }
      const reportUri = reports.checked(result.uri);
      remember(result, mode);
      const show = pick({ 'zh-TW': '顯示報告', en: 'Show Report' });
      const notify = result.findings.errors ? vscode.window.showErrorMessage : result.findings.warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void notify(archiveCheckSummary(result, displayLang()), show).then((choice) => {
        if (choice === show) void vscode.commands.executeCommand('markdown.showPreview', reportUri);
      });
      if (result.rows > REPORT_OPENS_BY_ITSELF) return result;
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', reportUri);
      } catch {
        // Without the built-in Markdown extension: the report as text.
        await vscode.window.showTextDocument(reportUri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
      return result;
    }),
  );
};
