/**
 * The archive-check messages between the VS Code client and the language server. Pure: no
 * editor imports, so both sides share these definitions.
 */
import type { ArchiveSummary } from '../core/archive/check';

/** Client → server request: check the archives named by an open upload CSV. Supports $/progress (workDoneToken) and cancellation. */
export const CHECK_ARCHIVES_REQUEST = 'nhiImaging/checkArchives';

export interface CheckArchivesParams {
  uri: string;
  mode?: 'quick' | 'full';
  /**
   * True or absent: the answer carries every row's summary and the Markdown report. False (the extension): it carries
   * the counts and the rows with findings (at most MAX_SUMMARIES), and the report is asked for with
   * ARCHIVE_REPORT_REQUEST when shown. On 100,000 rows the complete answer is about 63 MB of JSON, the other about 0.3 MB.
   */
  complete?: boolean;
  /** LSP work-done progress token (other editors); VS Code uses ARCHIVE_PROGRESS_NOTIFICATION. */
  workDoneToken?: string | number;
}

/** The most rows with findings an answer asked with `complete: false` summarises. */
export const MAX_SUMMARIES = 1000;

export interface CheckArchivesResult {
  uri: string;
  /** False when the check did not run (untrusted workspace, not a file, unknown document, cancelled). */
  ran: boolean;
  /** Why it did not run, in the server's message language. */
  reason?: string;
  /** The folder the archives were looked for in (file-system path), when the check ran. */
  archiveFolder?: string;
  /** The rows whose archives were checked (each row naming an archive). */
  rows: number;
  /**
   * The summaries of the rows with findings, worst first (error, warning, information, hint), each severity in row
   * order, at most MAX_SUMMARIES; with `complete`, every row's in row order.
   */
  summaries: ArchiveSummary[];
  /** Rows with findings left out of `summaries` (0 with `complete`). */
  omitted: number;
  findings: { errors: number; warnings: number; infos: number };
  /** Unless asked with `complete: false`: the per-row report as Markdown, in the server's message language ('' when the check did not run). */
  report?: string;
}

/**
 * Client → server request: the Markdown report of the last archive check of an open document that ran, as
 * `complete` would have carried it (in the message language of that check).
 */
export const ARCHIVE_REPORT_REQUEST = 'nhiImaging/archiveReport';

export interface ArchiveReportParams {
  uri: string;
}

export interface ArchiveReportResult {
  uri: string;
  /** Null when the server holds no check of the document (none ran, it was closed since, the workspace lost trust). */
  report: string | null;
}

/** Server → client while a check runs: which archive, how far. */
export const ARCHIVE_PROGRESS_NOTIFICATION = 'nhiImaging/archiveProgress';

export interface ArchiveProgressParams {
  uri: string;
  archive: string;
  /** 1-based position among the archives being checked, and their number. */
  index: number;
  total: number;
  entriesDone: number;
  entriesTotal: number;
  phase: 'start' | 'entries' | 'done';
}

/** Client → server: files changed on disk (the client's watcher on *.7z / *.CAB). */
export const ARCHIVES_CHANGED_NOTIFICATION = 'nhiImaging/archivesChanged';

export interface ArchivesChangedParams {
  /** File-system paths of the archives created, changed or deleted. */
  paths: string[];
}

/** Server → client after a re-check (a change on disk, a new archive folder): the new result, of the shape the last request asked for; sent only to a client that asks for the server's own notifications (`InitializationOptions.statusNotifications`). */
export const ARCHIVES_CHECKED_NOTIFICATION = 'nhiImaging/archivesChecked';
