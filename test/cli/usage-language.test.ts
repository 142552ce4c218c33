import { strict as assert } from 'node:assert';
import { runCli, type CliRun } from './helpers';

/** The environment of a machine whose language is `locale`, with nothing set that would override it. */
function localeEnv(locale: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: locale };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return env;
}

const ZH_SYSTEM = localeEnv('zh_TW.UTF-8');
const EN_SYSTEM = localeEnv('C.UTF-8');

/** Chinese characters other than 健保, which the English help names the NHI by. */
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const withoutNhi = (text: string): string => text.replace(/健保/g, '');

function run(args: string[], env: NodeJS.ProcessEnv): CliRun {
  return runCli(args, { env });
}

function assertChineseHelp(text: string, what: string): void {
  assert.match(text, /^nhi-imaging：臺灣健保醫療檢查影像上傳批次\n\n用法：\n/, what);
  assert.match(text, /\ncheck 選項：\n/, what);
  assert.match(text, /--lang zh-TW\|en +訊息與本說明的語言（預設：系統的語言）/, what);
  assert.match(text, /\nbuild 與 resend：\n/, what);
  assert.match(text, /結束代碼：0 已建置，1 草稿、其影像或帳冊有問題（未建置），2 用法錯誤、讀寫失敗或已取消。/, what);
  assert.match(text, /\ncheck 的結束代碼：0 無錯誤，1 有錯誤，2 用法錯誤或有檔案無法讀取。\n$/, what);
  assert.doesNotMatch(text, /Usage:|Exit status|options:|default/, what);
}

function assertEnglishHelp(text: string, what: string): void {
  assert.match(text, /^nhi-imaging: Taiwan NHI \(健保\) medical-imaging upload batches\n\nUsage:\n/, what);
  assert.match(text, /\ncheck options:\n/, what);
  assert.match(text, /\nbuild \/ resend:\n/, what);
  assert.match(text, /\nExit status of check: 0 no errors, 1 errors found, 2 usage error or a file could not be read.\n$/, what);
  assert.doesNotMatch(withoutNhi(text), CHINESE, what);
}

/** The options, option values and formats a help names, e.g. --format, -f, text|json|sarif, YYYYMMDD. */
function namedInHelp(text: string): string[] {
  const found = text.match(/(?<![\w-])--?[a-z][a-z-]*|[\w.-]+(?:\|[\w.-]+)+(?:\[,…\])?|YYYYMMDD|ISO-8601|UTC\+8|\*\.csv|\.\/upload|DICOMDIR/g) ?? [];
  return [...new Set(found)].sort();
}

/** A usage error and what it says in each language. */
const USAGE_ERRORS: { args: string[]; en: RegExp; zh: RegExp }[] = [
  { args: ['check'], en: /^nhi-imaging check: no files or folders given\n/, zh: /^nhi-imaging check: 未指定要檢查的檔案或資料夾\n/ },
  { args: ['check', '--bogus', 'x.csv'], en: /^nhi-imaging check: unknown option --bogus\n/, zh: /^nhi-imaging check: 無法辨識的選項 --bogus\n/ },
  { args: ['check', 'x.csv', '--format'], en: /^nhi-imaging check: --format needs a value\n/, zh: /^nhi-imaging check: --format 須指定值\n/ },
  {
    args: ['check', '--format', 'xml', 'x.csv'],
    en: /^nhi-imaging check: --format must be one of text, json, sarif \(got "xml"\)\n/,
    zh: /^nhi-imaging check: --format 須為 text、json、sarif 其中之一，而非「xml」\n/,
  },
  {
    args: ['check', '--archive-dir', 'archives', 'x.csv'],
    en: /^nhi-imaging check: --archive-dir needs --archives or --full\n/,
    zh: /^nhi-imaging check: --archive-dir 須搭配 --archives 或 --full\n/,
  },
  { args: ['check', '--full=yes', 'x.csv'], en: /^nhi-imaging check: --full takes no value \(drop "=yes"\)\n/, zh: /^nhi-imaging check: --full 不接受值，請去掉「=yes」\n/ },
  // An empty value (an unset variable in a script: --archive-dir "$ARCHIVES") names no folder or file: the current folder is not taken for it.
  {
    args: ['check', '--archives', '--archive-dir', '', 'x.csv'],
    en: /^nhi-imaging check: --archive-dir needs a value, and it is empty\n/,
    zh: /^nhi-imaging check: --archive-dir 須指定值，目前是空的\n/,
  },
  // A folder that is not there is one usage error naming it, not an A14-missing for every row.
  {
    args: ['check', '--archives', '--archive-dir', '/nonexistent-nhi-archives', 'x.csv'],
    en: /^nhi-imaging check: --archive-dir names no folder: \/nonexistent-nhi-archives does not exist; give the folder that holds the archives\n/,
    zh: /^nhi-imaging check: --archive-dir 指定的資料夾不存在：\/nonexistent-nhi-archives；請指定壓縮檔所在的資料夾\n/,
  },
  {
    args: ['check', '--full', `--archive-dir=${process.execPath}`, 'x.csv'],
    en: new RegExp(`^nhi-imaging check: --archive-dir names a file, not a folder: ${process.execPath.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}; give the folder that holds the archives\n`),
    zh: /^nhi-imaging check: --archive-dir 指定的是檔案，不是資料夾：.*；請指定壓縮檔所在的資料夾\n/,
  },
  { args: ['build', 'draft.csv', '--out='], en: /^nhi-imaging: --out needs a value, and it is empty\n/, zh: /^nhi-imaging: --out 須指定值，目前是空的\n/ },
  { args: ['fix', '-o', '', 'x.csv'], en: /^nhi-imaging fix: --out needs a value, and it is empty\n/, zh: /^nhi-imaging fix: --out 須指定值，目前是空的\n/ },
  { args: ['frobnicate'], en: /^nhi-imaging: unknown command "frobnicate"\n\nnhi-imaging: Taiwan NHI/, zh: /^nhi-imaging: 無法辨識的命令「frobnicate」\n\nnhi-imaging：臺灣健保/ },
  // A name every object has (Object.prototype's) is no command either.
  { args: ['toString'], en: /^nhi-imaging: unknown command "toString"\n\nnhi-imaging: Taiwan NHI/, zh: /^nhi-imaging: 無法辨識的命令「toString」\n\nnhi-imaging：臺灣健保/ },
  { args: ['build'], en: /^nhi-imaging: build needs exactly one draft CSV\n\nbuild \/ resend:\n/, zh: /^nhi-imaging: build 須指定恰好一個草稿 CSV\n\nbuild 與 resend：\n/ },
  { args: ['build', 'draft.csv', '--level', '2'], en: /^nhi-imaging: --level must be one of 0, 1, 3, 5 \(got "2"\)\n/, zh: /^nhi-imaging: --level 須為 0、1、3、5 其中之一，而非「2」\n/ },
  { args: ['resend', '--rows', 'C00000000001'], en: /^nhi-imaging: resend needs --ledger PATH\n/, zh: /^nhi-imaging: resend 須以 --ledger 指定帳冊的路徑\n/ },
  // Several rows are comma-separated in --rows; a second one after a space is refused rather than left out of the batch.
  {
    args: ['resend', '--ledger', 'ledger.jsonl', '--rows', 'C00000000001', 'C00000000002'],
    en: /^nhi-imaging: unexpected argument "C00000000002"\n\nbuild \/ resend:/,
    zh: /^nhi-imaging: 多餘的引數「C00000000002」\n\nbuild 與 resend：/,
  },
  { args: ['lsp'], en: /^nhi-imaging lsp: say how the editor talks to it: --stdio/, zh: /^nhi-imaging lsp: 請指定編輯器與語言伺服器的連線方式：--stdio/ },
  // A transport without its port or name is none (vscode-languageserver would throw with a stack trace).
  ...['--socket=', '--socket=abc', '--pipe='].map((transport) => ({ args: ['lsp', transport], en: /^nhi-imaging lsp: say how the editor talks to it: --stdio/, zh: /^nhi-imaging lsp: 請指定編輯器與語言伺服器的連線方式：--stdio/ })),
];

/** `args` with `--lang lang` right after the command, where it is read whatever follows. */
const withLang = (args: string[], lang: string): string[] => [args[0], '--lang', lang, ...args.slice(1)];

function assertUsageError(result: CliRun, expected: RegExp, lang: 'en' | 'zh-TW', what: string): void {
  assert.equal(result.status, 2, what);
  assert.equal(result.stdout, '', what);
  assert.match(result.stderr, expected, what);
  if (lang === 'en') assert.doesNotMatch(withoutNhi(result.stderr), CHINESE, what);
  else assert.doesNotMatch(result.stderr, /Usage:|Run "|must be|needs|unknown/, what);
}

describe('CLI help and usage errors in the language of the messages', function () {
  // Some tests start the command some 80 times.
  this.timeout(120_000);
  it('the help is in the system\'s language unless --lang says otherwise', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['check', '--help'], ['build', 'draft.csv', '-h']]) {
      const zh = run(args, ZH_SYSTEM);
      assert.equal(zh.status, 0, args.join(' '));
      assertChineseHelp(zh.stdout, `${args.join(' ')} on a Chinese system`);
      const en = run(args, EN_SYSTEM);
      assert.equal(en.status, 0, args.join(' '));
      assertEnglishHelp(en.stdout, `${args.join(' ')} on an English system`);
    }
    assertEnglishHelp(run(['--help', '--lang', 'en'], ZH_SYSTEM).stdout, '--help --lang en on a Chinese system');
    assertEnglishHelp(run(['check', '--lang=en', '--help'], ZH_SYSTEM).stdout, 'check --lang=en --help on a Chinese system');
    assertChineseHelp(run(['--help', '--lang', 'zh-TW'], EN_SYSTEM).stdout, '--help --lang zh-TW on an English system');
    assertChineseHelp(run(['resend', '--lang', 'zh-TW', '--help'], EN_SYSTEM).stdout, 'resend --lang zh-TW --help on an English system');
    // LC_ALL decides over LANG, as for the findings.
    assertChineseHelp(run(['--help'], { ...EN_SYSTEM, LC_ALL: 'zh_TW.UTF-8' }).stdout, 'LC_ALL=zh_TW.UTF-8');
    // Without a command the help goes to stderr, with exit status 2.
    const bare = run([], ZH_SYSTEM);
    assert.equal(bare.status, 2);
    assert.equal(bare.stdout, '');
    assertChineseHelp(bare.stderr, 'no command on a Chinese system');
  });

  it('the Chinese help names the options, values and formats the English one does', () => {
    const zh = run(['--help', '--lang', 'zh-TW'], EN_SYSTEM).stdout;
    const en = run(['--help', '--lang', 'en'], EN_SYSTEM).stdout;
    assertChineseHelp(zh, '--help --lang zh-TW');
    assert.ok(namedInHelp(en).includes('--stdin-filename') && namedInHelp(en).includes('0|1|3|5'), namedInHelp(en).join(' '));
    assert.deepEqual(namedInHelp(zh), namedInHelp(en));
  });

  it('a usage error is said in the system\'s language, or in that of --lang even when other arguments are wrong', () => {
    for (const { args, en, zh } of USAGE_ERRORS) {
      const what = args.join(' ');
      assertUsageError(run(args, ZH_SYSTEM), zh, 'zh-TW', `${what} on a Chinese system`);
      assertUsageError(run(args, EN_SYSTEM), en, 'en', `${what} on an English system`);
      assertUsageError(run(withLang(args, 'en'), ZH_SYSTEM), en, 'en', `${what} --lang en on a Chinese system`);
      assertUsageError(run(withLang(args, 'zh-TW'), EN_SYSTEM), zh, 'zh-TW', `${what} --lang zh-TW on an English system`);
    }
  });

  it('--lang before the command, as --lang X or --lang=X, is taken by every command', () => {
    for (const { args, en, zh } of USAGE_ERRORS) {
      const what = args.join(' ');
      assertUsageError(run(['--lang', 'en', ...args], ZH_SYSTEM), en, 'en', `--lang en ${what} on a Chinese system`);
      assertUsageError(run(['--lang=zh-TW', ...args], EN_SYSTEM), zh, 'zh-TW', `--lang=zh-TW ${what} on an English system`);
    }
    assertEnglishHelp(run(['--lang', 'en', '--help'], ZH_SYSTEM).stdout, '--lang en --help on a Chinese system');
    assertChineseHelp(run(['--lang=zh-TW', 'check', '-h'], EN_SYSTEM).stdout, '--lang=zh-TW check -h on an English system');
    assertEnglishHelp(run(['--lang', 'en'], ZH_SYSTEM).stderr, '--lang en and no command on a Chinese system');
    const now = ['--now', '2026-11-25T18:00'];
    const after = run(['check', '--lang', 'en', ...now, 'samples/batch'], ZH_SYSTEM);
    assert.equal(after.status, 1, after.stderr);
    assert.match(after.stdout, /: error F09-format: birth date \(field 9\) .*\n1 file checked: \d+ errors/s);
    assert.deepEqual(run(['--lang', 'en', 'check', ...now, 'samples/batch'], ZH_SYSTEM), after);
    // One after the command, given later, decides, as the last --lang does anywhere.
    assert.deepEqual(run(['--lang=zh-TW', 'check', '--lang', 'en', ...now, 'samples/batch'], ZH_SYSTEM), after);
  });

  it('a --lang before the command without a language the CLI speaks is a usage error', () => {
    const cases: { args: string[]; en: RegExp; zh: RegExp }[] = [
      { args: ['--lang', 'fr', 'check', 'x.csv'], en: /^nhi-imaging: --lang must be one of zh-TW, en \(got "fr"\)\n\nnhi-imaging: Taiwan NHI/, zh: /^nhi-imaging: --lang 須為 zh-TW、en 其中之一，而非「fr」\n\nnhi-imaging：臺灣健保/ },
      { args: ['--lang', 'check', 'x.csv'], en: /^nhi-imaging: --lang must be one of zh-TW, en \(got "check"\)\n/, zh: /^nhi-imaging: --lang 須為 zh-TW、en 其中之一，而非「check」\n/ },
      { args: ['--lang'], en: /^nhi-imaging: --lang needs a value\n/, zh: /^nhi-imaging: --lang 須指定值\n/ },
      { args: ['--lang', '--help'], en: /^nhi-imaging: --lang needs a value, and --help after it is an option/, zh: /^nhi-imaging: --lang 須指定值，其後的 --help 是選項/ },
    ];
    for (const { args, en, zh } of cases) {
      assertUsageError(run(args, EN_SYSTEM), en, 'en', args.join(' '));
      assertUsageError(run(args, ZH_SYSTEM), zh, 'zh-TW', args.join(' '));
    }
  });

  it('check\'s usage error points to the help in its own language', () => {
    assert.match(run(['check'], ZH_SYSTEM).stderr, /\n用法請執行「nhi-imaging --help」查看。\n$/);
    assert.match(run(['check', '--lang=zh-TW'], EN_SYSTEM).stderr, /\n用法請執行「nhi-imaging --help --lang zh-TW」查看。\n$/);
    assert.match(run(['check', '--lang', 'en'], ZH_SYSTEM).stderr, /\nRun "nhi-imaging --help --lang en" for usage.\n$/);
    assert.match(run(['check'], EN_SYSTEM).stderr, /\nRun "nhi-imaging --help" for usage.\n$/);
  });

  it('a --lang the CLI does not speak is refused in the system\'s language', () => {
    assertUsageError(run(['check', '--lang', 'fr', 'x.csv'], ZH_SYSTEM), /^nhi-imaging check: --lang 須為 zh-TW、en 其中之一，而非「fr」\n/, 'zh-TW', 'check --lang fr');
    assertUsageError(run(['build', '--lang', 'fr', 'draft.csv'], EN_SYSTEM), /^nhi-imaging: --lang must be one of zh-TW, en \(got "fr"\)\n\nbuild \/ resend:/, 'en', 'build --lang fr');
  });

  it('a value that is an option is named as such, and --lang after the end of options is a file name', () => {
    assertUsageError(
      run(['check', '--format', '--lang', 'zh-TW', 'x.csv'], EN_SYSTEM),
      /^nhi-imaging check: --format needs a value, and --lang after it is an option; write a value that starts with - as --format=VALUE\n/,
      'en',
      'check --format --lang zh-TW',
    );
    assertUsageError(run(['check', '--bogus', '--', '--lang', 'zh-TW'], EN_SYSTEM), /^nhi-imaging check: unknown option --bogus\n/, 'en', 'check --bogus -- --lang zh-TW');
  });
});
