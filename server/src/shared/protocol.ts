/**
 * Custom LSP messages between the VS Code client and the nhi-imaging language server.
 * Plain method names and parameter types (no editor imports), so both sides use the same definitions:
 *   client: `client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => …)`
 *   server: `connection.sendNotification(STATUS_NOTIFICATION, params)`
 */

/** What the client passes in `initializationOptions`. Every field is optional. */
export interface InitializationOptions {
  /** False in an untrusted workspace: the server then does text validation only (no file access). */
  trusted?: boolean;
  /** Base URL of the rule reference (docs/rules.md); a rule's anchor is appended. Default: the file beside the server. */
  rulesDocUrl?: string;
  /** True when the client shows `nhiImaging/status` (the extension's status bar); other clients are sent none. */
  statusNotifications?: boolean;
}

/**
 * Server → client, after every validation of an open document: the numbers for the status bar. Sent only
 * to a client that asks for it (`InitializationOptions.statusNotifications`): lsp-mode shows a warning for
 * each notification it does not know.
 */
export const STATUS_NOTIFICATION = 'nhiImaging/status';

export interface StatusParams {
  uri: string;
  /** The document version these numbers describe. */
  version: number;
  rows: number;
  errors: number;
  warnings: number;
  /** Information and hint findings. */
  infos: number;
  /** The open upload deadline (not yet passed at the reference time) nearest to it; null when none. */
  nearestDeadline: NearestDeadline | null;
  /** More findings exist than were sent as diagnostics (maxDiagnostics). */
  truncated: boolean;
}

export interface NearestDeadline {
  /** 0-based row index and the line it starts on. */
  row: number;
  line: number;
  /** ISO-8601 instant of the deadline. */
  deadline: string;
  /** Milliseconds from the reference time to the deadline. */
  msLeft: number;
}

/** Client → server, when the user grants workspace trust after start-up. */
export const TRUST_NOTIFICATION = 'nhiImaging/setTrusted';

export interface TrustParams {
  trusted: boolean;
}
