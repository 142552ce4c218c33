import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { bi, shown, shownEn } from '../core/i18n';
import { ISO_DATE_TIME, parseIsoTaiwanTime } from '../core/roc';
import { LANGS, oneOf, parseCommandLine, STDIN_FILENAME, systemLang, UsageError, type OptionSpec } from './command-line';
import type { Lang, Severity } from '../core/types';
import { SEVERITY_OPTIONS, severitiesOfArgs, type Severities } from './severities';

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
  /** Rule severities from --settings and --rule. */
  severities: Severities;
}

/** The path that stands for standard input. */
export const STDIN = '-';

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export const CHECK_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  now: { type: 'string' },
  lang: { type: 'string' },
  'min-severity': { type: 'string' },
  archives: { type: 'boolean' },
  full: { type: 'boolean' },
  'archive-dir': { type: 'string' },
  'stdin-filename': { type: 'string' },
  ...SEVERITY_OPTIONS,
};

export function parseCheckArgs(argv: string[], clock: () => number = Date.now, cwd = process.cwd()): CheckArgs {
  const parsed = parseCommandLine(argv, CHECK_OPTIONS);
  const severities = severitiesOfArgs(parsed.values, cwd);
  // The string options' values are strings; the boolean ones (archives, full) are read for their truth only.
  const v = parsed.values as Record<string, string | undefined>;
  const format = oneOf(v.format ?? 'text', FORMATS, '--format');
  const lang = oneOf(v.lang ?? systemLang(), LANGS, '--lang');
  const minSeverity = oneOf(v['min-severity'] ?? 'information', SEVERITIES, '--min-severity');
  const now = v.now === undefined ? clock() : parseNow(v.now);
  if (parsed.positionals.length === 0) throw new UsageError(bi('未指定要檢查的檔案或資料夾', 'no files or folders given'));
  const archives = v.full ? 'full' : v.archives ? 'quick' : null;
  if (v['archive-dir'] !== undefined && !archives) throw new UsageError(bi('--archive-dir 須搭配 --archives 或 --full', '--archive-dir needs --archives or --full'));
  // An empty name is none: standard input's CSV is then shown as "-" and its file name is not checked.
  const stdinFilename = v[STDIN_FILENAME] || undefined;
  const stdinCount = parsed.positionals.filter((p) => p === STDIN).length;
  if (stdinCount > 1) throw new UsageError(bi('-（標準輸入）只能指定一次', '- (standard input) given more than once'));
  if (v[STDIN_FILENAME] !== undefined && stdinCount === 0) {
    throw new UsageError(bi('--stdin-filename 只能在檔案中有 -（標準輸入）時使用', '--stdin-filename needs - (standard input) among the files'));
  }
  if (v['archive-dir'] !== undefined) refuseNoFolder(resolve(cwd, v['archive-dir']));
  return { format, now, lang, minSeverity, archives, archiveDir: v['archive-dir'], paths: parsed.positionals, stdinFilename, severities };
}

/** An --archive-dir that names no folder: one usage error naming it, rather than every row's archive said to be missing. */
function refuseNoFolder(dir: string): void {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch (e) {
    // A folder that cannot be looked at (no access) is left to the archive check, which says why for each archive.
    if (!['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return;
    throw new UsageError(bi(`--archive-dir 指定的資料夾不存在：${dir}；請指定壓縮檔所在的資料夾`, `--archive-dir names no folder: ${dir} does not exist; give the folder that holds the archives`));
  }
  if (!st.isDirectory()) {
    throw new UsageError(bi(`--archive-dir 指定的是檔案，不是資料夾：${dir}；請指定壓縮檔所在的資料夾`, `--archive-dir names a file, not a folder: ${dir}; give the folder that holds the archives`));
  }
}

/**
 * `--now` as ISO-8601. Without a zone it is Taiwan time (UTC+8), as the CSV's times are, so a run
 * gives the same result on any machine.
 */
export function parseNow(text: string): number {
  if (!ISO_DATE_TIME.test(text.trim())) {
    throw new UsageError(bi(
      `--now 須為 ISO-8601 日期或日期時間，例如 2026-11-25T09:30，而非${shown(text)}`,
      `--now must be an ISO-8601 date or date-time, e.g. 2026-11-25T09:30 (got ${shownEn(text)})`,
    ));
  }
  const ms = parseIsoTaiwanTime(text);
  if (ms === undefined) throw new UsageError(bi(`--now 不是實際存在的日期時間：${shown(text)}`, `--now is not a real date-time: ${shownEn(text)}`));
  return ms;
}
