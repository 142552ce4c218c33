/**
 * The batch-build messages between the VS Code client and the language server. Pure: no editor
 * imports, so both sides share these definitions. Messages are in the server's language.
 */
import type { BuildRemedy } from '../core/build/types';

export type { BuildRemedy };

/** Client → server: build the open draft CSV. Cancellable; reports BUILD_PROGRESS_NOTIFICATION. */
export const BUILD_REQUEST = 'nhiImaging/build';

/** The 7z compression levels a build takes: 0 store, 1/3/5 LZMA2 (the CLI's --level, the nhiImaging.buildCompressionLevel setting). */
export const COMPRESSION_LEVELS = [0, 1, 3, 5] as const;
export type CompressionLevel = (typeof COMPRESSION_LEVELS)[number];

export function isCompressionLevel(value: unknown): value is CompressionLevel {
  return (COMPRESSION_LEVELS as readonly unknown[]).includes(value);
}

/** Whether a build request's parameters have their shape: a URI, and a level (if any) that its format takes. */
export function isBuildParams(value: unknown): value is BuildParams {
  const p = value as Partial<Record<keyof BuildParams, unknown>> | null | undefined;
  if (typeof p?.uri !== 'string') return false;
  if (p.level == null) return true;
  return isCompressionLevel(p.level) && (p.level === 0 || p.format !== 'cab');
}

export interface BuildParams {
  uri: string;
  format?: '7z' | 'cab';
  /**
   * 7z compression: 0 store (default), 1, 3 or 5 LZMA2, as `nhi-imaging build --level`; with `format: 'cab'` (MSZIP) only 0.
   * Another value is refused (InvalidParams). Compressed, a row whose images pass 4.5 GiB is packed and judged by its archive.
   */
  level?: CompressionLevel;
  /** YYYYMMDD; default today in Taiwan. */
  date?: string;
  /** Output folder (a relative one is taken from the draft's folder); default `upload` beside the draft. */
  outDir?: string;
  rebuildDicomdir?: boolean;
  /** LSP work-done progress token (other editors). */
  workDoneToken?: string | number;
}

export interface BuildResultSummary {
  csvPath: string;
  outDir: string;
  ledgerPath: string;
  rows: number;
  archives: number;
  bytes: number;
  /** ms since epoch, and as text. */
  earliestDeadline?: number;
  earliestDeadlineText?: string;
  warnings: string[];
  /** What the build did on its own, per row: a DICOMDIR rebuilt, files renamed or left out ("row 2: …"). */
  notes: string[];
}

export interface BuildResult {
  uri: string;
  /** False when nothing was built (untrusted workspace, unsaved document, cancelled, or a failure). */
  ok: boolean;
  cancelled?: boolean;
  summary?: BuildResultSummary;
  /**
   * Why it failed, the findings behind it ("row 2: …"), and the option that would let it through (offered as a button):
   * `rebuild-dicomdir` (rebuildDicomdir: true), `compress` (format '7z', level 1: a row whose images pass 4.5 GiB in store).
   */
  error?: { message: string; details: string[]; remedy?: BuildRemedy };
}

/** Server → client while a build runs. */
export const BUILD_PROGRESS_NOTIFICATION = 'nhiImaging/buildProgress';

export interface BuildProgressParams {
  uri: string;
  phase: 'read' | 'scan' | 'reserve' | 'pack' | 'verify' | 'done';
  /** 1-based row being worked on. */
  row?: number;
  rowCount: number;
  bytesDone: number;
  bytesTotal: number;
  etaMs?: number;
  message: string;
}

/** Server → client: image problems found before packing; the answer decides. */
export const BUILD_DECISION_REQUEST = 'nhiImaging/buildDecision';

export interface BuildDecisionParams {
  uri: string;
  problems: string[];
}

export interface BuildDecisionResult {
  decision: 'continue' | 'stop';
}

/** Client → server: the rows recorded in the ledger that the draft's build would use. */
export const LEDGER_ROWS_REQUEST = 'nhiImaging/ledgerRows';

export interface LedgerRowsParams {
  uri: string;
}

export interface LedgerRowItem {
  key: string;
  caseNumber: string;
  text: string;
  /** The CSV it was last sent in (file name) and when. */
  csvName: string;
  at: string;
}

export interface LedgerRowsResult {
  ledgerPath: string;
  rows: LedgerRowItem[];
  /** Why the ledger was not read (an untrusted workspace, a file that is no ledger or a damaged one): no rows, and none should be taken to be sent. */
  refused?: string;
}

/** Client → server: build a re-send batch of ledger rows (by key). Cancellable; same progress as a build. */
export const RESEND_REQUEST = 'nhiImaging/resend';

export interface ResendParams {
  uri: string;
  keys: string[];
  /** Output folder (a relative one is taken from the CSV's folder); default `upload` beside it. */
  outDir?: string;
  date?: string;
  /** Write a new DICOMDIR into every archive packed again (the remedy `rebuild-dicomdir`), as `nhi-imaging resend --rebuild-dicomdir`. */
  rebuildDicomdir?: boolean;
  workDoneToken?: string | number;
}
