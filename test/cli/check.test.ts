import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_FILE_NAME, pandasColumnNames } from '../fixtures/rows';
import { checkJson, line, removeDir, runCli, standaloneRows, tempDir, validRow, type JsonDiagnostic } from './helpers';

const serious = (d: JsonDiagnostic) => d.severity === 'error' || d.severity === 'warning';

/** One mutation per field: the row breaks on that field and on no other. */
const DEFECTS: { field: number; apply: (v: string[]) => void }[] = [
  // The archive name carries the hospital code too: change both, so only field 1 differs from the file name.
  { field: 1, apply: (v) => ((v[0] = '350120000A'), (v[13] = v[13].replace('3501200000', '350120000A'))) },
  { field: 2, apply: (v) => (v[1] = '99') },
  { field: 3, apply: (v) => (v[2] = v[2] === '11410' ? '11409' : '11410') },
  { field: 4, apply: (v) => (v[3] = v[3].slice(0, 3) + '1399120000') },
  { field: 5, apply: (v) => (v[4] = 'ZZ') },
  { field: 6, apply: (v) => (v[5] = '00A') },
  // Preventive care (visit type AC) with a serial number instead of its IC code: X06-preventive-care-serial.
  { field: 6, apply: (v) => ((v[4] = 'AC'), (v[5] = '0001')) },
  { field: 7, apply: (v) => (v[6] = '3') },
  { field: 8, apply: (v) => (v[7] = 'a12345678') },
  { field: 9, apply: (v) => (v[8] = '19860312') },
  { field: 10, apply: (v) => (v[9] = '99999X') },
  { field: 11, apply: (v) => (v[10] = 'x') },
  { field: 13, apply: (v) => (v[12] = 'HZZ') },
  { field: 14, apply: (v) => (v[13] = v[13].replace(/\.(7z|CAB)$/, '.zip')) },
  { field: 15, apply: (v) => ((v[14] = '1140230'), (v[15] = 'A')) },
  { field: 16, apply: (v) => ((v[14] = v[11].slice(0, 7)), (v[15] = '1')) },
  { field: 17, apply: (v) => (v[16] = '11413320000') },
];

describe('nhi-imaging check (CLI)', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  function write(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('takes a draft whose first row has no image folder yet for a draft, from the first row whose field 14 is filled in', () => {
    const rows = [0, 1, 2, 3].map((i) => validRow(i));
    rows[0][13] = '';
    rows[1][13] = './mr1';
    rows[2][13] = '';
    rows[3][13] = './us1';
    const path = write('draft.csv', rows.map((v) => `${line(v)}\r\n`).join(''));
    const { report } = checkJson([path]);
    const found = report.files[0].diagnostics;
    assert.ok(!found.some((d) => d.code === 'FILE-name'), 'a draft may be called anything');
    const required = found.filter((d) => d.code === 'F-required' && d.field === 14);
    assert.deepEqual(required.map((d) => d.line), [1, 3]);
    for (const d of required) assert.match(d.message, /in a draft it holds the path of the row's image folder/);
    // The same rows with an archive name where the draft has a folder: an upload CSV, whose name and empty field 14 are told so.
    rows[1][13] = 'DCF3501200000_C00000000002.7z';
    const upload = checkJson([write('draft.csv', rows.map((v) => `${line(v)}\r\n`).join(''))]).report.files[0].diagnostics;
    assert.ok(upload.some((d) => d.code === 'FILE-name'));
    for (const d of upload.filter((d) => d.code === 'F-required' && d.field === 14)) assert.match(d.message, /expected DCF or ATT/);
  });

  it('says only the encoding error of a file whose NUL byte or invalid UTF-8 comes late, as the editor does, not the findings of the rows before it', () => {
    // Rows with an error each (a Gregorian birth date), more than the first chunk read (64 KiB).
    const rows = Array.from({ length: 1500 }, (_, i) => {
      const v = validRow(i);
      v[8] = `${Number(v[8].slice(0, 3)) + 1911}${v[8].slice(3)}`;
      return `${line(v)}\r\n`;
    }).join('');
    assert.ok(Buffer.byteLength(rows) > 2 * 64 * 1024);
    for (const [tail, said] of [
      // On the NUL's own column, as the editor shows it.
      [Buffer.from('3501200000,x\0y\r\n'), /:1501:13: error FILE-encoding: The file is text but has NUL bytes \(0x00\) from line 1501/],
      [Buffer.from([0x61, 0xe6, 0x0d, 0x0a]), /:1501:1: error FILE-encoding: /],
    ] as const) {
      const path = write(FIXTURE_FILE_NAME, Buffer.concat([Buffer.from(rows), tail]));
      const run = runCli(['check', '--lang', 'en', '--now', '2025-11-25T09:00:00+08:00', path]);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, said);
      assert.doesNotMatch(run.stdout, /F09/);
      assert.match(run.stdout, /^[^\n]*\n1 file checked: 1 error, 0 warnings, 0 information\.\n$/);
      const { report } = checkJson([path], ['--now', '2025-11-25T09:00:00+08:00']);
      assert.deepEqual(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)), ['FILE-encoding']);
    }
  });

  it('flags each row of a file with one defect per row on the right field, and nothing else', () => {
    const indices = standaloneRows(DEFECTS.length + 3);
    const ct = indices.find((i) => validRow(i)[9].startsWith('3307'))!;
    const others = indices.filter((i) => i !== ct);
    const lines: string[] = [];
    const expected: number[] = [];
    DEFECTS.forEach((d, k) => {
      const v = validRow(d.field === 13 ? ct : others[k]);
      d.apply(v);
      lines.push(line(v));
      expected.push(d.field);
    });
    lines.push(line(validRow(others[DEFECTS.length])));
    const path = write(FIXTURE_FILE_NAME, lines.join('\n') + '\n');
    const { run, report } = checkJson([path]);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(report.files.length, 1);
    const diags = report.files[0].diagnostics;
    expected.forEach((field, k) => {
      const onRow = diags.filter((d) => d.line === k + 1 && serious(d));
      assert.ok(onRow.some((d) => d.field === field), `line ${k + 1}: expected field ${field}, got ${JSON.stringify(onRow)}`);
      for (const d of onRow) {
        assert.ok(d.field === field || d.field === null, `line ${k + 1} flags field ${d.field}: ${d.message}`);
        assert.ok(d.column >= 1 && d.endColumn >= d.column);
      }
    });
    assert.deepEqual(diags.filter((d) => d.line === lines.length && serious(d)), [], 'the correct last row is clean');
  });

  it('reports no error on correct files and exits 0', () => {
    const rows = standaloneRows(300).map((i) => line(validRow(i)));
    const a = write(FIXTURE_FILE_NAME, rows.join('\r\n') + '\r\n');
    const b = write('3501200000_20251125_002.csv', rows.slice(0, 5).join('\n'));
    const { run, report } = checkJson([a, b]);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(report.files.map((f) => f.path), [a, b]);
    for (const f of report.files) assert.deepEqual(f.diagnostics.filter(serious), []);
    // Every row still gets its deadline as information.
    assert.equal(report.files[0].diagnostics.filter((d) => d.severity === 'information').length, 300);
  });

  it('writes text as path:line:column: severity code: message, then a summary', () => {
    const v = validRow(2);
    v[8] = '19860312';
    const path = write(FIXTURE_FILE_NAME, line(v) + '\n');
    const run = runCli(['check', '--lang', 'en', '--min-severity', 'warning', path]);
    assert.equal(run.status, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^.+3501200000_20251125_001\.csv:1:\d+: error F09-format: birth date \(field 9\) 19860312 /);
    const col = Number(lines[0].split(':')[2]);
    assert.equal(col, line(v).indexOf('19860312') + 1);
    assert.equal(lines.at(-1), '1 file checked: 1 error, 0 warnings, 1 information.');
    const zh = runCli(['check', '--lang', 'zh-TW', '--min-severity', 'error', path]);
    assert.match(zh.stdout, /error F09-format: 出生日期 19860312 不是民國年月日/);
    assert.match(zh.stdout, /檢查 1 個檔案：錯誤 1、警告 0、資訊 1。/);
  });

  it('writes SARIF 2.1.0 with the rule catalogue and located results', () => {
    const v = validRow(3);
    v[4] = 'ZZ';
    const path = write(FIXTURE_FILE_NAME, `${line(validRow(2))}\n${line(v)}\n`);
    const run = runCli(['check', '--format', 'sarif', '--lang', 'en', path], { cwd: dir });
    assert.equal(run.status, 1);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const [r] = sarif.runs;
    assert.equal(r.tool.driver.name, 'nhi-imaging');
    const rules = r.tool.driver.rules as { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[];
    const ids = rules.map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const id of ['F05-visit-type', 'F08-checksum', 'FILE-encoding', 'FILE-unreadable', 'DEADLINE']) assert.ok(ids.includes(id), id);
    for (const rule of rules) {
      assert.equal(typeof rule.shortDescription.text, 'string');
      assert.ok(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration.level));
    }
    // Friendly names (Pascal case, one word, unique) and a link to each rule's entry in docs/rules.md.
    const named = rules as unknown as { id: string; name: string; helpUri: string }[];
    assert.ok(named.every((x) => /^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/.test(x.name)), JSON.stringify(named.map((x) => x.name)));
    assert.equal(new Set(named.map((x) => x.name)).size, named.length);
    assert.equal(named.find((x) => x.id === 'F05-visit-type')!.name, 'UnknownVisitType');
    assert.match(named.find((x) => x.id === 'F08-checksum')!.helpUri, /^file:\/\/.*\/docs\/rules\.md#f08-checksum$/);
    const results = r.results as any[];
    const bad = results.filter((x) => x.level === 'error');
    assert.equal(bad.length, 1);
    assert.equal(bad[0].ruleId, 'F05-visit-type');
    assert.equal(rules[bad[0].ruleIndex].id, 'F05-visit-type');
    assert.equal(typeof bad[0].message.text, 'string');
    const loc = bad[0].locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: FIXTURE_FILE_NAME, uriBaseId: 'SRCROOT' });
    const start = line(v).indexOf(',ZZ,') + 2;
    assert.deepEqual(loc.region, { startLine: 2, startColumn: start, endLine: 2, endColumn: start + 2 });
    assert.ok(results.every((x) => ['error', 'warning', 'note'].includes(x.level)));
    assert.ok(results.some((x) => x.level === 'note'), 'deadlines are notes');
    assert.match(r.originalUriBaseIds.SRCROOT.uri, /^file:\/\/.*\/$/);
    assert.equal(r.columnKind, 'utf16CodeUnits');
  });

  it('walks folders for *.csv in name order, and reports many files', () => {
    const good = line(validRow(2));
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'a'));
    const names: string[] = [];
    for (let k = 0; k < 120; k++) {
      const sub = k % 3 === 0 ? 'a' : k % 3 === 1 ? 'b' : join('b', 'deep');
      const name = join(sub, `3501200000_20251125_${String(k).padStart(3, '0')}.csv`);
      write(name, good + '\n');
      names.push(join(dir, name));
    }
    write(join('a', 'notes.txt'), 'not a csv');
    write(join('a', 'UPPER.CSV'), good + '\n');
    const { run, report } = checkJson([dir]);
    const paths = report.files.map((f) => f.path);
    assert.equal(paths.length, 121);
    assert.ok(paths.includes(join(dir, 'a', 'UPPER.CSV')));
    assert.ok(!paths.some((p) => p.endsWith('notes.txt')));
    assert.deepEqual([...paths].sort(), [...names, join(dir, 'a', 'UPPER.CSV')].sort());
    assert.deepEqual(paths.slice(0, 3), [join(dir, 'a', '3501200000_20251125_000.csv'), join(dir, 'a', '3501200000_20251125_003.csv'), join(dir, 'a', '3501200000_20251125_006.csv')]);
    // UPPER.CSV breaks the file-name rule; the others are clean.
    assert.equal(run.status, 1);
    const withErrors = report.files.filter((f) => f.diagnostics.some(serious)).map((f) => f.path);
    assert.deepEqual(withErrors, [join(dir, 'a', 'UPPER.CSV')]);
  });

  it('skips, in folders, what macOS and Excel leave beside a CSV (AppleDouble ._ files, __MACOSX, ~$ owner files); named, they are checked', () => {
    const good = write(FIXTURE_FILE_NAME, line(validRow(2)) + '\r\n');
    // macOS on FAT, exFAT and SMB drives: the resource fork and Finder info of each file, in a binary ._ twin.
    const appleDouble = Buffer.concat([Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]), Buffer.from('Mac OS X        ', 'latin1'), Buffer.alloc(4058)]);
    const twin = write(`._${FIXTURE_FILE_NAME}`, appleDouble);
    mkdirSync(join(dir, '__MACOSX'));
    write(join('__MACOSX', `._${FIXTURE_FILE_NAME}`), appleDouble);
    // Excel, while the CSV is open: a 165-byte owner file with the user's name.
    write(`~$${FIXTURE_FILE_NAME}`, Buffer.concat([Buffer.from([6]), Buffer.from('王小明'.padEnd(53, ' '), 'utf16le'), Buffer.alloc(5)]));
    const folder = checkJson([dir]);
    assert.deepEqual(folder.report.files.map((f) => f.path), [good]);
    assert.equal(folder.run.status, 0);
    const named = checkJson([twin]);
    assert.deepEqual(named.report.files[0].diagnostics.map((d) => d.code), ['FILE-encoding']);
  });

  it('reports a missing path, goes on with the next one, and exits 2', () => {
    const good = write(FIXTURE_FILE_NAME, line(validRow(2)) + '\n');
    const missing = join(dir, 'missing.csv');
    const { run, report } = checkJson([missing, good]);
    assert.equal(run.status, 2);
    assert.deepEqual(report.files.map((f) => f.path), [missing, good]);
    assert.deepEqual(report.files[0].diagnostics.map((d) => [d.code, d.severity, d.line, d.field]), [['FILE-unreadable', 'error', 1, null]]);
    assert.match(report.files[0].diagnostics[0].message, /no such file/);
    assert.deepEqual(report.files[1].diagnostics.filter(serious), []);
  });

  it('reports a file without read permission, even when run by root, and goes on', () => {
    const locked = write(FIXTURE_FILE_NAME, line(validRow(2)) + '\n');
    const good = write('3501200000_20251125_002.csv', line(validRow(3)) + '\n');
    chmodSync(locked, 0o000);
    // root reads anything: run the CLI as an unprivileged user so the permission really applies.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = runCli(['check', '--format', 'json', '--lang', 'en', locked, good], asUser);
    const report = JSON.parse(run.stdout);
    assert.equal(run.status, 2, run.stderr);
    assert.deepEqual(report.files[0].diagnostics.map((d: JsonDiagnostic) => d.code), ['FILE-unreadable']);
    assert.match(report.files[0].diagnostics[0].message, /permission denied/);
    assert.deepEqual(report.files[1].diagnostics.filter(serious), []);
  });

  it('reports a named pipe and a folder given as files without blocking on them', () => {
    const fifo = join(dir, 'pipe.csv');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, 'mkfifo');
    mkdirSync(join(dir, 'sub'));
    const good = write(FIXTURE_FILE_NAME, line(validRow(2)) + '\n');
    const { run, report } = checkJson([dir]);
    assert.equal(run.status, 2);
    const pipe = report.files.find((f) => f.path === fifo)!;
    assert.deepEqual(pipe.diagnostics.map((d) => d.code), ['FILE-unreadable']);
    assert.match(pipe.diagnostics[0].message, /not a regular file/);
    assert.deepEqual(report.files.find((f) => f.path === good)!.diagnostics.filter(serious), []);
  });

  for (const [name, bytes, expected] of [
    ['binary', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4, 1, 2, 3, 0, 0, 0, 9]), /binary data, not text \(7-Zip archive\)/],
    ['random binary', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256)), /binary data, not text/],
    ['UTF-16 with a BOM', Buffer.from('\ufeff' + line(validRow(2)) + '\r\n', 'utf16le'), /UTF-16 little-endian/],
    ['UTF-16 without a BOM', Buffer.from(line(validRow(2)) + '\r\n', 'utf16le'), /UTF-16 little-endian/],
    ['Big5', Buffer.concat([Buffer.from(line(validRow(2)) + '\n' + line(validRow(3)) + ',', 'utf8'), Buffer.from([0xb3, 0xc6, 0xb5, 0xf9]), Buffer.from('\n')]), /Big5 \(or another double-byte encoding\) from line 2/],
  ] as const) {
    it(`gives a ${name} file one encoding error and no row noise`, () => {
      const path = write(FIXTURE_FILE_NAME, bytes);
      const { run, report } = checkJson([path]);
      assert.equal(run.status, 1);
      const diags = report.files[0].diagnostics;
      assert.deepEqual(diags.map((d) => d.code), ['FILE-encoding'], JSON.stringify(diags));
      assert.match(diags[0].message, expected);
      const zh = checkJson([path], ['--lang', 'zh-TW']).report.files[0].diagnostics[0].message;
      assert.match(zh, /UTF-8/);
    });
  }

  {
    // Two valid rows as other programs save them; each case: the serious findings as code@line:column.
    const rows = [line(validRow(2)), line(validRow(3))];
    const quoteAll = (r: string) => r.split(',').map((v) => (v === '' ? v : `"${v}"`)).join(',');
    const cases: [string, Buffer, string[]][] = [
      ['Excel "CSV UTF-8" (BOM, CRLF, a final CRLF)', Buffer.from(`\ufeff${rows.join('\r\n')}\r\n`), ['FILE-bom@1:1']],
      ['LibreOffice (no BOM, LF, every text quoted)', Buffer.from(`${rows.map(quoteAll).join('\n')}\n`), rows.flatMap((r) => r.split(',').filter((v) => v !== '').map(() => 'F-quoted'))],
      ['Notepad, UTF-8 with BOM and no final line break', Buffer.from(`\ufeff${rows.join('\r\n')}`), ['FILE-bom@1:1']],
      ['Big5 (CP950) holding only ASCII', Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1'), []],
      ['Excel for Mac "CSV (Macintosh)" (lone CR line ends)', Buffer.from(`${rows.join('\r')}\r`), ['FILE-line-ends@1:1']],
      ['CRLF and LF mixed (files joined from two systems)', Buffer.from(`${rows[0]}\r\n${rows[1]}\n`), []],
      ['a lone CR among CRLF lines', Buffer.from(`${rows[0]}\r\n${rows[1]}\r${line(validRow(4))}\r\n`), ['FILE-line-ends@2:1']],
      ['a DOS Ctrl-Z after the final CRLF', Buffer.from(`${rows.join('\r\n')}\r\n\u001a`), ['FILE-eof-mark@3:1']],
      ['a DOS Ctrl-Z straight after the last value', Buffer.from(`${rows.join('\r\n')}\u001a`), [`FILE-eof-mark@2:${rows[1].length + 1}`]],
      ['tab-separated', Buffer.from(`${rows.map((r) => r.replace(/,/g, '\t')).join('\r\n')}\r\n`), ['ROW-columns@1:1', 'ROW-columns@2:1', 'FILE-separator@1:1']],
      ['semicolon-separated (European Excel)', Buffer.from(`${rows.map((r) => r.replace(/,/g, ';')).join('\r\n')}\r\n`), ['ROW-columns@1:1', 'ROW-columns@2:1', 'FILE-separator@1:1']],
    ];
    for (const [name, bytes, expected] of cases) {
      it(`a CSV saved by other software: ${name}`, () => {
        const path = write(FIXTURE_FILE_NAME, bytes);
        const { report } = checkJson([path], ['--now', '2025-11-25T09:00']);
        const found = report.files[0].diagnostics.filter(serious).map((d) => (d.code === 'F-quoted' ? d.code : `${d.code}@${d.line}:${d.column}`));
        assert.deepEqual(found, expected);
      });
    }
  }

  it('a classic Mac file (lone CRs): each row\'s findings on its own line in text, JSON and SARIF, and the line ends warned of', () => {
    const rows = [validRow(2), validRow(3), validRow(4)].map((v) => line(v));
    const bad = validRow(5);
    bad[4] = 'ZZ';
    const at = line(bad).indexOf(',ZZ,') + 2;
    const path = write(FIXTURE_FILE_NAME, [...rows, line(bad)].join('\r') + '\r');
    const json = checkJson([path]).report.files[0].diagnostics.filter(serious).map((d) => `${d.code}@${d.line}:${d.column}`);
    assert.deepEqual(json, [`F05-visit-type@4:${at}`, 'FILE-line-ends@1:1']);
    const text = runCli(['check', '--lang', 'en', '--min-severity', 'warning', path]).stdout;
    assert.match(text, new RegExp(`:4:${at}: error F05-visit-type`));
    assert.match(text, /:1:1: warning FILE-line-ends: the lines end in a lone CR \(classic Mac line ends, as Excel for Mac's "CSV \(Macintosh\)" saves them\), 4 from line 1 on; .*use CRLF line ends throughout/);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '--lang', 'en', path], { cwd: dir }).stdout);
    const [result] = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'FILE-line-ends');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: rows[0].length + 1 });
  });

  it('a large classic Mac file read in many chunks: the row numbers stay exact', () => {
    const v = validRow(2);
    const good = line(v);
    const bad = [...v];
    bad[4] = 'ZZ';
    const lines = Array.from({ length: 3000 }, () => good);
    lines[2500] = line(bad);
    const path = write(FIXTURE_FILE_NAME, lines.join('\r') + '\r');
    const found = checkJson([path]).report.files[0].diagnostics.filter((d) => d.code === 'F05-visit-type' || d.code === 'FILE-line-ends');
    assert.deepEqual(found.map((d) => `${d.code}@${d.line}`), ['F05-visit-type@2501', 'FILE-line-ends@1']);
  });

  it('the first record pandas wrote back as column names: FILE-header alone, its serial 1 counted in its visit as after the fix', () => {
    // validRow(0) and validRow(1): one visit, serials 1 and 2; pandas wrote the first as column names (1 -> 1.1, empty -> Unnamed: N).
    const names = pandasColumnNames(validRow(0));
    const path = write(FIXTURE_FILE_NAME, `${names}\r\n${validRow(1).join(',')}\r\n`);
    const found = checkJson([path], ['--now', '2025-11-25T09:00']).report.files[0].diagnostics.filter(serious);
    assert.deepEqual(found.map((d) => `${d.code}@${d.line}`), ['FILE-header@1']);
  });

  {
    // Rows as database query tools write them, with the defaults a hospital's export template meets first;
    // each case: the serious findings as code@line:column (F-spaces and F-quoted counted, not placed).
    const rows = [validRow(2), validRow(3)];
    // A ROC date or date-time as SQL Server's datetime prints it: 1141125053958 → 2025-11-25 05:39:58.000.
    const sqlDate = (roc: string) => `${Number(roc.slice(0, 3)) + 1911}-${roc.slice(3, 5)}-${roc.slice(5, 7)} ${roc.slice(7, 9) || '00'}:${roc.slice(9, 11) || '00'}:${roc.slice(11, 13) || '00'}.000`;
    const sqlDates = (v: string[]) => v.map((x, i) => ([3, 8, 11, 14].includes(i) && x !== '' ? sqlDate(x) : x));
    const nulls = (v: string[], token: string) => v.map((x, i) => (x === '' && i >= 12 ? token : x));
    const names = ['HOSP_ID', 'CARE_CAT', 'EXE_YM', 'SWIPE_DT', 'VISIT_TYPE', 'VISIT_SEQ', 'CARD_FLAG', 'ID_NO', 'BIRTH_DT', 'ORDER_CODE',
      'RPT_SEQ', 'EXAM_DT', 'BODY_SITE', 'ARCHIVE_NAME', 'NB_BIRTH_DT', 'NB_MARK', 'IMG_RECV_DT'];
    // Columns as wide as Table 2's lengths or their names, as a query tool pads them.
    const widths = names.map((n, i) => Math.max(n.length, [10, 2, 5, 13, 2, 4, 1, 10, 7, 12, 6, 11, 18, 30, 7, 1, 11][i]));
    const padded = (v: string[]) => v.map((x, i) => x.padEnd(widths[i])).join(',');
    const underline = widths.map((w) => '-'.repeat(w)).join(',');
    const cases: [string, string, string[]][] = [
      ['sqlcmd -s"," -W (header, dashes, NULL, row count)', [names.join(','), names.map((n) => '-'.repeat(n.length)).join(','), ...rows.map((r) => nulls(r, 'NULL').join(',')), '', '(2 rows affected)', ''].join('\r\n'),
        ['ROW-underline@2:1', 'F-null-literal@3:117', 'F-null-literal@3:122', 'F-null-literal@3:127', 'F-null-literal@4:128', 'ROW-row-count@6:1', 'FILE-header@1:1']],
      ['SQL*Plus SPOOL, SET COLSEP \',\' (padded, headings, dashes, rows selected)', ['', padded(names), underline, ...rows.map(padded), '', '2 rows selected.', '', ''].join('\r\n'),
        ['ROW-underline@3:1', ...Array(25).fill('F-spaces'), 'ROW-row-count@7:1', 'FILE-header@2:1']],
      ['SQL*Plus SPOOL, SET PAGESIZE 4 (the headings again at every page)', ['', padded(names), underline, padded(rows[0]), '', padded(names), underline, padded(rows[1]), '', '2 rows selected.', ''].join('\r\n'),
        ['ROW-underline@3:1', ...Array(13).fill('F-spaces'), 'ROW-header@6:1', 'ROW-underline@7:1', ...Array(12).fill('F-spaces'), 'ROW-row-count@10:1', 'FILE-header@2:1']],
      ['psql -A -F, (header, row count)', [names.join(','), ...rows.map((r) => r.join(',')), '(2 rows)', ''].join('\n'), ['ROW-row-count@4:1', 'FILE-header@1:1']],
      ['SQL Server datetime columns as sqlcmd -W writes them (2025-11-25 05:39:58.000)', `${rows.map((r) => sqlDates(r).join(',')).join('\r\n')}\r\n`,
        ['F04-format@1:21', 'F09-format@1:66', 'F12-format@1:99', 'F04-format@2:21', 'F09-format@2:66', 'F12-format@2:99', 'F15-format@2:156']],
      ['SQL*Plus SPOOL, SET HEADING OFF, SET NEWPAGE 0, SET PAGESIZE 1 (a form feed before every page\'s first row)', `${rows.map((r) => `\f${r.join(',')}`).join('\n')}\n`,
        ['ROW-page-break@1:1', 'ROW-page-break@2:1']],
      ['a report\'s page break alone on its line between two rows', [rows[0].join(','), '\f', rows[1].join(','), ''].join('\r\n'), ['ROW-page-break@2:1']],
      ['MySQL SELECT … INTO OUTFILE, FIELDS TERMINATED BY \',\' (\\N for NULL, LF)', `${rows.map((r) => nulls(r, '\\N').join(',')).join('\n')}\n`,
        ['F-null-literal@1:117', 'F-null-literal@1:120', 'F-null-literal@1:123', 'F-null-literal@2:128']],
    ];
    it('a CSV written by a database tool: bcp -c -t, (an empty string written as NUL) gets one error naming bcp\'s NUL', () => {
      const path = write(FIXTURE_FILE_NAME, `${rows.map((r) => r.map((v) => v || '\0').join(',')).join('\r\n')}\r\n`);
      const { report } = checkJson([path], ['--now', '2025-11-25T09:00']);
      const found = report.files[0].diagnostics;
      // On the first NUL: the first empty value of line 1 (field 15).
      const nul = `${rows[0].map((v) => v || '\0').join(',')}`.indexOf('\0') + 1;
      assert.deepEqual(found.map((d) => `${d.code}@${d.line}:${d.column}-${d.endColumn}`), [`FILE-encoding@1:${nul}-${nul + 1}`]);
      assert.match(found[0].message, /bcp writes an empty string as NUL/);
    });
    for (const [name, text, expected] of cases) {
      it(`a CSV written by a database tool: ${name}`, () => {
        const path = write(FIXTURE_FILE_NAME, text);
        const { report } = checkJson([path], ['--now', '2025-11-25T09:00']);
        const found = report.files[0].diagnostics.filter(serious).map((d) => (d.code === 'F-quoted' || d.code === 'F-spaces' ? d.code : `${d.code}@${d.line}:${d.column}`));
        assert.deepEqual(found, expected);
      });
    }
    it('a CSV with .NET en-US date-times (month first) and UTC times (ISO 8601 with Z): one finding on each cell, saying how it was read', () => {
      const parts = (roc: string) => [Number(roc.slice(0, 3)) + 1911, Number(roc.slice(3, 5)), Number(roc.slice(5, 7)), Number(roc.slice(7, 9)), Number(roc.slice(9, 11)), Number(roc.slice(11, 13) || 0)];
      const monthFirst = (roc: string) => {
        const [y, mo, d, h, mi, sec] = parts(roc);
        const two = (n: number) => String(n).padStart(2, '0');
        return `${mo}/${d}/${y} ${h % 12 || 12}:${two(mi)}:${two(sec)} ${h < 12 ? 'AM' : 'PM'}`;
      };
      const utc = (roc: string) => {
        const [y, mo, d, h, mi] = parts(roc);
        return `${new Date(Date.UTC(y, mo - 1, d, h - 8, mi)).toISOString().slice(0, 16)}:00Z`;
      };
      const row = [...rows[0]];
      row[3] = monthFirst(rows[0][3]);
      row[11] = utc(rows[0][11]);
      assert.ok(Number(rows[0][3].slice(5, 7)) > 12, 'the fixture\'s day shows the order');
      const path = write(FIXTURE_FILE_NAME, `${row.join(',')}\r\n`);
      const { report } = checkJson([path], ['--now', '2025-11-25T09:00']);
      const found = report.files[0].diagnostics.filter(serious);
      assert.deepEqual(found.map((d) => d.code), ['F04-format', 'F12-format']);
      assert.match(found[0].message, new RegExp(`${row[3]} is written month first, as \\d+ is no month; .* is written ${rows[0][3]}$`));
      assert.match(found[1].message, new RegExp(`UTC is (?:\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d in Taiwan, written ${rows[0][11]};`));
    });
  }

  it('counts line-1 columns of a file with a BOM from after it, as editors do', () => {
    const v = validRow(2);
    v[1] = '99';
    const path = write(FIXTURE_FILE_NAME, '\uFEFF' + line(v) + '\r\n' + line(v) + '\r\n');
    const diagnostics = checkJson([path]).report.files[0].diagnostics;
    const care = diagnostics.filter((d) => d.code === 'F02-care-category').map((d) => [d.line, d.column, d.endColumn]);
    assert.deepEqual(care, [[1, 12, 14], [2, 12, 14]]);
    // The BOM stands before column 1: an empty range there, as the language server gives it, not the first value's character.
    assert.deepEqual(diagnostics.filter((d) => d.code === 'FILE-bom').map((d) => [d.line, d.column, d.endLine, d.endColumn]), [[1, 1, 1, 1]]);
  });

  it('reports an empty file', () => {
    const path = write(FIXTURE_FILE_NAME, '');
    const { run, report } = checkJson([path]);
    assert.equal(run.status, 1);
    assert.deepEqual(report.files[0].diagnostics.map((d) => d.code), ['FILE-empty']);
  });

  it('skips a 10 MB line with a clear error and checks the rows after it', () => {
    const huge = 'X'.repeat(10 * 1024 * 1024);
    const v = validRow(3);
    v[4] = 'ZZ';
    const path = write(FIXTURE_FILE_NAME, `${line(validRow(2))}\n${huge}\n${line(v)}\n`);
    const started = Date.now();
    const { run, report } = checkJson([path]);
    assert.ok(Date.now() - started < 30_000);
    assert.equal(run.status, 1);
    const diags = report.files[0].diagnostics.filter(serious);
    assert.deepEqual(diags.map((d) => [d.code, d.line, d.field]), [
      ['FILE-row-too-long', 2, null],
      ['F05-visit-type', 3, 5],
    ]);
    assert.match(diags[0].message, /Line 2 is 10485760 characters long/);
  });

  it('reports an unbalanced quote on its line', () => {
    const v = validRow(2);
    v[12] = '"G';
    const path = write(FIXTURE_FILE_NAME, `${line(v)}\n`);
    const { run, report } = checkJson([path]);
    assert.equal(run.status, 1);
    const syntax = report.files[0].diagnostics.filter((d) => d.code === 'CSV-syntax');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].line, 1);
    assert.equal(syntax[0].column, line(v).indexOf('"') + 1);
  });

  it('reports a folder without any CSV in it and exits 2: a wrong path does not pass as a clean run', () => {
    mkdirSync(join(dir, 'empty', 'sub'), { recursive: true });
    write(join('empty', 'sub', 'notes.txt'), 'not a csv');
    const { run, report } = checkJson([join(dir, 'empty')]);
    assert.equal(run.status, 2);
    assert.deepEqual(report.files[0].diagnostics.map((d) => [d.code, d.severity]), [['FILE-unreadable', 'error']]);
    assert.match(report.files[0].diagnostics[0].message, /holds no \.csv file/);
  });

  it('checks a CSV read from standard input (-) as it checks the file, named by --stdin-filename for the file-name rules', () => {
    const v = validRow(2);
    v[8] = '19860312';
    const text = '\uFEFF' + line(v) + '\r\n' + line(validRow(3)) + '\r\n';
    const path = write(FIXTURE_FILE_NAME, text);
    // One reference time for every run: the deadline notes count the minutes left.
    const now = ['--now', '2026-11-26T12:00:00+08:00'];
    const fromFile = checkJson([path], now);
    const named = runCli(['check', '--format', 'json', '--lang', 'en', ...now, '--stdin-filename', path, '-'], { input: text });
    assert.equal(named.status, fromFile.run.status, named.stderr);
    assert.deepEqual(JSON.parse(named.stdout), fromFile.report, 'the same report, path included');
    // Unnamed, it is "-" and has no file name to check; a wrong name is reported as for a file.
    const unnamed = runCli(['check', '--format', 'json', '--lang', 'en', ...now, '-'], { input: text });
    const report = JSON.parse(unnamed.stdout) as typeof fromFile.report;
    assert.equal(report.files[0].path, '-');
    assert.deepEqual(report.files[0].diagnostics, fromFile.report.files[0].diagnostics);
    // An editor's linter passes an empty name for a buffer not yet saved (--stdin-filename "${INPUT}"): unnamed too.
    const empty = runCli(['check', '--format', 'json', '--lang', 'en', ...now, '--stdin-filename', '', '-'], { input: text });
    assert.equal(empty.status, unnamed.status, empty.stderr);
    assert.equal(empty.stdout, unnamed.stdout);
    const wrong = runCli(['check', '--format', 'json', '--lang', 'en', '--stdin-filename', 'upload.csv', '-'], { input: text });
    assert.ok((JSON.parse(wrong.stdout) as typeof fromFile.report).files[0].diagnostics.some((d) => d.code.startsWith('FILE-name')), wrong.stdout);
    // Not UTF-8 on standard input: the one encoding error, as for a file.
    const big5 = runCli(['check', '--format', 'json', '--lang', 'en', '-'], { input: Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0x2c, 0x0d, 0x0a]) });
    assert.deepEqual((JSON.parse(big5.stdout) as typeof fromFile.report).files[0].diagnostics.map((d) => d.code), ['FILE-encoding']);
  });

  it('exits 2 on usage errors with a message on stderr', () => {
    assert.match(runCli(['lsp']).stderr, /--stdio/, 'lsp without a transport says which to give');
    for (const args of [['check'], ['check', '--format', 'xml', 'x.csv'], ['check', '--now', 'yesterday', 'x.csv'], ['check', '--now', '2026-02-30', 'x.csv'], ['check', '--bogus', 'x.csv'], ['check', '--archive-dir', 'x', 'x.csv'], ['check', '-', '-'], ['check', '--stdin-filename', 'a.csv', 'x.csv'], ['frobnicate'], [], ['lsp']]) {
      const run = runCli(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.notEqual(run.stderr, '', args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
    }
  });

  it('uses --now, read as Taiwan time when it has no zone', () => {
    const v = validRow(2);
    const exam = v[11];
    const path = write(FIXTURE_FILE_NAME, line(v) + '\n');
    const year = Number(exam.slice(0, 3)) + 1911;
    const at = `${year}-${exam.slice(3, 5)}-${exam.slice(5, 7)}T${exam.slice(7, 9)}:${exam.slice(9, 11)}`;
    const inWindow = checkJson([path], ['--now', at]).report.files[0].diagnostics;
    assert.deepEqual(inWindow.map((d) => d.code), ['DEADLINE']);
    assert.match(inWindow[0].message, /24 h left/);
    const utc = checkJson([path], ['--now', `${at}Z`]).report.files[0].diagnostics;
    assert.match(utc[0].message, /16 h left/);
  });

  it('warns of an exam time later than --now on its cell, and counts no hours left to its deadline', () => {
    const v = validRow(2);
    v[16] = '';
    const path = write(FIXTURE_FILE_NAME, line(v) + '\n');
    // The day before the exam, at the same time of day.
    const exam = v[11];
    const dayBefore = new Date(Date.UTC(Number(exam.slice(0, 3)) + 1911, Number(exam.slice(3, 5)) - 1, Number(exam.slice(5, 7)) - 1));
    const at = `${dayBefore.toISOString().slice(0, 10)}T${exam.slice(7, 9)}:${exam.slice(9, 11)}`;
    const diagnostics = checkJson([path], ['--now', at]).report.files[0].diagnostics;
    const examCell = line(v).indexOf(`,${exam},`) + 2;
    const onExam = diagnostics.filter((d) => d.code === 'F-future' && d.field === 12);
    assert.deepEqual(onExam.map((d) => [d.severity, d.line, d.column, d.endColumn]), [['warning', 1, examCell, examCell + 11]]);
    assert.match(onExam[0].message, /is 24 h later than now/);
    const note = diagnostics.find((d) => d.code === 'DEADLINE')!;
    assert.doesNotMatch(note.message, /left/);
    assert.match(note.message, /later than now: correct that time first/);
  });

  it('prints --help and --version', () => {
    const help = runCli(['--help', '--lang', 'en']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /nhi-imaging check \[options\] <files or folders…>/);
    assert.match(help.stdout, /--format text\|json\|sarif/);
    assert.match(help.stdout, /nhi-imaging build <draft\.csv>/);
    assert.match(help.stdout, /nhi-imaging resend --ledger PATH/);
    const version = runCli(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('--help gives resend its --lang option and the folder its output goes to by default', () => {
    const help = runCli(['--help', '--lang', 'en']).stdout;
    const synopsis = help.slice(help.indexOf('nhi-imaging resend --ledger PATH --rows KEY|CASE'), help.indexOf('A new batch whose rows'));
    assert.match(synopsis, /\[--lang zh-TW\|en\]/);
    assert.match(help, /\(archives reused or rebuilt\)\.\s+Output: --out \(default: the folder of the batch that last sent the first row\)/);
  });

  it('starts the language server with lsp --stdio', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const reply = await new Promise<string>((resolve, reject) => {
      let got = '';
      const timer = setTimeout(() => reject(new Error(`no reply: ${got}`)), 20_000);
      child.stdout.on('data', (d) => {
        got += d;
        const at = got.indexOf('\r\n\r\n');
        if (at >= 0) {
          const length = Number(/Content-Length: (\d+)/.exec(got)![1]);
          if (Buffer.byteLength(got.slice(at + 4)) >= length) {
            clearTimeout(timer);
            resolve(got.slice(at + 4));
          }
        }
      });
    });
    child.kill();
    const msg = JSON.parse(reply);
    assert.equal(msg.id, 1);
    assert.equal(typeof msg.result.capabilities, 'object');
  });
});
