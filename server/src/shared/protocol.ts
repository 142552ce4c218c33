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
  /**
   * True when the client takes the server's own notifications: `nhiImaging/status` (the extension's status bar) and
   * the progress of archive checks and builds (`nhiImaging/archiveProgress`, `nhiImaging/buildProgress`), the result
   * of a re-check of archives (`nhiImaging/archivesChecked`); other clients are sent none (their progress comes as
   * $/progress, for the request's workDoneToken; a re-check's result as diagnostics).
   */
  statusNotifications?: boolean;
  /**
   * True when the client answers `nhiImaging/buildDecision` (server/src/shared/build.ts), the question a build asks
   * about image problems before packing. Other clients are not asked (one that leaves a request it does not know
   * unanswered would keep the build waiting for good): their build stops there, as the CLI does without --force.
   */
  buildDecisions?: boolean;
}

/**
 * Server → client, after every validation of an open document: the numbers for the status bar. Sent only
 * to a client that asks for it (`InitializationOptions.statusNotifications`): lsp-mode shows a warning for
 * each notification it does not know.
 */
export const STATUS_NOTIFICATION = 'nhiImaging/status';

export interface StatusParams {
  uri: string;
  /**
   * Which opening of the document these numbers describe: a number the server gives each textDocument/didOpen it
   * receives, larger for a later one. A document closed and opened again numbers its versions anew, so a status sent
   * before the server saw the close can carry a higher version than the statuses of the document opened again.
   */
  opening: number;
  /** The document version these numbers describe (within its opening). */
  version: number;
  rows: number;
  errors: number;
  warnings: number;
  /** Information and hint findings. */
  infos: number;
  /** The open incentive deadline (not yet passed at the reference time) nearest to it; null when none. */
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

/**
 * Client → server: the incentive deadlines (上傳獎勵期限) of the rows of an open upload CSV, the earliest first, as last
 * validated (answered once validation has caught up with the document's edits): open deadlines (not passed at the
 * reference time, nhiImaging.deadlineReferenceTime, which with "now" is the time of the request, not of the last
 * validation) by time, then missed ones by time, the oldest miss first.
 * Rows whose window starts after the reference time (F-future: a mistyped time) have no deadline to count down to
 * and are left out, as from the status's nearestDeadline. Null for a URI that is not open. Answered to every client.
 */
export const DEADLINES_REQUEST = 'nhiImaging/deadlines';

export interface DeadlinesParams {
  uri: string;
  /** At most this many rows (a non-negative integer); default DEFAULT_DEADLINES_LIMIT. */
  limit?: number;
}

export const DEFAULT_DEADLINES_LIMIT = 200;

export interface DeadlinesResult {
  uri: string;
  /** The document version the answer describes. */
  version: number;
  rows: DeadlineRow[];
  /** How many rows have an open deadline, and how many a missed one (those in `rows` among them). */
  open: number;
  missed: number;
  /** How many of the open and missed rows are not in `rows` (beyond the limit). */
  omitted: number;
}

export interface DeadlineRow {
  /** 0-based row index and the line it starts on. */
  row: number;
  line: number;
  /** ISO-8601 instant of the deadline. */
  deadline: string;
  /** Milliseconds from the reference time (with "now", the time of the request) to the deadline: negative once missed. */
  msLeft: number;
  /** What the window counts from ("24 h after the exam"), in the language of the settings. */
  basis: string;
  /** Field 10 as written, and the order's name in the language of the settings ('' for a code the spec does not list). */
  orderCode: string;
  orderName: string;
  /** Field 8 masked as the document symbols mask it ("A12****789"); '' when empty. */
  maskedId: string;
}

/** Client → server, when the user grants workspace trust after start-up. */
export const TRUST_NOTIFICATION = 'nhiImaging/setTrusted';

export interface TrustParams {
  trusted: boolean;
}

/**
 * Client → server, as the cursor moves in an upload CSV: which field the cursor is in, for the status bar (a row has
 * no header to read it from). Answered null off a row (an empty line) or on a row's line break.
 */
export const FIELD_AT_REQUEST = 'nhiImaging/fieldAt';

export interface FieldAtParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
}

export interface FieldAtResult {
  /** 1-based; above 17 for a cell past the row's 17 fields. */
  field: number;
  /** "序號10 醫令代碼（order code）" / "Field 10 order code (醫令代碼)", in the language of the settings. */
  heading: string;
  /** What the NHI text says about the field, then what the cell's value means, one line each. */
  details: string[];
}
