/**
 * What every command shares in reading its command line: the options through node:util's parseArgs,
 * with its errors said in our words in both languages, and the language of help and usage errors,
 * which is `--lang` when it is given even on a command line that is otherwise wrong.
 */
import { parseArgs } from 'node:util';
import { bi, shown, shownEn } from '../core/i18n';
import type { Bilingual, Lang } from '../core/types';

/** A command line that cannot be run as given (exit code 2). */
export class UsageError extends Error {
  constructor(readonly bilingual: Bilingual) {
    super(bilingual.en);
  }
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface CommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

export const LANGS: readonly Lang[] = ['zh-TW', 'en'];

const LANG_OPTION: OptionSpec = { lang: { type: 'string' } };

/** `check --stdin-filename`, whose value may be empty (parseCommandLine). */
export const STDIN_FILENAME = 'stdin-filename';

/** The system's language when it is Chinese, else English. */
export function systemLang(): Lang {
  const env = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  const locale = env || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh/i.test(locale) ? 'zh-TW' : 'en';
}

/**
 * The options and positionals of `argv` (none allowed unless `allowPositionals`); anything parseArgs refuses
 * is a UsageError naming the option or argument.
 */
export function parseCommandLine(argv: string[], options: OptionSpec, allowPositionals = true): CommandLine {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals, strict: true });
    const values = parsed.values as CommandLine['values'];
    // An empty value (an unset variable in a script) would name the current folder, or nothing, in the option's place.
    // The name of standard input's CSV may be empty: an editor's linter passes none for a buffer not yet saved.
    for (const [name, value] of Object.entries(values)) {
      if (name === STDIN_FILENAME) continue;
      if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(bi(`--${name} 須指定值，目前是空的`, `--${name} needs a value, and it is empty`));
    }
    return { values, positionals: parsed.positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (!String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_')) throw e;
    // firstProblem makes parseArgs' checks; its own words stand only for a check a later Node version adds.
    throw new UsageError(firstProblem(tokensOf(argv, options), options, allowPositionals) ?? bi((e as Error).message, (e as Error).message));
  }
}

/**
 * The language asked for with `--lang` (the last one, as parseArgs takes it) when it is one we speak,
 * else the system's. `options` are the command's, so that an option's value is not read as `--lang`.
 */
export function requestedLang(argv: string[], options: OptionSpec = LANG_OPTION): Lang {
  let lang: Lang | undefined;
  for (const token of tokensOf(argv, { ...options, ...LANG_OPTION })) {
    if (token.kind === 'option' && token.name === 'lang' && (LANGS as readonly unknown[]).includes(token.value)) lang = token.value as Lang;
  }
  return lang ?? systemLang();
}

/**
 * `--lang` given before the command (`nhi-imaging --lang en check x.csv`): those arguments, checked, and the
 * command line after them. Every command takes `--lang` among its own options, so they are handed to it.
 */
export function leadingLang(argv: string[]): { langArgs: string[]; rest: string[] } {
  let i = 0;
  // `--lang X` takes the argument after it as its value, as parseArgs does; one that is an option is refused below.
  while (i < argv.length && (argv[i] === '--lang' || argv[i].startsWith('--lang='))) i += argv[i] === '--lang' ? 2 : 1;
  const langArgs = argv.slice(0, i);
  const { lang } = parseCommandLine(langArgs, LANG_OPTION, false).values;
  if (lang !== undefined) oneOf(String(lang), LANGS, '--lang');
  return { langArgs, rest: argv.slice(i) };
}

/** `value` when it is one of `allowed`, else a UsageError saying which `option` takes. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(bi(
    `${option} 須為 ${allowed.join('、')} 其中之一，而非${shown(value)}`,
    `${option} must be one of ${allowed.join(', ')} (got ${shownEn(value)})`,
  ));
}

/** The command line as parseArgs reads it without refusing anything (an unknown option is a token like any other). */
function tokensOf(argv: string[], options: OptionSpec): Token[] {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true }).tokens;
}

/** What strict parseArgs refuses, checked token by token in its order, so the one it threw for is named. */
function firstProblem(tokens: Token[], options: OptionSpec, allowPositionals: boolean): Bilingual | undefined {
  for (const token of tokens) {
    if (token.kind === 'positional' && !allowPositionals) return bi(`多餘的引數${shown(token.value)}`, `unexpected argument ${shownEn(token.value)}`);
    if (token.kind !== 'option') continue;
    const spec = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
    const option = `--${token.name}`;
    if (!spec) return bi(`無法辨識的選項 ${token.rawName}`, `unknown option ${token.rawName}`);
    if (spec.type === 'string' && token.value === undefined) return bi(`${option} 須指定值`, `${option} needs a value`);
    if (spec.type === 'boolean' && token.value !== undefined) return bi(`${option} 不接受值，請去掉${shown('=' + token.value)}`, `${option} takes no value (drop ${shownEn('=' + token.value)})`);
    if (spec.type === 'string' && !token.inlineValue && /^-./.test(token.value ?? '')) {
      return bi(
        `${option} 須指定值，其後的 ${token.value} 是選項；以 - 開頭的值請寫成 ${option}=值`,
        `${option} needs a value, and ${token.value} after it is an option; write a value that starts with - as ${option}=VALUE`,
      );
    }
  }
  return undefined;
}
