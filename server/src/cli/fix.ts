/**
 * `nhi-imaging fix`: applies to upload CSVs the fixes the editor's "Fix All" applies (core/fix/fix-file.ts), lists
 * them and those left for a person to choose, then checks the fixed text as `check` does.
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { failure, fixCsvFile, FixFileError, type FixFileResult } from '../core/fix/fix-file';
import type { FixList } from '../core/fix/fix-text';
import { bi, say } from '../core/i18n';
import { counted } from '../core/counted';
import { defaultOptions } from '../core/options';
import type { Lang } from '../core/types';
import { parseNow } from './args';
import { runCheck, EXIT_FAILURE, EXIT_OK, type CliIo } from './check';
import { LANGS, oneOf, parseCommandLine, requestedLang, systemLang, UsageError, type OptionSpec } from './command-line';
import { FIX_USAGE } from './usage';
import { targets } from './walk';
import { SEVERITY_OPTIONS, severitiesFrom, type Severities } from './severities';

export const FIX_OPTIONS: OptionSpec = {
  'dry-run': { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  now: { type: 'string' },
  lang: { type: 'string' },
  ...SEVERITY_OPTIONS,
};

interface FixArgs {
  paths: string[];
  dryRun: boolean;
  out: string | undefined;
  now: number;
  nowText: string | undefined;
  lang: Lang;
  severities: Severities;
  /** The --settings and --rule arguments, handed on to the check of the result. */
  severityArgs: string[];
}

function parseFixArgs(argv: string[], cwd: string): FixArgs {
  const { values: v, positionals } = parseCommandLine(argv, FIX_OPTIONS);
  const rules = (v.rule as string[] | undefined) ?? [];
  const settings = v.settings === undefined ? undefined : resolve(cwd, String(v.settings));
  const severities = severitiesFrom(settings, rules, cwd);
  const severityArgs = [...(settings === undefined ? [] : ['--settings', settings]), ...rules.flatMap((r) => ['--rule', r])];
  const lang = oneOf(v.lang === undefined ? systemLang() : String(v.lang), LANGS, '--lang');
  if (positionals.length === 0) throw new UsageError(bi('未指定要修正的 CSV 檔', 'no CSV files given'));
  if (positionals.includes('-')) throw new UsageError(bi('fix 改寫檔案，不讀標準輸入；請指定檔案', 'fix rewrites files and does not read standard input; give a file'));
  const out = v.out === undefined ? undefined : String(v.out);
  if (out !== undefined && positionals.length > 1) throw new UsageError(bi('--out 只能搭配一個 CSV 檔', '--out takes one CSV file only'));
  if (out !== undefined && v['dry-run'] === true) throw new UsageError(bi('--out 與 --dry-run 不能同時使用', '--out and --dry-run cannot be used together'));
  const nowText = v.now === undefined ? undefined : String(v.now);
  return { paths: positionals, dryRun: v['dry-run'] === true, out, now: nowText === undefined ? Date.now() : parseNow(nowText), nowText, lang, severities, severityArgs };
}

export async function runFix(argv: string[], io: CliIo): Promise<number> {
  let args: FixArgs;
  try {
    args = parseFixArgs(argv, io.cwd);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const lang = requestedLang(argv, FIX_OPTIONS);
    io.stderr.write(`nhi-imaging fix: ${e.bilingual[lang]}\n\n${FIX_USAGE[lang]}`);
    return EXIT_FAILURE;
  }
  const { lang } = args;
  let status = EXIT_OK;
  const worse = (s: number) => (status = Math.max(status, s));
  for (const given of args.paths.map((p) => resolve(io.cwd, p))) {
    // A folder would rewrite every CSV below it, batches already sent among them: each file is named.
    if ((await stat(given).catch(() => undefined))?.isDirectory()) {
      io.stderr.write(`${shownFrom(io.cwd, given)}: ${say(lang, '這是資料夾；fix 只改寫指名的 CSV 檔（例如 資料夾/*.csv）', 'a folder; fix rewrites only the CSV files named (folder/*.csv, for one)')}\n`);
      worse(EXIT_FAILURE);
    }
  }
  if (status !== EXIT_OK) return status;
  const out = args.out === undefined ? undefined : resolve(io.cwd, args.out);
  if (out !== undefined && (await stat(out).catch(() => undefined))?.isDirectory()) {
    // Refused as a file that exists would be ("exists and is not overwritten"), which says nothing of the mistake.
    const example = join(out, basename(args.paths[0]));
    io.stderr.write(`nhi-imaging fix: ${say(lang, `--out 是資料夾（${out}）；請指定新檔的路徑，例如 ${example}`, `--out names a folder, ${out}; give the new file's path, e.g. ${example}`)}\n`);
    return EXIT_FAILURE;
  }
  for await (const target of targets(args.paths.map((p) => resolve(io.cwd, p)))) {
    const shownPath = shownFrom(io.cwd, target.path);
    if (target.error) {
      io.stderr.write(`${shownPath}: ${failure('讀不到此 CSV', 'The CSV cannot be read', target.error)[lang]}\n`);
      worse(EXIT_FAILURE);
      continue;
    }
    const options = defaultOptions({ now: args.now, lang, fileName: basename(target.path), severities: args.severities });
    let result: FixFileResult;
    try {
      result = await fixCsvFile(target.path, options, { dryRun: args.dryRun, outPath: out, listed: LISTED_FIXES });
    } catch (e) {
      if (!(e instanceof FixFileError)) throw e;
      io.stderr.write(`${shownPath}: ${e.bilingual[lang]}\n`);
      worse(EXIT_FAILURE);
      continue;
    }
    worse(await report(result, target.path, shownPath, args, io));
  }
  return status;
}

/** Says what was fixed and what is left to choose, then checks the fixed text; the check's exit status. */
async function report(result: FixFileResult, path: string, shownPath: string, args: FixArgs, io: CliIo): Promise<number> {
  const { lang } = args;
  const write = (line: string) => io.stdout.write(`${line}\n`);
  if (result.status === 'not-utf8') {
    write(`${shownPath}: ${result.finding.message[lang]}`);
    // Text with NUL bytes is UTF-8 already: what is wrong is a byte whose meaning no fix can know.
    if (result.kind === 'nul-text' || result.kind === 'nul-values') write(say(lang, '  檔案未變更：無法得知 NUL 字元原本代表什麼，fix 未寫入任何檔案；請依上方說明處理', '  Left as it is: what a NUL byte stood for is not known, so fix wrote nothing; do as said above'));
    else write(say(lang, '  檔案未變更：fix 只讀 UTF-8 文字，未寫入任何檔案（沒有備份，也沒有修正後的檔案）', '  Left as it is: fix reads UTF-8 text only, and wrote nothing (no backup, no fixed file)'));
    return 1;
  }
  if (result.status === 'unchanged') {
    write(`${shownPath}: ${say(lang, '沒有可自動修正的問題', 'nothing to fix automatically')}`);
    if (result.written !== undefined) {
      const written = shownFrom(io.cwd, result.written);
      write(say(lang, `  已寫入 ${written}（副本：沒有任何修改）`, `  Written to ${written} (a copy: nothing was changed)`));
    }
  }
  else {
    const verb = args.dryRun ? say(lang, '將修正', 'would fix') : say(lang, '已修正', 'fixed');
    write(`${shownPath}: ${verb} ${say(lang, `${result.fixed.length} 個問題`, counted(result.fixed.length, 'problem'))}`);
    listFixes(result.fixed, write, lang);
  }
  if (result.toChoose.length > 0) {
    write(say(lang, `  ${result.toChoose.length} 個問題有多種改法，請在編輯器中逐一選擇或手動修改：`, `  ${result.toChoose.length} left for you to choose (several ways to fix each: in the editor, or by hand):`));
    listFixes(result.toChoose, write, lang);
  }
  if (result.status === 'fixed' && result.written !== undefined) {
    const written = shownFrom(io.cwd, result.written);
    if (result.backup !== undefined) write(say(lang, `  已寫入 ${written}；原檔保留為 ${shownFrom(io.cwd, result.backup)}`, `  Written to ${written}; the original is kept as ${shownFrom(io.cwd, result.backup)}`));
    else write(say(lang, `  已寫入 ${written}`, `  Written to ${written}`));
  }
  write(say(lang, '  修正後仍有的問題（錯誤與警告）：', '  What is left after the fixes (errors and warnings):'));
  const check = ['--min-severity', 'warning', '--lang', lang, ...(args.nowText === undefined ? [] : ['--now', args.nowText]), ...args.severityArgs];
  if (result.status === 'fixed' && result.written === undefined) {
    // Not written: the fixed text is checked under the CSV's name.
    // One argument, and the path after --: a name that starts with - is no option.
    const parts = result.parts ?? [];
    return runCheck([...check, `--stdin-filename=${shownPath}`, '--', '-'], { ...io, stdinHeld: () => encoded(parts) });
  }
  const checked = result.written ?? path;
  return runCheck([...check, '--', shownFrom(io.cwd, checked)], io);
}

/** Each text in UTF-8, encoded as it is read. */
async function* encoded(texts: Iterable<string>): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text, 'utf8');
}

/** A path as the user gave it relative to the working folder, or whole when it lies outside it. */
function shownFrom(cwd: string, path: string): string {
  const r = relative(cwd, path);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? path : r;
}

/** Fixes listed one a line, as many as a person reads; the rest counted by rule (an export template's mistake repeats on every row). */
const LISTED_FIXES = 100;

function listFixes(fixes: FixList, write: (line: string) => void, lang: Lang): void {
  for (const f of fixes.first.slice(0, LISTED_FIXES)) write(`    ${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.ruleId}  ${f.title[lang]}`);
  if (fixes.length <= LISTED_FIXES) return;
  const byRule = new Map<string, number>();
  for (const f of fixes.first.slice(LISTED_FIXES)) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  for (const [rule, n] of fixes.moreByRule) byRule.set(rule, (byRule.get(rule) ?? 0) + n);
  const counts = [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => `${id} ${n}`).join(lang === 'zh-TW' ? '、' : ', ');
  write(say(lang, `    …其餘 ${fixes.length - LISTED_FIXES} 個：${counts}`, `    … ${fixes.length - LISTED_FIXES} more: ${counts}`));
}
