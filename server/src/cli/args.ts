import { parseArgs } from 'node:util';
import { ISO_DATE_TIME, parseIsoTaiwanTime } from '../core/roc';
import type { Lang, Severity } from '../core/types';

export type Format = 'text' | 'json' | 'sarif';

export interface CheckArgs {
  format: Format;
  now: number;
  lang: Lang;
  minSeverity: Severity;
  /** Check each row's archive: 'quick' reads what the checks need, 'full' also verifies every checksum. */
  archives: 'quick' | 'full' | null;
  archiveDir?: string;
  /** The files and folders to check; `-` is standard input. */
  paths: string[];
  /** The name (and place, for --archives) of the CSV read from standard input. */
  stdinFilename?: string;
}

/** The path that stands for standard input. */
export const STDIN = '-';

/** A command line that cannot be run as given (exit code 2). */
export class UsageError extends Error {}

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const LANGS: readonly Lang[] = ['zh-TW', 'en'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** The system's language when it is Chinese, else English. */
export function systemLang(): Lang {
  const env = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  const locale = env || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh/i.test(locale) ? 'zh-TW' : 'en';
}

export function parseCheckArgs(argv: string[], clock: () => number = Date.now): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        now: { type: 'string' },
        lang: { type: 'string' },
        'min-severity': { type: 'string' },
        archives: { type: 'boolean' },
        full: { type: 'boolean' },
        'archive-dir': { type: 'string' },
        'stdin-filename': { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const format = oneOf(v.format ?? 'text', FORMATS, '--format');
  const lang = oneOf(v.lang ?? systemLang(), LANGS, '--lang');
  const minSeverity = oneOf(v['min-severity'] ?? 'information', SEVERITIES, '--min-severity');
  const now = v.now === undefined ? clock() : parseNow(v.now);
  if (parsed.positionals.length === 0) throw new UsageError('no files or folders given');
  const archives = v.full ? 'full' : v.archives ? 'quick' : null;
  if (v['archive-dir'] !== undefined && !archives) throw new UsageError('--archive-dir needs --archives');
  const stdinCount = parsed.positionals.filter((p) => p === STDIN).length;
  if (stdinCount > 1) throw new UsageError('- (standard input) given more than once');
  if (v['stdin-filename'] !== undefined && stdinCount === 0) throw new UsageError('--stdin-filename needs - (standard input) among the files');
  return { format, now, lang, minSeverity, archives, archiveDir: v['archive-dir'], paths: parsed.positionals, stdinFilename: v['stdin-filename'] };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/**
 * `--now` as ISO-8601. Without a zone it is Taiwan time (UTC+8), as the CSV's times are, so a run
 * gives the same result on any machine.
 */
export function parseNow(text: string): number {
  if (!ISO_DATE_TIME.test(text.trim())) throw new UsageError(`--now must be an ISO-8601 date or date-time, e.g. 2026-11-25T09:30 (got "${text}")`);
  const ms = parseIsoTaiwanTime(text);
  if (ms === undefined) throw new UsageError(`--now is not a real date-time: "${text}"`);
  return ms;
}
