import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { DEADLINES_REQUEST, type DeadlineRow, type DeadlinesParams, type DeadlinesResult } from '../../server/src/shared/protocol';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { Debounce } from './debounce';
import type { Feature } from './feature';
import { displayLang, type DisplayLang } from './i18n';
import { LANGUAGE_ID } from './languageClient';
import { deadlineClock } from './deadlineClock';
import { deadlinesAt, type ShownDeadlines } from './deadlinesAt';
import { documentCounts, omittedLabel, rowDescription, rowLabel, rowTooltip, stoppedMessage, urgencyOf, type Urgency } from './deadlineText';

export const DEADLINES_VIEW = 'nhiImaging.deadlines';
/** True while an upload CSV is open: the view's `when`. */
const UPLOAD_CSV_OPEN = 'nhiImaging.uploadCsvOpen';
/**
 * Status notifications come at every validation, while typing too: the view asks again once they have stopped for
 * REFRESH_WAIT_MS, and while they keep coming, every REFRESH_MAX_WAIT_MS (each answer of a 100,000-row file reads
 * all its deadlines).
 */
const REFRESH_WAIT_MS = 200;
const REFRESH_MAX_WAIT_MS = 1500;

/** A document's nodes are drawn in the language of its answer (`lang`), from its deadlines at one time (`shown`). */
export type DeadlineNode =
  | { kind: 'document'; uri: string; shown: ShownDeadlines; lang: DisplayLang }
  | { kind: 'row'; uri: string; row: DeadlineRow; msLeft: number; lang: DisplayLang }
  | { kind: 'omitted'; omitted: number; listed: number; lang: DisplayLang };

/** An answer of the server and the message language it was asked in (that of its basis and order names). */
interface Answer {
  result: DeadlinesResult;
  lang: DisplayLang;
}

const ICONS: Record<Urgency, vscode.ThemeIcon> = {
  missed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  soon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  open: new vscode.ThemeIcon('clock'),
};

/** The open upload CSVs the language server is sent (languageClient.ts's document selector). */
function openUploadCsvs(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.languageId === LANGUAGE_ID && (d.uri.scheme === 'file' || d.uri.scheme === 'untitled'));
}

/** The open upload CSVs, each with its rows' incentive deadlines as the server last answered them, read at the time drawn (deadlinesAt). */
export class DeadlinesTree implements vscode.TreeDataProvider<DeadlineNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly answers = new Map<string, Answer>();
  /** Documents validated again since their answer was asked for. */
  private readonly stale = new Set<string>();
  /** Per open document, a token its answers are kept under: an answer that comes after the document closed is dropped. */
  private readonly asked = new Map<string, object>();

  constructor(private readonly client: { state: State; sendRequest<R>(method: string, params: DeadlinesParams): Promise<R> }) {}

  /** Asks again for `uri`'s deadlines (or, without one, for every document's) when next shown. */
  invalidate(uri?: string): void {
    if (uri === undefined) this.answers.clear();
    // A document without a kept answer is asked about anyway (a status may still come after it closed).
    else if (this.answers.has(uri)) this.stale.add(uri);
  }

  forget(uri: string): void {
    this.answers.delete(uri);
    this.stale.delete(uri);
    this.asked.delete(uri);
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: DeadlineNode): Promise<DeadlineNode[]> {
    if (!node) {
      const documents = await Promise.all(openUploadCsvs().map((doc) => this.documentNode(doc.uri)));
      return documents.filter((d) => d !== undefined);
    }
    if (node.kind !== 'document') return [];
    const { shown, lang } = node;
    const rows: DeadlineNode[] = shown.rows.map(({ row, msLeft }) => ({ kind: 'row', uri: node.uri, row, msLeft, lang }));
    if (shown.omitted > 0) rows.push({ kind: 'omitted', omitted: shown.omitted, listed: shown.rows.length, lang });
    return rows;
  }

  getTreeItem(node: DeadlineNode): vscode.TreeItem {
    const { lang } = node;
    if (node.kind === 'document') {
      const uri = vscode.Uri.parse(node.uri);
      const item = new vscode.TreeItem(uri, node.shown.rows.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.description = documentCounts(node.shown, lang);
      item.tooltip = uri.scheme === 'file' ? uri.fsPath : node.uri;
      return item;
    }
    if (node.kind === 'omitted') return new vscode.TreeItem(omittedLabel(node.omitted, node.listed, lang));
    const uri = vscode.Uri.parse(node.uri);
    const { msLeft } = node;
    const item = new vscode.TreeItem(rowLabel(node.row, msLeft, lang));
    item.description = rowDescription(node.row);
    item.tooltip = rowTooltip(node.row, lang);
    item.iconPath = ICONS[urgencyOf(msLeft)];
    const start = new vscode.Position(node.row.line, 0);
    item.command = { command: 'vscode.open', title: '', arguments: [uri, { selection: new vscode.Range(start, start) }] };
    return item;
  }

  /**
   * The node of the open document `uri`, its deadlines at the current time when the reference time is "now" (the
   * time left counts down between validations, and a row whose deadline passed is counted and sorted as missed); none
   * without an answer. An answer that cannot tell which rows are the earliest now is asked for again.
   */
  private async documentNode(doc: vscode.Uri): Promise<DeadlineNode | undefined> {
    const uri = doc.toString();
    const clock = deadlineClock(doc);
    let answer = await this.answerOf(uri);
    if (!answer) return undefined;
    let shown = deadlinesAt(answer.result, clock());
    if (!shown.exact) {
      this.stale.add(uri);
      answer = (await this.answerOf(uri)) ?? answer;
      shown = deadlinesAt(answer.result, clock());
    }
    return { kind: 'document', uri, shown, lang: answer.lang };
  }

  /**
   * The kept answer of `uri`, asked for again when stale or when the message language changed since (the view's own
   * texts would be in the new one, the basis and order names still in the old); none while the server is not running
   * or when it holds no such document.
   */
  private async answerOf(uri: string): Promise<Answer | undefined> {
    const lang = displayLang();
    const kept = this.answers.get(uri);
    if (kept && kept.lang === lang && !this.stale.has(uri)) return kept;
    if (this.client.state !== State.Running) return undefined;
    this.stale.delete(uri);
    let token = this.asked.get(uri);
    if (!token) this.asked.set(uri, (token = {}));
    try {
      const result = await this.client.sendRequest<DeadlinesResult | null>(DEADLINES_REQUEST, { uri });
      if (!result) return undefined;
      const answer = { result, lang };
      if (this.asked.get(uri) === token) this.answers.set(uri, answer);
      return answer;
    } catch {
      // The server stopped or restarted meanwhile: its state change refreshes the view.
      return kept;
    }
  }
}

/**
 * The "Upload incentive deadlines" view in the Explorer: for each open upload CSV, its rows' deadlines, the earliest
 * first; a click shows the row. Asked again as the server validates a document, while the view is visible.
 */
export const registerDeadlinesView: Feature = (ctx) => {
  const { extension, client, statuses } = ctx;
  const tree = new DeadlinesTree(client);
  const view = vscode.window.createTreeView(DEADLINES_VIEW, { treeDataProvider: tree });
  ctx.deadlines = tree;
  ctx.deadlinesView = view;
  const refresh = new Debounce(() => tree.refresh(), REFRESH_WAIT_MS, REFRESH_MAX_WAIT_MS);
  const refreshSoon = () => {
    if (view.visible) refresh.call();
  };
  const updateContext = () => void vscode.commands.executeCommand('setContext', UPLOAD_CSV_OPEN, openUploadCsvs().length > 0);

  extension.subscriptions.push(
    view,
    new vscode.Disposable(() => refresh.dispose()),
    statuses((status) => {
      tree.invalidate(status.uri);
      refreshSoon();
    }),
    client.onDidChangeState((e) => {
      view.message = e.newState === State.Stopped ? stoppedMessage(displayLang()) : undefined;
      tree.invalidate();
      refreshSoon();
    }),
    view.onDidChangeVisibility(() => refreshSoon()),
    vscode.workspace.onDidOpenTextDocument(() => {
      updateContext();
      refreshSoon();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      tree.forget(doc.uri.toString());
      updateContext();
      refreshSoon();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
      if (view.message !== undefined) view.message = stoppedMessage(displayLang());
      refreshSoon();
    }),
    // The time left counts down between validations.
    new vscode.Disposable(clearInterval.bind(undefined, setInterval(refreshSoon, 60_000))),
  );
  updateContext();
};
