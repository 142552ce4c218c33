/**
 * Upload CSVs as the software a person opens them in writes them back, made at test time from valid rows:
 * - LibreOffice Calc (Debian's libreoffice-calc-nogui, `soffice --headless --convert-to` with explicit CSV
 *   filter options): CSV → ODS or XLSX → CSV, and CSV → CSV, reading numbers with "detect special numbers" on
 *   and off, writing UTF-8 as shown or as stored, every text cell quoted, Big5, UTF-16, semicolons; and, as the
 *   control, read with every column as text, which changes nothing;
 * - Python's csv module with every value quoted, and pandas' read_csv/to_csv (Debian's python3-pandas) with
 *   their defaults (the first record taken for column names, a row index, numbers) and with header=None.
 * The rows hold what spreadsheets change: leading zeros (visit types 01-09, visit serials, ROC birth dates
 * 0190101 and 0991231, a hospital code 0401180014), 11- and 13-digit ROC date-times, dental sites of 2 to 18
 * digits (18 digits become 1.11213141516172E+017), body-site letters (NA, which pandas reads as no value), newborn marks b and A.
 * For each file: `nhi-imaging check` gives every value that changed a finding on its row and field (or one
 * finding for the file when its encoding or separator changed), and none elsewhere; `nhi-imaging fix` writes the
 * original back but for what cannot be restored mechanically (digits lost to scientific notation, a birth date
 * short of two zeros that several dates fit), which it lists as left.
 * The tools are installed by .ci/run (apt); a missing one fails the suite.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkJson, runCli, type JsonDiagnostic } from '../cli/helpers';
import { FIXTURE_HOSPITAL, validId, validRow } from '../fixtures/rows';
import { requireTools } from './tools';

const NOW = ['--now', '2025-11-25T09:00'];
const ZERO_HOSPITAL = '0401180014';
const HOSPITALS = [FIXTURE_HOSPITAL, ZERO_HOSPITAL];
const fileName = (hospital: string) => `${hospital}_20251125_001.csv`;

/** 60 fixture rows and rows with the values spreadsheets change most, each its own visit; a hospital's code throughout. */
function uploadRows(hospital: string): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < 60; i++) rows.push(validRow(i));
  const extra: Array<Record<number, string>> = [
    { 13: '11' }, { 13: '1121' }, { 13: '3646' }, { 13: '11121314' }, { 13: '111213141516' }, { 13: '1112131415161718' }, { 13: '111213141516171821' },
    { 13: 'UR' }, { 9: '0991231' }, { 9: '1000101' }, { 9: '0010101' }, { 10: '33070B', 13: 'NA' },
  ];
  extra.forEach((values, k) => {
    const r = validRow(5).slice();
    r[5] = String(200 + k).padStart(4, '0');
    r[7] = validId(1000 + k);
    for (const [field, value] of Object.entries(values)) r[Number(field) - 1] = value;
    r[13] = r[13].replace('C00000000005', `C000000001${String(k).padStart(2, '0')}`);
    rows.push(r);
  });
  return rows.map((r) => r.map((v) => v.split(FIXTURE_HOSPITAL).join(hospital)));
}

/**
 * The values no fix can restore: digits lost to scientific notation, or to the 15 significant digits an XLSX
 * stores (1112131415161718 comes back as 1112131415161720), a birth date 0010101 written 10101 (1912, 1921-01 or 1921-10).
 */
const LOST_SITE = '111213141516171821';
const LOST_16 = '1112131415161718';
const LOST_BIRTH = '0010101';
/** The CT/MRI site NA (cervical spine and neck), which pandas reads as no value. */
const LOST_NA = 'NA';

/** LibreOffice's CSV filter options: separator, quote, character set (76 UTF-8, 68 Big5, 65535 UTF-16), first line, column types, language, quoted as text / quote all, detect special numbers, save as shown. */
const filter = (options: string) => `Text - txt - csv (StarCalc):${options}`;
const READ_DETECT = filter('44,34,76,1,,0,false,true');
const READ_PLAIN = filter('44,34,76,1,,0,false,false');
const READ_TEXT = filter(`44,34,76,1,${Array.from({ length: 17 }, (_, i) => `${i + 1}/2`).join('/')},0,false,false`);

interface Variant {
  name: string;
  /** What the file was written from: the upload CSV itself, or the ODS/XLSX made of it. */
  from: 'csv' | 'ods' | 'xlsx';
  read?: string;
  write: string;
}

const VARIANTS: Variant[] = [
  { name: 'ods-utf8', from: 'ods', write: '44,34,76,1,,0,false,true,true' },
  { name: 'ods-quote-all', from: 'ods', write: '44,34,76,1,,0,true,true,true' },
  { name: 'ods-big5', from: 'ods', write: '44,34,68,1,,0,false,true,true' },
  { name: 'ods-utf16', from: 'ods', write: '44,34,65535,1,,0,false,true,true' },
  { name: 'xlsx-stored', from: 'xlsx', write: '44,34,76,1,,0,false,true,false' },
  { name: 'xlsx-semicolon', from: 'xlsx', write: '59,34,76,1,,0,false,true,true' },
  { name: 'csv-detect', from: 'csv', read: READ_DETECT, write: '44,34,76,1,,0,false,true,true' },
  { name: 'csv-as-text', from: 'csv', read: READ_TEXT, write: '44,34,76,1,,0,false,true,true' },
];

/** Runs soffice with its own profile folder (made on the first run, reused after) on several files at once. */
function soffice(profile: string, args: string[]): void {
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
}

function python(script: string, args: string[]): void {
  execFileSync('/usr/bin/python3', ['-c', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const PANDAS = `import sys, pandas as pd
mode, src, out = sys.argv[1:]
if mode == 'default':
    pd.read_csv(src).to_csv(out)
else:
    pd.read_csv(src, header=None).to_csv(out, header=False, index=False)`;
const CSV_QUOTE_ALL = `import csv, sys
src, out = sys.argv[1:]
with open(src, newline='', encoding='utf-8') as f: rows = list(csv.reader(f))
with open(out, 'w', newline='', encoding='utf-8') as f: csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)`;

/** The file's lines without line ends, split at commas (no value holds one). */
function cellsOf(text: string): string[][] {
  return text.replace(/\r/g, '').replace(/\n$/, '').split('\n').map((l) => l.split(','));
}

function problems(diagnostics: JsonDiagnostic[]): JsonDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
}

function tally(diagnostics: JsonDiagnostic[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of problems(diagnostics)) out[d.code] = (out[d.code] ?? 0) + 1;
  return out;
}

describe('upload CSVs saved again by LibreOffice Calc, pandas and Python\'s csv module', function () {
  this.timeout(300_000);
  let dir: string;
  /** The output file of each variant and hospital. */
  const outputs = new Map<string, string>();
  const original = new Map<string, string>();

  before(function () {
    requireTools(['soffice']);
    const pandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas']);
    if (pandas.status !== 0) throw new Error('pandas is missing: .ci/run installs python3-pandas with apt-get');
    dir = mkdtempSync(join(tmpdir(), 'nhi-spreadsheets-'));
    const profile = join(dir, 'profile');
    const inDir = join(dir, 'in');
    mkdirSync(inDir);
    const inputs = HOSPITALS.map((h) => {
      const text = uploadRows(h).map((r) => r.join(',')).join('\r\n') + '\r\n';
      original.set(h, text);
      const path = join(inDir, fileName(h));
      writeFileSync(path, text);
      return path;
    });
    soffice(profile, ['--infilter=' + READ_DETECT, '--convert-to', 'ods', '--outdir', join(dir, 'ods'), ...inputs]);
    soffice(profile, ['--infilter=' + READ_PLAIN, '--convert-to', 'xlsx', '--outdir', join(dir, 'xlsx'), ...inputs]);
    for (const v of VARIANTS) {
      const out = join(dir, v.name);
      const sources = v.from === 'csv' ? inputs : HOSPITALS.map((h) => join(dir, v.from, fileName(h).replace(/csv$/, v.from)));
      soffice(profile, [...(v.read ? ['--infilter=' + v.read] : []), '--convert-to', `csv:${filter(v.write)}`, '--outdir', out, ...sources]);
      for (const h of HOSPITALS) outputs.set(`${v.name}/${h}`, join(out, fileName(h)));
    }
    for (const mode of ['default', 'no-header']) {
      mkdirSync(join(dir, `pandas-${mode}`));
      for (const [h, src] of HOSPITALS.map((h, i) => [h, inputs[i]])) {
        const out = join(dir, `pandas-${mode}`, fileName(h));
        python(PANDAS, [mode === 'default' ? 'default' : 'no-header', src, out]);
        outputs.set(`pandas-${mode}/${h}`, out);
      }
    }
    mkdirSync(join(dir, 'csv-quote-all'));
    for (const [h, src] of HOSPITALS.map((h, i) => [h, inputs[i]])) {
      const out = join(dir, 'csv-quote-all', fileName(h));
      python(CSV_QUOTE_ALL, [src, out]);
      outputs.set(`csv-quote-all/${h}`, out);
    }
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const check = (key: string) => {
    const { run, report } = checkJson([outputs.get(key)!], NOW);
    assert.equal(report.files.length, 1, run.stderr);
    return { run, diagnostics: report.files[0].diagnostics };
  };

  /** `fix` on a copy: its output and the text it wrote. */
  const fix = (key: string) => {
    const copy = join(dir, 'fixed', key);
    mkdirSync(copy, { recursive: true });
    const path = join(copy, fileName(key.split('/')[1]));
    copyFileSync(outputs.get(key)!, path);
    const run = runCli(['fix', '--lang', 'en', ...NOW, path]);
    return { run, text: readFileSync(path, 'latin1') };
  };

  /** Every value that differs from the original has an error or warning on its row and field, and no other value has one. */
  function assertChangesNamed(key: string): JsonDiagnostic[] {
    const h = key.split('/')[1];
    const was = cellsOf(original.get(h)!);
    const now = cellsOf(readFileSync(outputs.get(key)!, 'utf8'));
    assert.equal(now.length, was.length, key);
    const found = problems(check(key).diagnostics);
    const named = new Set(found.map((d) => `${d.line}:${d.field}`));
    const changed = new Set<string>();
    for (let r = 0; r < was.length; r++) {
      assert.equal(now[r].length, 17, `${key} line ${r + 1}`);
      for (let f = 0; f < 17; f++) {
        if (now[r][f] === was[r][f]) continue;
        changed.add(`${r + 1}:${f + 1}`);
        assert.ok(named.has(`${r + 1}:${f + 1}`), `${key}: line ${r + 1} field ${f + 1} ${was[r][f]} → ${now[r][f]} has no finding`);
      }
    }
    for (const d of found) assert.ok(changed.has(`${d.line}:${d.field}`), `${key}: a finding on an unchanged value: ${d.line}:${d.column} ${d.code} ${d.message}`);
    return found;
  }

  const LEFT: Record<string, RegExp> = {
    [LOST_SITE]: /F-scientific: body site \(field 13\) 1\.11213141516172E\+017 looks like a spreadsheet took it for a number/,
    [LOST_16]: /X13-body-site-code: body site \(field 13\) 1112131415161720 has invalid dental codes 20; .*kept 15 significant digits: the digits after them are lost/,
    [LOST_NA]: /X13-body-site-required: order 33070B \(CT without contrast\) needs a body site \(field 13\); if pandas read the file, it took the site NA/,
    [LOST_BIRTH]: /F09-format: birth date \(field 9\) 10101 .* may be 0010101 \(1912-01-01\)/,
  };

  /** fix writes the original back (line ends aside) but for the rows of `lost` values, which it lists as left. */
  function assertFixRestores(key: string, lost = [LOST_SITE, LOST_BIRTH]): void {
    const h = key.split('/')[1];
    const { run, text } = fix(key);
    const was = cellsOf(original.get(h)!);
    const now = cellsOf(text);
    assert.equal(now.length, was.length, `${key}: ${run.stdout}`);
    const left: string[] = [];
    for (let r = 0; r < was.length; r++) {
      if (now[r].join(',') !== was[r].join(',')) left.push([was[r][12], was[r][8]].find((v) => v in LEFT) ?? was[r].join(','));
    }
    assert.deepEqual(left, lost, `${key}: ${run.stdout}`);
    const after = run.stdout.slice(run.stdout.indexOf('What is left after the fixes'));
    for (const v of lost) assert.match(after, LEFT[v], key);
    assert.match(after, new RegExp(`1 file checked: ${lost.length} errors?, 0 warnings`), key);
  }

  it('read with every column as text, LibreOffice writes the file back unchanged: no finding', () => {
    for (const h of HOSPITALS) {
      assert.equal(readFileSync(outputs.get(`csv-as-text/${h}`)!, 'utf8'), original.get(h)!.replace(/\r\n/g, '\n'));
      assert.deepEqual(tally(check(`csv-as-text/${h}`).diagnostics), {});
    }
  });

  it('numbers LibreOffice read and wrote back (ODS, XLSX as stored, CSV with special numbers): each changed value named, the rest not; fix restores all it can', () => {
    for (const name of ['ods-utf8', 'xlsx-stored', 'csv-detect']) {
      // An XLSX stores 15 significant digits of a number, an ODS all a double holds.
      const xlsx = name.startsWith('xlsx');
      for (const h of HOSPITALS) {
        const key = `${name}/${h}`;
        const found = assertChangesNamed(key);
        assert.deepEqual(tally(found), {
          ...(h === ZERO_HOSPITAL ? { 'F01-format': 72 } : {}),
          'F05-visit-type': 42, 'F06-visit-serial': 70, 'F09-format': 71, ...(xlsx ? { 'X13-body-site-code': 1 } : {}), 'F-scientific': 1,
        }, key);
        const zeros = found.find((d) => d.code === 'F06-visit-serial')!;
        assert.match(zeros.message, /visit serial \(field 6\) 1 .*if a spreadsheet dropped its leading zeros, it is 0001/);
        assertFixRestores(key, xlsx ? [LOST_16, LOST_SITE, LOST_BIRTH] : [LOST_SITE, LOST_BIRTH]);
      }
    }
  });

  it('every text cell quoted by LibreOffice, every value by Python\'s csv module: F-quoted on each, removed by fix', () => {
    for (const h of HOSPITALS) {
      const found = assertChangesNamed(`ods-quote-all/${h}`);
      assert.ok(found.filter((d) => d.code === 'F-quoted').length >= 72 * 3, `ods-quote-all/${h}`);
      assertFixRestores(`ods-quote-all/${h}`);
      const python = assertChangesNamed(`csv-quote-all/${h}`);
      assert.deepEqual(tally(python), { 'F-quoted': 72 * 17 });
      const { run, text } = fix(`csv-quote-all/${h}`);
      assert.equal(text, original.get(h), run.stdout);
    }
  });

  it('Big5: the ASCII of valid values is the same bytes as UTF-8', () => {
    for (const h of HOSPITALS) assert.ok(readFileSync(outputs.get(`ods-big5/${h}`)!).equals(readFileSync(outputs.get(`ods-utf8/${h}`)!)), h);
  });

  it('UTF-16: one FILE-encoding error for the file, and fix says it cannot fix it', () => {
    for (const h of HOSPITALS) {
      const key = `ods-utf16/${h}`;
      const found = problems(check(key).diagnostics);
      assert.deepEqual(found.map((d) => d.code), ['FILE-encoding'], key);
      assert.match(found[0].message, /UTF-16 little-endian.*save it as UTF-8/);
      const { run } = fix(key);
      assert.notEqual(run.status, 0);
      assert.match(run.stdout + run.stderr, /Left as it is: fix reads UTF-8 text only, and wrote nothing/);
    }
  });

  it('semicolons: FILE-separator and each row named, fix separates by commas and restores the values', () => {
    for (const h of HOSPITALS) {
      const key = `xlsx-semicolon/${h}`;
      assert.deepEqual(tally(check(key).diagnostics), { 'FILE-separator': 1, 'ROW-columns': 72 }, key);
      assertFixRestores(key, [LOST_16, LOST_SITE, LOST_BIRTH]);
    }
  });

  it('pandas with its defaults (first record as column names, row index, numbers): named as such, and fix restores the file', () => {
    for (const h of HOSPITALS) {
      const key = `pandas-default/${h}`;
      const { diagnostics } = check(key);
      const t = tally(diagnostics);
      assert.equal(t['FILE-header'], 1, key);
      assert.equal(t['ROW-index'], 71, key);
      const header = diagnostics.find((d) => d.code === 'FILE-header')!;
      assert.match(header.message, /first record pandas took for column names .*header=None/);
      for (const code of Object.keys(t)) assert.ok(['FILE-header', 'ROW-index', 'F01-format', 'F09-format', 'F-decimal', 'X13-body-site-required', 'R11-report-serial-start'].includes(code), `${key}: ${code}`);
      // A column holding letters too is read as text: the body sites keep their digits, but NA is read as no value.
      assertFixRestores(key, [LOST_BIRTH, LOST_NA]);
    }
  });

  it('pandas with header=None: each changed value named (decimals .0, lost zeros), and fix restores the file', () => {
    for (const h of HOSPITALS) {
      const key = `pandas-no-header/${h}`;
      const found = assertChangesNamed(key);
      assert.equal(tally(found)['F-decimal'], 6, key);
      assertFixRestores(key, [LOST_BIRTH, LOST_NA]);
    }
  });
});
