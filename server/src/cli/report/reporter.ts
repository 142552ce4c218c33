import type { Finding, Lang } from '../../core/types';

/** Totals of a run, for the summary line and the exit code. */
export interface RunTotals {
  files: number;
  error: number;
  warning: number;
  information: number;
  hint: number;
  /** Files that could not be read at all. */
  unreadable: number;
}

export function emptyTotals(): RunTotals {
  return { files: 0, error: 0, warning: 0, information: 0, hint: 0, unreadable: 0 };
}

/**
 * Receives findings file by file, in the order they are found, and writes them out as they come
 * (no format holds a whole file's findings).
 */
export interface Reporter {
  begin(): void;
  beginFile(path: string): void;
  finding(finding: Finding): void;
  endFile(): void;
  end(totals: RunTotals): void;
}

export interface ReporterSettings {
  lang: Lang;
  /** The working directory paths are shown relative to (SARIF URIs). */
  cwd: string;
  version: string;
  /** The rule reference (docs/rules.md) as a URL; a rule's entry is its id in lower case as the fragment. */
  rulesDocUrl: string;
  /** Whose path rules the paths follow (SARIF URIs); the running system unless a test says otherwise. */
  platform?: NodeJS.Platform;
}
