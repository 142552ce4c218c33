/**
 * Checking an upload CSV that the editor does not hand over to extensions (VS Code passes no text of
 * files over 50 MB): the client asks the language server to read and validate the file from disk.
 * Pure: no editor imports, so both sides share these definitions.
 */
import type { Diagnostic } from 'vscode-languageserver';

/** Client → server request; supports cancellation and $/progress (workDoneToken). */
export const CHECK_FILE_REQUEST = 'nhiImaging/checkFile';

/** VS Code does not sync documents above this many characters to extensions (its model sync limit). */
export const EDITOR_SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

export interface CheckFileParams {
  /** A file: URI. */
  uri: string;
  workDoneToken?: string | number;
}

export interface CheckFileResult {
  uri: string;
  /** False when the check did not run (untrusted workspace, not a file, cancelled). */
  ran: boolean;
  /** Why it did not run, in the server's message language. */
  reason?: string;
  /** The most severe maxDiagnostics findings, and a notice for the rest when there are more. */
  diagnostics: Diagnostic[];
  rows: number;
  errors: number;
  warnings: number;
  infos: number;
  truncated: boolean;
}
