import * as vscode from 'vscode';
import { pick } from './i18n';

export const REPORT_SCHEME = 'nhi-imaging-report';

/** The file name of a CSV from its URI, as the user knows it. */
export function csvFileName(csvUri: string): string {
  return decodeURIComponent(csvUri.slice(csvUri.lastIndexOf('/') + 1));
}

/** What a CSV's report document shows: the server's report of its last check, asked for when shown, or a text of the extension's own. */
type ReportContent = { fromServer: true } | { text: string };

/**
 * Report documents by the CSV they describe: `nhi-imaging-report:/<csv file name>.archives.md?<csv uri>`. The server's
 * report is fetched each time VS Code reads the document (opened, or changed while open): the report of 100,000 rows is
 * 32 MB of Markdown, asked for only when it is shown.
 */
export class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, ReportContent>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `fetch`: the server's report of a CSV's last check, null when it holds none. */
  constructor(private readonly fetch: (csvUri: string) => Promise<string | null>) {}

  uriFor(csvUri: string): vscode.Uri {
    const name = csvFileName(csvUri) || 'report';
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.archives.md`, query: csvUri });
  }

  /** The CSV was checked: its report is the server's, read anew if shown. */
  checked(csvUri: string): vscode.Uri {
    this.reports.set(csvUri, { fromServer: true });
    const uri = this.uriFor(csvUri);
    this.changed.fire(uri);
    return uri;
  }

  /** The report shows `markdown` in place of the server's (why its results are gone). */
  set(csvUri: string, markdown: string): vscode.Uri {
    const uri = this.uriFor(csvUri);
    const now = this.reports.get(csvUri);
    if (now && 'text' in now && now.text === markdown) return uri;
    this.reports.set(csvUri, { text: markdown });
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

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const csvUri = uri.query;
    const content = this.reports.get(csvUri);
    if (!content) return goneReport(pick(NO_REPORT(csvFileName(csvUri))));
    if ('text' in content) return content.text;
    try {
      return (await this.fetch(csvUri)) ?? goneReport(pick(NO_REPORT(csvFileName(csvUri))));
    } catch (e) {
      // The server stopped or failed meanwhile: a stop sets its own text, whose change reads the document again.
      return goneReport(pick(NOT_FETCHED(e instanceof Error ? e.message : String(e))));
    }
  }
}

const NOT_FETCHED = (reason: string) => ({
  'zh-TW': `無法向語言伺服器取得檢查報告（${reason}）。`,
  en: `The check report could not be fetched from the language server (${reason}).`,
});

const NO_REPORT = (name: string) => ({
  'zh-TW': `${name} 沒有檢查結果：此 CSV 已關閉，或尚未檢查其壓縮檔。`,
  en: `No check results for ${name}: the CSV was closed, or its archives were not checked.`,
});

/** A report whose results the server no longer holds: the title, and why, in place of the results. */
export function goneReport(why: string): string {
  return `# ${pick({ 'zh-TW': '影像壓縮檔檢查報告', en: 'Archive check report' })}\n\n${why}\n`;
}
