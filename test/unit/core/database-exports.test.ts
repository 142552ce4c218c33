import { strict as assert } from 'node:assert';
import { defaultOptions, exampleText, EXAMPLE_FILE_NAME, EXAMPLE_NOW, validateText, type Finding, type ValidationOptions } from '../../../server/src/core/index';
import { combineFixes, fixAllFixes } from '../../../server/src/core/fix/fixes';
import { applyEdits } from './edits';
import { sniffEncoding } from '../../../server/src/core/csv/decode';
import { encodingFinding } from '../../../server/src/core/csv/rules';

const opts = (o: Partial<ValidationOptions> = {}) => defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, ...o });
const problems = (fs: Finding[]) => fs.filter((f) => f.severity === 'error' || f.severity === 'warning');
const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);
const fixAll = (text: string) => applyEdits(text, combineFixes(fixAllFixes(validateText(text, opts()).findings)));

describe('CSVs as database exports write them', () => {
  it('MySQL\'s \\N (SELECT … INTO OUTFILE, PostgreSQL text COPY) is a null literal: optional fields are emptied, a required one is missing', () => {
    const text = exampleText({ 15: '\\N', 16: '\\N', 17: '\\N' });
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.field}`), ['F-null-literal@15', 'F-null-literal@16', 'F-null-literal@17']);
    assert.match(found[0].message.en, /newborn birth date \(field 15\) is "\\N", which an export writes for a missing value/);
    assert.equal(fixAll(text), exampleText({}));
    const required = problems(validateText(exampleText({ 8: '\\N' }), opts()).findings);
    assert.deepEqual(ids(required), ['F-null-literal']);
    assert.equal(required[0].fixes, undefined);
    assert.deepEqual(ids(problems(validateText(exampleText({}) + '\\N,,,,,,,,,,,,,,\\N,,\n', opts()).findings)), ['ROW-empty']);
    const padded = exampleText({ 15: 'NULL   ', 16: 'NULL', 17: 'NULL       ' });
    assert.deepEqual(problems(validateText(padded, opts()).findings).map((f) => `${f.ruleId}@${f.field}`), ['F-null-literal@15', 'F-null-literal@16', 'F-null-literal@17'],
      'sqlcmd pads NULL to the column width: one finding a cell, not also F-spaces');
    assert.equal(fixAll(padded), exampleText({}));
  });

  it('the lines a query tool writes around its result (dashes under the column names, a row count) are one finding each, deleted by fix-all', () => {
    const data = exampleText({});
    const cases: [string, string, string][] = [
      ['sqlcmd -s","', '----------,--------,------,-------------', 'ROW-underline'],
      ['SQL*Plus SET COLSEP ","', '---------- -- ----- ,-------------', 'ROW-underline'],
      ['psql aligned', '------------+----------+--------', 'ROW-underline'],
      ['sqlcmd / SSMS', '(8 rows affected)', 'ROW-row-count'],
      ['sqlcmd, one row', '(1 row affected)', 'ROW-row-count'],
      ['SQL Server 2005', '(8 row(s) affected)', 'ROW-row-count'],
      ['SQL Server, Traditional Chinese', '(8 個資料列受到影響)', 'ROW-row-count'],
      ['SQL*Plus', '8 rows selected.', 'ROW-row-count'],
      ['SQL*Plus, Traditional Chinese', '已選取 8 個資料列.', 'ROW-row-count'],
      ['psql', '(8 rows)', 'ROW-row-count'],
      ['mysql client', '8 rows in set (0.00 sec)', 'ROW-row-count'],
    ];
    for (const [tool, line, ruleId] of cases) {
      const text = `${data}${line}\r\n`;
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(found), [ruleId], `${tool}: ${line}`);
      assert.equal(found[0].row, 1);
      assert.equal(found[0].field, null);
      assert.match(found[0].message.en, ruleId === 'ROW-underline' ? /dashes .*column names/ : /row count/, tool);
      assert.equal(fixAll(text), data, tool);
    }
    const r = validateText(`${data}(1 row affected)\n`, opts());
    assert.deepEqual(ids(problems(r.findings)), ['ROW-row-count'], 'not a record: no duplicate-row or cross-row findings');
  });

  it('a data row is never taken for a query tool\'s line', () => {
    for (const patch of [{ 1: '-', 2: '--' }, { 4: '(8 rows)' }, { 1: '8 rows selected.' }] as Record<number, string>[]) {
      assert.ok(!ids(validateText(exampleText(patch), opts()).findings).some((id) => id === 'ROW-underline' || id === 'ROW-row-count'), JSON.stringify(patch));
    }
  });

  it('date-times as databases write them by default, in the ROC date fields: one finding on the cell, fixed to the ROC spelling', () => {
    const RULE: Record<number, string> = { 4: 'F04-format', 9: 'F09-format', 12: 'F12-format' };
    const cases: [string, number, string, string][] = [
      ['SQL Server datetime', 4, '2025-11-25 09:30:15.000', '1141125093015'],
      ['SQL Server datetime2', 4, '2025-11-25 09:30:15.1234567', '1141125093015'],
      ['SQL Server datetime, exam time', 12, '2025-11-25 09:45:00.000', '11411250945'],
      ['ISO 8601 with T and milliseconds', 4, '2025-11-25T09:30:15.000', '1141125093015'],
      ['ISO 8601 with T (JSON, SSIS)', 12, '2025-11-25T09:45:00', '11411250945'],
      ['MySQL/PostgreSQL timestamp with fraction', 12, '2025-11-25 09:45:00.000000', '11411250945'],
      ['a birth date kept in a datetime column', 9, '1986-03-12 00:00:00.000', '0750312'],
      ['Oracle DATE, DD-MON-RR', 9, '12-MAR-86', '0750312'],
      ['Oracle DATE, DD-MON-YYYY', 9, '12-MAR-1986', '0750312'],
      ['Oracle TIMESTAMP, DD-MON-RR HH.MI.SSXFF AM', 12, '25-NOV-25 09.45.00.000000 AM', '11411250945'],
      ['Oracle TIMESTAMP, card swipe', 4, '25-nov-25 09.30.15.000000 am', '1141125093015'],
      ['Oracle DATE with a 24-hour time', 4, '25-NOV-2025 09:30:15', '1141125093015'],
      ['Oracle DATE in Traditional Chinese (NLS_LANGUAGE)', 9, '12-3月 -86', '0750312'],
      ['Oracle TIMESTAMP in Traditional Chinese', 12, '25-11月 -25 09.45.00.000000 上午', '11411250945'],
      ['.NET in Traditional Chinese (上午/下午)', 12, '2025/11/25 上午 09:45:00', '11411250945'],
      ['12-hour clock, AM/PM after the time', 4, '2025/11/25 09:30:15 AM', '1141125093015'],
    ];
    for (const [what, field, value, roc] of cases) {
      const text = exampleText({ [field]: value });
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(found), [RULE[field]], `${what}: ${value}`);
      assert.deepEqual(found[0].fixes!.map((f) => [f.kind, f.edits[0].newText]), [['roc-date', roc]], `${what}: ${value}`);
      assert.match(found[0].message.en, new RegExp(`is written ${roc}$`), what);
      assert.equal(fixAll(text), exampleText({}), what);
    }
  });

  it('a two-digit year that fits the field in both centuries is left to a person; a date for a date-time field is not completed', () => {
    const text = exampleText({ 9: '12-MAR-20' });
    const [f] = problems(validateText(text, opts()).findings);
    assert.equal(f.ruleId, 'F09-format');
    assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['century-choice', '0090312'], ['century-choice', '1090312']]);
    assert.match(f.message.en, /12-MAR-20 has a two-digit year and may be 0090312 \(1920-03-12\) or 1090312 \(2020-03-12\): choose from the source record, and export a four-digit year/);
    assert.match(f.message['zh-TW'], /兩位數/);
    assert.equal(fixAll(text), text, 'not in fix-all');
    const newborn = problems(validateText(exampleText({ 15: '22-NOV-25', 16: 'A' }), opts()).findings);
    assert.deepEqual(newborn.map((x) => [x.ruleId, x.fixes!.map((fix) => [fix.kind, fix.edits[0].newText])]), [['F15-format', [['roc-date', '1141122']]]], 'a newborn is not a hundred years old');
    const exam = problems(validateText(exampleText({ 12: '25-NOV-25' }), opts()).findings);
    assert.deepEqual(ids(exam), ['F12-format']);
    assert.equal(exam[0].fixes, undefined);
    assert.match(exam[0].message.en, /has no time of day/);
  });

  it('ISO 8601 with a zone: +08:00 is Taiwan time and fixed in fix-all; another zone is converted to Taiwan time by a quick fix that says so', () => {
    const fixesOf = (f: Finding) => f.fixes!.map((x) => [x.kind, x.edits[0].newText]);
    for (const value of ['2025-11-25T09:45:00+08:00', '2025-11-25T09:45:00.000+0800', '2025-11-25T09:45+08']) {
      const text = exampleText({ 12: value });
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(found.map((f) => [f.ruleId, fixesOf(f)]), [['F12-format', [['roc-date', '11411250945']]]], value);
      assert.equal(fixAll(text), exampleText({}), value);
    }
    const cases: [number, string, string, RegExp][] = [
      [12, '2025-11-25T01:45:00Z', '11411250945', /01:45 UTC is 09:45 in Taiwan/],
      [4, '2025-11-25T01:30:15.000Z', '1141125093015', /01:30:15 UTC is 09:30:15 in Taiwan/],
      [12, '2025-11-24T20:45:00-05:00', '11411250945', /2025-11-24 20:45 -05:00 is 2025-11-25 09:45 in Taiwan/],
      [9, '1986-03-11T16:00:00Z', '0750312', /1986-03-11 16:00 UTC is 1986-03-12 00:00 in Taiwan/],
    ];
    for (const [field, value, roc, said] of cases) {
      const text = exampleText({ [field]: value });
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(found.map((f) => [f.ruleId, fixesOf(f)]), [[`F${String(field).padStart(2, '0')}-format`, [['taiwan-time', roc]]]], value);
      assert.match(found[0].message.en, said, value);
      assert.match(found[0].fixes![0].title.en, said, value);
      assert.match(found[0].message['zh-TW'], /臺灣時間/, value);
      assert.equal(fixAll(text), text, `${value}: not in fix-all`);
    }
    assert.equal(problems(validateText(exampleText({ 12: '2025-11-25T25:45:00Z' }), opts()).findings)[0].fixes, undefined, 'no hour 25');
  });

  it('month-first dates as .NET and Excel write them in en-US: fixed when the value shows the order; otherwise each order a quick fix, not in fix-all', () => {
    const fixesOf = (f: Finding) => f.fixes!.map((x) => [x.kind, x.edits[0].newText]);
    const certain: [number, string, string][] = [
      [4, '11/25/2025 9:30:15 AM', '1141125093015'],
      [12, '11/25/2025 09:45', '11411250945'],
      [12, '25/11/2025 09:45', '11411250945'],
    ];
    for (const [field, value, roc] of certain) {
      const text = exampleText({ [field]: value });
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(found.map((f) => [f.ruleId, fixesOf(f)]), [[`F${String(field).padStart(2, '0')}-format`, [['roc-date', roc]]]], value);
      assert.match(found[0].message.en, /first, as 25 is no month/, value);
      assert.match(found[0].message['zh-TW'], /25 不是月份/, value);
      assert.equal(fixAll(text), exampleText({}), value);
    }
    const alike = problems(validateText(exampleText({ 9: '3/3/1986' }), opts()).findings);
    assert.deepEqual(alike.map((f) => [f.ruleId, fixesOf(f)]), [['F09-format', [['roc-date', '0750303']]]], 'month and day alike: one reading');
    assert.match(alike[0].message.en, /month and day are the same/);
    const both = exampleText({ 9: '3/12/1986' });
    const [f] = problems(validateText(both, opts()).findings);
    assert.deepEqual([f.ruleId, fixesOf(f)], ['F09-format', [['date-order-choice', '0750312'], ['date-order-choice', '0751203']]]);
    assert.match(f.message.en, /3\/12\/1986 may be month first, 0750312 \(1986-03-12\), or day first, 0751203 \(1986-12-03\): choose from the source record/);
    assert.match(f.message['zh-TW'], /月\/日\/年/);
    assert.equal(fixAll(both), both, 'not in fix-all');
    const oneFits = exampleText({ 12: '11/12/2025 09:45' });
    const [g] = problems(validateText(oneFits, opts()).findings);
    assert.deepEqual(fixesOf(g), [['date-order-choice', '11411120945']]);
    assert.match(g.message.en, /read month first, as day first it would be 2025-12-11 09:45, a time this field cannot hold/);
    assert.equal(fixAll(oneFits), oneFits, 'the order is a guess: not in fix-all');
    const dateOnly = problems(validateText(exampleText({ 12: '11/25/2025' }), opts()).findings);
    assert.deepEqual(ids(dateOnly), ['F12-format']);
    assert.equal(dateOnly[0].fixes, undefined);
    assert.match(dateOnly[0].message.en, /has no time of day/);
  });

  it('column names SQL*Plus repeats at each page are one finding on the row, deleted by fix-all; a broken data row is not taken for them', () => {
    const names = 'HOSP_ID,CARE_CAT,EXE_YM,SWIPE_DT,VISIT_TYPE,VISIT_SEQ,CARD_FLAG,ID_NO,BIRTH_DT,ORDER_CODE,RPT_SEQ,EXAM_DT,BODY_SITE,ARCHIVE_NAME,NB_BIRTH_DT,NB_MARK,IMG_RECV_DT';
    const underline = names.replace(/[^,]/g, '-');
    const data = exampleText({});
    const text = `${data}\r\n${names}\r\n${underline}\r\n`;
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.row}`), ['ROW-header@1', 'ROW-underline@2']);
    assert.match(found[0].message.en, /^column names, not a record .*SQL\*Plus.*PAGESIZE/);
    assert.equal(fixAll(text), `${data}\r\n`);
    assert.deepEqual(ids(problems(validateText(`${names}\n${data}`, opts()).findings)), ['FILE-header'], 'names in the first row are FILE-header alone');
    const broken = exampleText({}) + ',12,NULL,NULL,NULL,0001,1,NULL,NULL,NULL,1,NULL,NULL,NULL,NULL,NULL,NULL\n';
    assert.ok(!ids(validateText(broken, opts()).findings).includes('ROW-header'), 'NULLs are not column names');
  });

  it('Windows PowerShell\'s Export-Csv: the #TYPE line and the quoted column names below it are one finding each, deleted by fix-all', () => {
    const names = 'HOSP_ID,CARE_CAT,EXE_YM,SWIPE_DT,VISIT_TYPE,VISIT_SEQ,CARD_FLAG,ID_NO,BIRTH_DT,ORDER_CODE,RPT_SEQ,EXAM_DT,BODY_SITE,ARCHIVE_NAME,NB_BIRTH_DT,NB_MARK,IMG_RECV_DT';
    const quoted = names.replace(/[^,]+/g, '"$&"');
    const data = exampleText({});
    for (const [type, bom] of [['#TYPE System.Data.DataRow', ''], ['#TYPE Selected.System.Data.DataRow', '\ufeff'], ['#TYPE System.Management.Automation.PSCustomObject', '']]) {
      const text = `${bom}${type}\r\n${quoted}\r\n${data}`;
      const found = problems(validateText(text, opts()).findings).filter((f) => f.ruleId !== 'FILE-bom');
      assert.deepEqual(found.map((f) => `${f.ruleId}@${f.row}`), ['ROW-type-line@0', 'ROW-header@1'], type);
      assert.match(found[0].message.en, /#TYPE.*PowerShell's Export-Csv.*-NoTypeInformation/);
      assert.match(found[0].message['zh-TW'], /PowerShell.*-NoTypeInformation/);
      assert.match(found[1].message.en, /column names in quotes .*PowerShell/);
      assert.doesNotMatch(found[1].message.en, /SQL\*Plus/);
      assert.equal(fixAll(text), data, type);
    }
    // A data row never starts so, and column names without quotes below the first row stay SQL*Plus's.
    assert.ok(!ids(validateText(exampleText({ 1: '#TYPE' }), opts()).findings).includes('ROW-type-line'));
    assert.match(problems(validateText(`${data}${names}\r\n`, opts()).findings)[0].message.en, /SQL\*Plus/);
  });

  it('bcp\'s NUL for an empty string is named, with what to change in the export; UTF-16 from sqlcmd -u or bcp -w says how to get UTF-8', () => {
    const bytes = Buffer.from(`${exampleText({})}${exampleText({ 15: '\0', 16: '\0', 17: '\0' })}`);
    const verdict = sniffEncoding(bytes)!;
    // On the first NUL: field 15 of line 2, after the 14 commas and values before it.
    const at = exampleText({ 15: '\0' }).indexOf('\0');
    assert.deepEqual(verdict, { kind: 'nul-values', line: 1, character: at });
    const f = encodingFinding(verdict);
    assert.equal(f.ruleId, 'FILE-encoding');
    assert.deepEqual(f.range, { start: { line: 1, character: at }, end: { line: 1, character: at + 1 } });
    assert.match(f.message.en, /NUL character \(0x00\) from line 2: bcp writes an empty string as NUL.*NULLIF/);
    assert.match(f.message['zh-TW'], /bcp 把空字串寫成 NUL/);
    assert.equal(sniffEncoding(Buffer.from(`3501200000,\0x,12\n`))!.kind, 'nul-text', 'a NUL inside a value is no empty string');
    const utf16 = encodingFinding(sniffEncoding(Buffer.from(exampleText({}), 'utf16le'))!);
    assert.match(utf16.message.en, /sqlcmd -u and bcp -w write UTF-16.*sqlcmd -f o:65001.*bcp -c -C 65001/);
  });
});
