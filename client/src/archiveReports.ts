import * as vscode from 'vscode';
import { pick } from './i18n';

export const REPORT_SCHEME = 'nhi-imaging-report';

/** The file name of a CSV from its URI, as the user knows it. */
export function csvFileName(csvUri: string): string {
  return decodeURIComponent(csvUri.slice(csvUri.lastIndexOf('/') + 1));
}

/** Report documents by the CSV they describe: `nhi-imaging-report:/<csv file name>.md?<csv uri>`. */
export class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(csvUri: string): vscode.Uri {
    const name = csvFileName(csvUri) || 'report';
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.archives.md`, query: csvUri });
  }

  set(csvUri: string, markdown: string): vscode.Uri {
    const uri = this.uriFor(csvUri);
    if (this.reports.get(csvUri) === markdown) return uri;
    this.reports.set(csvUri, markdown);
    this.changed.fire(uri);
    return uri;
  }

  has(csvUri: string): boolean {
    return this.reports.has(csvUri);
  }

  /** The CSV was closed: its report goes, and a view still showing it says so. */
  drop(csvUri: string): void {
    if (!this.reports.delete(csvUri)) return;
    this.changed.fire(this.uriFor(csvUri));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.query) ?? goneReport(pick(NO_REPORT(csvFileName(uri.query))));
  }
}

const NO_REPORT = (name: string) => ({
  'zh-TW': `${name} 沒有檢查結果：此 CSV 已關閉，或尚未檢查其壓縮檔。`,
  en: `No check results for ${name}: the CSV was closed, or its archives were not checked.`,
});

/** A report whose results the server no longer holds: the title, and why, in place of the results. */
export function goneReport(why: string): string {
  return `# ${pick({ 'zh-TW': '影像壓縮檔檢查報告', en: 'Archive check report' })}\n\n${why}\n`;
}
