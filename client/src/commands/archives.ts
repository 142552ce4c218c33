/**
 * "NHI Imaging: Check Linked Archives": asks the language server to check the archives of the
 * active upload CSV, shows a cancellable progress notification naming each archive as it is
 * checked, and opens the per-row report as a Markdown preview of a virtual document. A watcher
 * on *.7z / *.CAB tells the server when archives change; its re-check refreshes the report.
 */
import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { pick } from '../i18n';
import { unlessCancelled } from '../cancellable';
import { LANGUAGE_ID } from '../languageClient';
import {
  ARCHIVE_PROGRESS_NOTIFICATION,
  ARCHIVES_CHANGED_NOTIFICATION,
  ARCHIVES_CHECKED_NOTIFICATION,
  CHECK_ARCHIVES_REQUEST,
  type ArchiveProgressParams,
  type CheckArchivesResult,
} from '../../../server/src/shared/archives';

export const CHECK_ARCHIVES = 'nhiImaging.checkArchives';
export const REPORT_SCHEME = 'nhi-imaging-report';

/** Report documents by the CSV they describe: `nhi-imaging-report:/<csv file name>.md?<csv uri>`. */
class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(csvUri: string): vscode.Uri {
    const name = decodeURIComponent(csvUri.slice(csvUri.lastIndexOf('/') + 1)) || 'report';
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.archives.md`, query: csvUri });
  }

  set(csvUri: string, markdown: string): vscode.Uri {
    this.reports.set(csvUri, markdown);
    const uri = this.uriFor(csvUri);
    this.changed.fire(uri);
    return uri;
  }

  has(csvUri: string): boolean {
    return this.reports.has(csvUri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.query) ?? '';
  }
}

function summaryLine(r: CheckArchivesResult): string {
  const { errors, warnings } = r.findings;
  return pick({
    'zh-TW': `已檢查 ${r.summaries.length} 列的壓縮檔：${errors} 個錯誤、${warnings} 個警告。`,
    en: `Checked the archives of ${r.summaries.length} row(s): ${errors} error(s), ${warnings} warning(s).`,
  });
}

export const registerArchiveChecks: Feature = ({ extension, client }) => {
  const reports = new ReportProvider();
  const progressListeners = new Set<(p: ArchiveProgressParams) => void>();

  extension.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    client.onNotification(ARCHIVE_PROGRESS_NOTIFICATION, (p: ArchiveProgressParams) => {
      for (const l of progressListeners) l(p);
    }),
    client.onNotification(ARCHIVES_CHECKED_NOTIFICATION, (r: CheckArchivesResult) => {
      if (r?.ran && reports.has(r.uri)) reports.set(r.uri, r.report);
    }),
  );

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{7z,7Z,cab,CAB,Cab}');
  const changed = (uri: vscode.Uri) => {
    if (uri.scheme === 'file' && client.isRunning()) void client.sendNotification(ARCHIVES_CHANGED_NOTIFICATION, { paths: [uri.fsPath] });
  };
  extension.subscriptions.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));

  extension.subscriptions.push(
    vscode.commands.registerCommand(CHECK_ARCHIVES, async (target?: vscode.Uri, mode: 'quick' | 'full' = 'quick') => {
      const document = target instanceof vscode.Uri ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== LANGUAGE_ID) {
        void vscode.window.showWarningMessage(pick({ 'zh-TW': '請先開啟一個上傳 CSV 檔案。', en: 'Open an upload CSV file first.' }));
        return undefined;
      }
      if (!client.isRunning()) {
        void vscode.window.showErrorMessage(pick({ 'zh-TW': '語言伺服器尚未啟動。', en: 'The language server is not running.' }));
        return undefined;
      }
      const csvUri = client.code2ProtocolConverter.asUri(document.uri);
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
            return await unlessCancelled(client.sendRequest<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: csvUri, mode }, token), token);
          } finally {
            progressListeners.delete(listener);
          }
        },
      );
      if (!result) return undefined;
      if (!result.ran) {
        void vscode.window.showWarningMessage(result.reason ?? pick({ 'zh-TW': '未檢查壓縮檔。', en: 'The archives were not checked.' }));
        return result;
      }
      const reportUri = reports.set(result.uri, result.report);
      const show = pick({ 'zh-TW': '顯示報告', en: 'Show Report' });
      const notify = result.findings.errors ? vscode.window.showErrorMessage : result.findings.warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void notify(summaryLine(result), show).then((choice) => {
        if (choice === show) void vscode.commands.executeCommand('markdown.showPreview', reportUri);
      });
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
