import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_FILE_NAME } from '../fixtures/rows';
import { line, removeDir, runCli, standaloneRows, tempDir, validRow, type JsonReport } from './helpers';

const NOW = ['--now', '2025-11-25T09:00'];

describe('nhi-imaging fix (CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  const [a, b, c] = standaloneRows(3);

  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  /** A CSV of three valid rows, the second with its birth date written as a Gregorian date. */
  function csvWithGregorianBirthDate(): { path: string; text: string; fixed: string } {
    const second = validRow(b);
    const roc = second[8];
    const gregorian = `${Number(roc.slice(0, 3)) + 1911}${roc.slice(3)}`;
    const rows = [validRow(a), second.map((v, i) => (i === 8 ? gregorian : v)), validRow(c)];
    const text = `${rows.map(line).join('\r\n')}\r\n`;
    const fixed = `${[validRow(a), second, validRow(c)].map(line).join('\r\n')}\r\n`;
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, text);
    return { path, text, fixed };
  }

  it('--help names the backup as fix writes it, NAME.csv.bak beside NAME.csv (both languages)', () => {
    for (const lang of ['en', 'zh-TW']) {
      const help = runCli(['fix', '--help', '--lang', lang], { cwd: dir }).stdout;
      assert.match(help, lang === 'en' ? /kept as NAME\.csv\.bak / : /「檔名\.csv\.bak」/, lang);
    }
  });

  it('rewrites the CSV with its fixes, keeps the original as .bak, lists what it fixed and checks the result', () => {
    const { path, text, fixed } = csvWithGregorianBirthDate();
    const run = runCli(['fix', '--lang', 'en', ...NOW, FIXTURE_FILE_NAME], { cwd: dir });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(path, 'utf8'), fixed);
    assert.equal(readFileSync(`${path}.bak`, 'utf8'), text);
    assert.match(run.stdout, new RegExp(`^${FIXTURE_FILE_NAME}: fixed 1 problem\\n    2:\\d+  F09-format  Write as ROC ${validRow(b)[8]}\\n`));
    assert.match(run.stdout, new RegExp(`Written to ${FIXTURE_FILE_NAME}; the original is kept as ${FIXTURE_FILE_NAME}\\.bak`));
    assert.match(run.stdout, /1 file checked: 0 errors, 0 warnings/);
  });

  it('a second run finds nothing to fix and writes nothing; a later fix keeps its backup beside the first', () => {
    const { path, text } = csvWithGregorianBirthDate();
    assert.equal(runCli(['fix', '--lang', 'en', ...NOW, path]).status, 0);
    const again = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /nothing to fix automatically/);
    assert.deepEqual(readdirSync(dir).sort(), [FIXTURE_FILE_NAME, `${FIXTURE_FILE_NAME}.bak`]);
    writeFileSync(path, text);
    assert.equal(runCli(['fix', '--lang', 'en', ...NOW, path]).status, 0);
    assert.equal(readFileSync(`${path}.bak`, 'utf8'), text);
    assert.equal(readFileSync(`${path}.bak2`, 'utf8'), text);
  });

  it('--dry-run writes nothing, says what it would fix and checks the fixed text under the CSV\'s name', () => {
    const { path, text } = csvWithGregorianBirthDate();
    const run = runCli(['fix', '--dry-run', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /: would fix 1 problem\n/);
    assert.match(run.stdout, /1 file checked: 0 errors/);
    assert.equal(readFileSync(path, 'utf8'), text);
    assert.deepEqual(readdirSync(dir), [FIXTURE_FILE_NAME]);
  });

  it('--out writes a new file and leaves the CSV alone; it never writes over a file', () => {
    const { path, text, fixed } = csvWithGregorianBirthDate();
    const out = join(dir, 'fixed', FIXTURE_FILE_NAME);
    const run = runCli(['fix', '--lang', 'en', ...NOW, '--out', out, path]);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(out, 'utf8'), fixed);
    assert.equal(readFileSync(path, 'utf8'), text);
    writeFileSync(out, 'mine');
    const refused = runCli(['fix', '--lang', 'en', ...NOW, '--out', out, path]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /exists and is not overwritten/);
    assert.equal(readFileSync(out, 'utf8'), 'mine');
  });

  it('--out naming a folder says to name the new file in it, and writes nothing (exit 2, both languages)', () => {
    const { path, text } = csvWithGregorianBirthDate();
    const folder = join(dir, 'fixed');
    mkdirSync(folder);
    for (const [lang, said] of [
      ['en', `--out names a folder, ${folder}; give the new file's path, e.g. ${join(folder, FIXTURE_FILE_NAME)}`],
      ['zh-TW', `--out 是資料夾（${folder}）；請指定新檔的路徑，例如 ${join(folder, FIXTURE_FILE_NAME)}`],
    ]) {
      const run = runCli(['fix', '--lang', lang, ...NOW, '--out', folder, path]);
      assert.equal(run.status, 2, run.stdout);
      assert.equal(run.stderr, `nhi-imaging fix: ${said}\n`);
    }
    assert.deepEqual(readdirSync(folder), []);
    assert.equal(readFileSync(path, 'utf8'), text);
  });

  it('--out writes the file also when there is nothing to fix: a copy of the CSV, so that a script can go on with it', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    const text = `${line(validRow(a))}\r\n`;
    writeFileSync(path, text);
    const out = join(dir, 'fixed', FIXTURE_FILE_NAME);
    const run = runCli(['fix', '--lang', 'en', ...NOW, '--out', out, path]);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /nothing to fix automatically/);
    assert.match(run.stdout, /Written to .*fixed\/3501200000_20251125_001\.csv \(a copy: nothing was changed\)/);
    assert.equal(readFileSync(out, 'utf8'), text);
    assert.equal(readFileSync(path, 'utf8'), text);
  });

  it('--out into a folder that cannot be made says so and exits 2, also where the system answers "no such file" at every level (procfs, some network mounts)', function () {
    // Node's recursive mkdir loops for ever on such an answer.
    if (!existsSync('/proc/self')) this.skip();
    const { path, text } = csvWithGregorianBirthDate();
    const out = join('/proc/nhi-imaging-out/fixed', FIXTURE_FILE_NAME);
    const run = runCli(['fix', '--lang', 'en', ...NOW, '--out', out, path], { timeout: 20_000 });
    assert.equal(run.status, 2, run.stderr + run.stdout);
    assert.match(run.stderr, /\/proc\/nhi-imaging-out\/fixed\/\S+\.csv cannot be written: no such file/);
    assert.equal(readFileSync(path, 'utf8'), text);
  });

  it('checks the result of a CSV whose name starts with "-" (given after --), dry run, written or with nothing to fix', () => {
    const { path, fixed } = csvWithGregorianBirthDate();
    const odd = join(dir, '-batch.csv');
    writeFileSync(odd, readFileSync(path));
    for (const extra of [['--dry-run'], [], []]) {
      const run = runCli(['fix', '--lang', 'en', ...NOW, ...extra, '--', '-batch.csv'], { cwd: dir });
      assert.equal(run.status, 1, run.stderr + run.stdout);
      assert.equal(run.stderr, '');
      // The file name rule is all that is left: the check read the fixed text under its own name.
      assert.match(run.stdout, /What is left after the fixes \(errors and warnings\):\n-batch\.csv:1:1: error FILE-name: /);
    }
    assert.equal(readFileSync(odd, 'utf8'), fixed);
  });

  it('lists a hundred fixes one a line and counts the rest by rule', () => {
    const rows = standaloneRows(105).map((i) => {
      const r = validRow(i);
      r[8] = `${Number(r[8].slice(0, 3)) + 1911}${r[8].slice(3)}`;
      return r;
    });
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, `${rows.map(line).join('\r\n')}\r\n`);
    const run = runCli(['fix', '--dry-run', '--lang', 'en', ...NOW, path]);
    const listed = run.stdout.split('\n').filter((l) => /^    \d+:\d+  F09-format  /.test(l));
    assert.equal(listed.length, 100);
    assert.match(run.stdout, /\n    … 5 more: F09-format 5\n/);
  });

  it('lists a fix that needs a choice without applying it, and exits 1 while its error is left', () => {
    const row = validRow(a);
    // A Gregorian date whose order of month and day its value does not show: month first or day first.
    const values = row.map((v, i) => (i === 8 ? '03/04/1986' : v));
    const path = join(dir, FIXTURE_FILE_NAME);
    const text = `${line(values)}\r\n`;
    writeFileSync(path, text);
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /nothing to fix automatically/);
    assert.match(run.stdout, /1 left for you to choose[^\n]*\n    1:\d+  F09-format  /);
    assert.equal(readFileSync(path, 'utf8'), text);
    assert.equal(existsSync(`${path}.bak`), false);
  });

  it('a lone CR inside a quoted field is no line end: check does not call it one, fix turns only the real one into CRLF', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // A database export's note with a CR typed into it, quoted; the line after row a ends in a lone CR.
    const quoted = line(validRow(b).map((v, i) => (i === 16 ? '"1\r2"' : v)));
    writeFileSync(path, `${line(validRow(a))}\r${quoted}\r\n${line(validRow(c))}\r\n`);
    const check = runCli(['check', '--lang', 'en', ...NOW, '--format', 'json', path]);
    const lineEnds = (JSON.parse(check.stdout) as JsonReport).files[0].diagnostics.filter((d) => d.code === 'FILE-line-ends');
    assert.equal(lineEnds.length, 1, check.stdout);
    assert.match(lineEnds[0].message, /^1 line ends in a lone CR .*the first on line 1,/);
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.match(run.stdout, /FILE-line-ends  Change the 1 lone CR line end to CRLF/);
    assert.equal(readFileSync(path, 'utf8'), `${line(validRow(a))}\r\n${quoted}\r\n${line(validRow(c))}\r\n`);
  });

  it('removes the form feeds a query tool writes at the top of each page, and a page break alone on its line, keeping every row', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // SQL*Plus SET NEWPAGE 0: a form feed starts each page; a report writer's page break alone on a line.
    writeFileSync(path, `\f${line(validRow(a))}\n\f\n\f${line(validRow(b))}\n${line(validRow(c))}\n`);
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /fixed 3 problems/);
    assert.match(run.stdout, /ROW-page-break  Remove the form feed/);
    assert.match(run.stdout, /ROW-page-break  Delete the line/);
    assert.equal(readFileSync(path, 'utf8'), `${[a, b, c].map((r) => line(validRow(r))).join('\n')}\n`);
  });

  it('names a byte order mark before a row as the start of a file joined on, and removes it keeping the row (both languages)', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // Two CSV UTF-8 files from Excel joined with copy /b: the second's BOM stands before its first row.
    const joined = `\ufeff${line(validRow(a))}\r\n\ufeff${line(validRow(b))}\r\n`;
    writeFileSync(path, joined);
    for (const [lang, said] of [
      ['en', /^[^\n]*:2:1: error F-spaces: hospital code \(field 1\) starts with a byte order mark \(U\+FEFF\), the start of another file joined to this one \(copy \/b, cat\)/m],
      ['zh-TW', /^[^\n]*:2:1: error F-spaces: 醫事機構代碼開頭有位元組順序記號（BOM，U\+FEFF）：這是接在本檔後面的另一個檔案的開頭（copy \/b、cat）/m],
    ] as const) {
      const check = runCli(['check', '--lang', lang, ...NOW, path]);
      assert.match(check.stdout, said, check.stdout);
    }
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(readFileSync(path, 'utf8'), `${line(validRow(a))}\r\n${line(validRow(b))}\r\n`);
  });

  it('names empty fields after field 17 as the columns a spreadsheet writes past the data, and removes them (both languages)', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // Excel writes a comma for every column up to the last one ever used or formatted.
    writeFileSync(path, `${line(validRow(a))},,,,\r\n${line(validRow(b))},,,,\r\n`);
    for (const [lang, said] of [
      ['en', /:1:1: error ROW-columns: this row has 21 fields instead of 17 \(4 too many\): the 4 after field 17 are empty, the columns a spreadsheet writes past the data when cells there were once used or formatted/],
      ['zh-TW', /:1:1: error ROW-columns: 此列有 21 個欄位，應為 17 個（多 4 個）：序號 17 之後的 4 個欄位都是空的，是試算表在資料右側的儲存格曾被使用或設定格式時寫出的欄/],
    ] as const) {
      assert.match(runCli(['check', '--lang', lang, ...NOW, path]).stdout, said);
    }
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(readFileSync(path, 'utf8'), `${line(validRow(a))}\r\n${line(validRow(b))}\r\n`);
  });

  it('removes SQL*Plus\'s row count with the blank lines around it: the file ends with the last row\'s line break', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // SQL*Plus SPOOL: a blank line, "N rows selected.", a blank line.
    writeFileSync(path, `${line(validRow(a))}\r\n${line(validRow(b))}\r\n\r\n2 rows selected.\r\n\r\n`);
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(readFileSync(path, 'utf8'), `${line(validRow(a))}\r\n${line(validRow(b))}\r\n`);
  });

  it('names rows separated by U+2028 LINE SEPARATOR instead of line breaks (both languages)', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(path, `${line(validRow(a))}\u2028${line(validRow(b))}\u2028${line(validRow(c))}\r\n`);
    for (const [lang, said] of [
      ['en', /:1:1: error ROW-columns: this row has 49 fields instead of 17 \(32 too many\): its rows are separated by U\+2028 \(LINE SEPARATOR\), which no CSV reader takes for a line break; write line breaks \(CRLF\) between them/],
      ['zh-TW', /:1:1: error ROW-columns: 此列有 49 個欄位，應為 17 個（多 32 個）：各列以 U\+2028 \(LINE SEPARATOR\) 分隔，CSV 讀取程式不會把它當作換行；請在各列之間改用換行（CRLF）/],
    ] as const) {
      assert.match(runCli(['check', '--lang', lang, ...NOW, path]).stdout, said);
    }
  });

  it('the fixed CSV, its backup and an --out copy keep the CSV\'s permissions (a CSV only its owner may read stays so)', () => {
    const umask = process.umask(0o022);
    try {
      const { path } = csvWithGregorianBirthDate();
      chmodSync(path, 0o600);
      const out = join(dir, 'copy', FIXTURE_FILE_NAME);
      assert.equal(runCli(['fix', '--lang', 'en', ...NOW, '--out', out, path]).status, 0);
      assert.equal(runCli(['fix', '--lang', 'en', ...NOW, path]).status, 0);
      const modes = [path, `${path}.bak`, out].map((p) => `${p.slice(dir.length)} ${(statSync(p).mode & 0o777).toString(8)}`);
      assert.deepEqual(modes, [`/${FIXTURE_FILE_NAME} 600`, `/${FIXTURE_FILE_NAME}.bak 600`, `/copy/${FIXTURE_FILE_NAME} 600`]);
    } finally {
      process.umask(umask);
    }
  });

  it('fixes the file a symbolic link names, keeping the link', () => {
    const { path, fixed } = csvWithGregorianBirthDate();
    const link = join(dir, 'link.csv');
    symlinkSync(path, link);
    const run = runCli(['fix', '--lang', 'en', ...NOW, link]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(readFileSync(path, 'utf8'), fixed);
    assert.ok(lstatSync(link).isSymbolicLink());
  });

  it('does not touch a file that is not UTF-8, and says why', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // 醫院 in Big5 after a valid row's text.
    const bytes = Buffer.concat([Buffer.from(`${line(validRow(a))},`), Buffer.from([0xc2, 0xe5, 0xb0, 0x7c]), Buffer.from('\r\n')]);
    writeFileSync(path, bytes);
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /Big5/);
    // What fix did (nothing) and what to run once the file is UTF-8: fix, not check.
    assert.match(run.stdout, /save it as UTF-8 \(in Excel: Save As → CSV UTF-8 \(Comma delimited\)\) and run fix again\./);
    assert.match(run.stdout, /Left as it is: fix reads UTF-8 text only, and wrote nothing \(no backup, no fixed file\)/);
    const zh = runCli(['fix', '--lang', 'zh-TW', ...NOW, path]);
    assert.match(zh.stdout, /以 UTF-8 另存（Excel：另存新檔 → CSV UTF-8 \(逗號分隔\)）後再執行 fix。/);
    assert.match(zh.stdout, /檔案未變更：fix 只讀 UTF-8 文字，未寫入任何檔案/);
    assert.doesNotMatch(`${run.stdout}${zh.stdout}`, /check again|再檢查/);
    assert.deepEqual(readFileSync(path), bytes);
    assert.deepEqual(readdirSync(dir), [FIXTURE_FILE_NAME]);
  });

  it('calls a CSV padded with NUL bytes after its last line text with NUL bytes, and leaves it as it is (check and fix)', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    // The end of a save cut off: the file's last bytes reserved but never written.
    const bytes = Buffer.concat([Buffer.from(`${line(validRow(a))}\r\n${line(validRow(b))}\r\n`), Buffer.alloc(512)]);
    writeFileSync(path, bytes);
    for (const [lang, said, notFixed] of [
      ['en', /The file is text but has NUL bytes \(0x00\) from line 3/, /Left as it is: what a NUL byte stood for is not known, so fix wrote nothing/],
      ['zh-TW', /檔案是文字，但第 3 行起有 NUL 字元（0x00）/, /檔案未變更：無法得知 NUL 字元原本代表什麼/],
    ] as const) {
      const check = runCli(['check', '--lang', lang, ...NOW, path]);
      assert.equal(check.status, 1);
      assert.match(check.stdout, said);
      assert.doesNotMatch(check.stdout, /binary|二進位/);
      const run = runCli(['fix', '--lang', lang, ...NOW, path]);
      assert.equal(run.status, 1);
      assert.match(run.stdout, notFixed);
      assert.doesNotMatch(run.stdout, /UTF-8 first|另存為 UTF-8/);
    }
    assert.deepEqual(readFileSync(path), bytes);
    assert.deepEqual(readdirSync(dir), [FIXTURE_FILE_NAME]);
  });

  it('names NUL bytes past the first 64 KiB as within it, on their line, with no F-chars error listing them (check and fix)', () => {
    const path = join(dir, FIXTURE_FILE_NAME);
    const rows = Array.from({ length: 700 }, (_, i) => `${line(validRow(i))}\r\n`).join('');
    assert.ok(Buffer.byteLength(rows) > 64 * 1024);
    const late = (tail: Buffer) => Buffer.concat([Buffer.from(rows), tail]);
    for (const [bytes, said] of [
      // A save cut off far into the file: its last bytes reserved but never written.
      [late(Buffer.alloc(20000)), /:701:1: error FILE-encoding: The file is text but has NUL bytes \(0x00\) from line 701/],
      // A NUL typed into a value on a late row.
      [late(Buffer.from(`${line(validRow(700)).replace(/,([^,]*)$/, ',x\0$1')}\r\n`)),
        new RegExp(`:701:${line(validRow(700)).replace(/,([^,]*)$/, ',x\0$1').indexOf('\0') + 1}: error FILE-encoding: The file is text but has NUL bytes \\(0x00\\) from line 701`)],
    ] as const) {
      writeFileSync(path, bytes);
      const check = runCli(['check', '--lang', 'en', ...NOW, path]);
      assert.equal(check.status, 1);
      assert.match(check.stdout, said);
      assert.doesNotMatch(check.stdout, /F-chars|binary/);
      for (const out of check.stdout.split('\n')) assert.ok(out.length < 1000, out.slice(0, 200));
      const zh = runCli(['check', '--lang', 'zh-TW', ...NOW, path]);
      assert.match(zh.stdout, /檔案是文字，但第 701 行起有 NUL 字元（0x00）/);
      const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
      assert.equal(run.status, 1);
      assert.match(run.stdout, /from line 701/);
      assert.match(run.stdout, /Left as it is: what a NUL byte stood for is not known/);
      assert.deepEqual(readFileSync(path), bytes);
    }
  });

  it('refuses standard input, --out with several files and a folder, one too large to fix at once or no regular file, and says so of a file it cannot read (exit 2)', () => {
    assert.equal(runCli(['fix', '-']).status, 2);
    const twoOut = runCli(['fix', '--lang', 'en', '--out', join(dir, 'x.csv'), 'a.csv', 'b.csv']);
    assert.equal(twoOut.status, 2);
    assert.match(twoOut.stderr, /--out takes one CSV file only/);
    const folder = runCli(['fix', '--lang', 'en', dir]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /a folder; fix rewrites only the CSV files named/);
    const huge = join(dir, FIXTURE_FILE_NAME);
    writeFileSync(huge, '');
    truncateSync(huge, 64 * 1024 * 1024 + 1);
    const tooLarge = runCli(['fix', '--lang', 'en', huge]);
    assert.equal(tooLarge.status, 2);
    assert.match(tooLarge.stderr, /The CSV is 64 MB, over the 64 MB fixed at once; nothing was changed/);
    assert.deepEqual(readdirSync(dir), [FIXTURE_FILE_NAME]);
    const pipe = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [pipe]);
    const fromPipe = runCli(['fix', '--lang', 'en', pipe]);
    assert.equal(fromPipe.status, 2);
    assert.match(fromPipe.stderr, /pipe\.csv: The CSV cannot be read: not a regular file/);
    rmSync(pipe);
    const missing = runCli(['fix', '--lang', 'en', join(dir, 'none.csv')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /none\.csv: The CSV cannot be read: no such file/);
  });
});
