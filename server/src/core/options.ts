import type { Lang, Severity } from './types';

/** What the caller may change about validation. Every field has a sane default (see defaultOptions). */
export interface ValidationOptions {
  /** Reference time for the 24-hour incentive deadline, ms since epoch. */
  now: number;
  /** Per-rule severity overrides; 'off' disables the rule. */
  severities: Record<string, Severity | 'off'>;
  lang: Lang;
  /** The file's name (basename), for the file-name rules; undefined when the text has none (untitled). */
  fileName?: string;
  /**
   * The file is a draft for Build (isDraftText: the first data row whose field 14 says it firmly names an image
   * folder, or, where no row says it firmly, the first that leans, `.` or `~` alone), so that an empty field 14 asks
   * for a folder's path rather than an archive name. BatchValidator decides it from the rows when it is not given; the
   * language server sets it per document.
   */
  draft?: boolean;
}

export function defaultOptions(partial: Partial<ValidationOptions> = {}): ValidationOptions {
  return { now: Date.now(), severities: {}, lang: 'zh-TW', ...partial };
}
