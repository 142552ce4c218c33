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
  /** LSP work-done progress token (other editors); VS Code uses ARCHIVE_PROGRESS_NOTIFICATION. */
  workDoneToken?: string | number;
}

export interface CheckArchivesResult {
  uri: string;
  /** False when the check did not run (untrusted workspace, not a file, unknown document, cancelled). */
  ran: boolean;
  /** Why it did not run, in the server's message language. */
  reason?: string;
  /** The folder the archives were looked for in (file-system path), when the check ran. */
  archiveFolder?: string;
  summaries: ArchiveSummary[];
  findings: { errors: number; warnings: number; infos: number };
  /** The per-row report as Markdown, in the server's message language. */
  report: string;
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

/** Server → client after a re-check (a change on disk, a new archive folder): the new result; sent only to a client that asks for the server's own notifications (`InitializationOptions.statusNotifications`). */
export const ARCHIVES_CHECKED_NOTIFICATION = 'nhiImaging/archivesChecked';
