/**
 * source.fixAll as an editor's fix-on-save runs it, once: every mechanical fix of a messy file in one run,
 * overlapping fixes of one cell combined, and nothing a person must judge (a short row's missing field).
 */
import * as assert from 'node:assert/strict';
import { validateText } from '../../server/src/core/validate';
import { defaultOptions } from '../../server/src/core/options';
import { EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleLine } from '../../server/src/core/spec/example';
import type { Finding } from '../../server/src/core/types';
import { combineFixes, fixAllFixes } from '../../server/src/core/fix/fixes';
import { decideDateOrders } from '../../server/src/core/date-orders';
import { fixAllEdits } from '../../server/src/core/fix/fix-all';
import { applyEdits } from '../unit/core/edits';

const options = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, lang: 'en' });
const findings = (text: string): Finding[] => validateText(text, options).findings;
const fixAll = (text: string): string => applyEdits(text, fixAllEdits(text, decideDateOrders(findings(text)), options));
const SECOND_ROW = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
const HEADER = '醫事機構代碼,醫事類別,執行年月,健保卡刷卡日期時間,就醫類別,就醫序號,補卡註記,身分證統一編號,出生日期,醫令代碼,報告序號,實際檢查日期時間,診療部位,影像壓縮檔名稱,依附就醫新生兒出生日期,依附就醫新生兒胞胎註記,實際收到影像日期時間';

describe('source.fixAll', () => {
  it('a quoted full-width value: unquoted and made half-width in one run', () => {
    const text = exampleLine({ 6: '"０００１"' }) + '\r\n';
    const once = fixAll(text);
    assert.equal(once, exampleLine() + '\r\n');
    assert.deepEqual(combineFixes(fixAllFixes(findings(once))), []);
  });

  it('values a word processor or an input method put in quotation marks: the marks removed in one run, full-width letters made half-width', () => {
    const text = exampleLine({ 5: '“01”', 6: '＂０００１＂', 10: '‘33070B’', 11: '＇1＇', 13: '「H」', 8: '"“A123456789”"', 12: '“ 11411250945 ”' }) + '\r\n';
    const once = fixAll(text);
    assert.equal(once, exampleLine() + '\r\n');
    assert.deepEqual(combineFixes(fixAllFixes(findings(once))), []);
  });

  it('quotation marks that do not wrap a whole value are left to a person', () => {
    for (const value of ['“33070B', '33070B”', '“330“70B”', '“33070B’', '＂33,070B＂']) {
      const text = exampleLine({ 10: value.includes(',') ? `"${value}"` : value }) + '\n';
      assert.equal(fixAll(text), text, value);
    }
  });

  it('a BOM and a header row: both gone in one run (the row deletion covers the BOM)', () => {
    const text = '\uFEFF' + HEADER + '\r\n' + exampleLine() + '\r\n';
    const once = fixAll(text);
    assert.equal(once, exampleLine() + '\r\n');
  });

  it('a tab-separated file (a spreadsheet\'s text export): commas in one run', () => {
    const lines = [exampleLine(), exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' })];
    const once = fixAll(lines.map((l) => l.split(',').join('\t')).join('\r\n') + '\r\n');
    assert.equal(once, lines.join('\r\n') + '\r\n');
  });

  it('a semicolon-separated file with its header row (a spreadsheet in a comma-decimal locale): header gone and commas in one run', () => {
    const lines = [exampleLine(), exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' })];
    for (const header of ['HOSPID;CATEGORY;YM;SWIPE;VT;VS;CF;ID;BIRTH;ORDER;SERIAL;EXAM;SITE;ARCHIVE;NB;NBM;RECV', Array.from({ length: 17 }, (_, i) => `Column${i + 1}`).join(';')]) {
      const text = [header, ...lines.map((l) => l.split(',').join(';'))].join('\r\n') + '\r\n';
      assert.equal(fixAll(text), lines.join('\r\n') + '\r\n', header);
    }
  });

  it('a numbered header (pandas) is deleted, not zero-padded, in one run', () => {
    const text = Array.from({ length: 17 }, (_, i) => i).join(',') + '\n' + exampleLine() + '\n';
    assert.equal(fixAll(text), exampleLine() + '\n');
  });

  it('a messy file converges in one run: the second finds nothing to fix', () => {
    const rows = [
      '\uFEFF' + exampleLine({ 2: ' 12 ' }),
      exampleLine({ 5: '"01"', 6: '"０００１"', 9: '19860312', 11: '2', 14: 'DCF3501200000_C00000000002.7Z' }),
      exampleLine({ 10: '３３０７０ｂ', 11: '3', 14: 'dcf3501200000_C00000000003.cab' }),
      '\u001a',
    ];
    const once = fixAll(rows.join('\r\n'));
    assert.deepEqual(combineFixes(fixAllFixes(findings(once))), [], once);
    assert.deepEqual(findings(once).filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId), []);
  });

  it('a Ctrl-Z written straight after the last value goes in the same run as the value\'s own fix', () => {
    const once = fixAll(exampleLine({ 9: '750312' }) + '\u001a');
    assert.equal(once, exampleLine());
    assert.deepEqual(combineFixes(fixAllFixes(findings(once))), [], once);
    assert.deepEqual(findings(once).filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId), []);
  });

  it('sqlcmd\'s default output (header, dashes, values padded to the column width, NULL, row count): a clean CSV in one run', () => {
    const pad = (line: string) => line.split(',').map((v, i) => v.padEnd(i === 13 ? 30 : 12)).join(',');
    const line = exampleLine({ 15: 'NULL', 16: 'NULL', 17: 'NULL' });
    const text = [pad(HEADER), pad(HEADER.replace(/[^,]/g, '-')), pad(line), '', '(1 row affected)', ''].join('\r\n');
    const once = fixAll(text);
    assert.equal(once, exampleLine() + '\r\n', 'the blank line sqlcmd writes before the count goes with it');
    assert.deepEqual(combineFixes(fixAllFixes(findings(once))), [], once);
  });

  it('a row count after blank lines, with or without a line break after it (psql, the mysql client): the blank lines go with it', () => {
    for (const count of ['(2 rows)', '2 rows in set (0.00 sec)']) {
      for (const end of ['', '\n']) {
        const text = [exampleLine(), SECOND_ROW, '', '', count].join('\n') + end;
        assert.equal(fixAll(text), exampleLine() + '\n' + SECOND_ROW + '\n', JSON.stringify(count + end));
      }
    }
  });

  it('a row count with blank lines after it (SQL*Plus ends "N rows selected." with one): the file ends with the last row\'s line break', () => {
    for (const count of ['2 rows selected.', '(2 rows affected)', '(2 rows)', '2 rows in set (0.00 sec)']) {
      for (const end of ['\r\n\r\n', '\r\n\r\n\r\n']) {
        const text = [exampleLine(), SECOND_ROW, '', count].join('\r\n') + end;
        assert.equal(fixAll(text), exampleLine() + '\r\n' + SECOND_ROW + '\r\n', JSON.stringify(count + end));
      }
    }
    // A blank line between rows that stay is left as it is.
    const kept = exampleLine() + '\r\n\r\n' + SECOND_ROW + '\r\n';
    assert.equal(fixAll(kept + '\r\n2 rows selected.\r\n\r\n'), kept);
  });

  it('SQL*Plus pages (a blank line, the headings, their dashes): no empty row left between the rows; a blank line between two rows that stay is left', () => {
    const dashes = HEADER.replace(/[^,]/g, '-');
    const text = [HEADER, dashes, exampleLine(), '', HEADER, dashes, SECOND_ROW, '', '2 rows selected.', ''].join('\r\n');
    assert.equal(fixAll(text), exampleLine() + '\r\n' + SECOND_ROW + '\r\n');
    const kept = exampleLine() + '\r\n\r\n' + SECOND_ROW + '\r\n';
    assert.equal(fixAll(kept + ',,,\r\n'), kept);
  });

  it('an empty row or a Ctrl-Z line below a blank line: the blank line goes with it', () => {
    for (const last of [',,,,,,,,,,,,,,,,', '  ', '\u001a']) {
      assert.equal(fixAll(exampleLine() + '\r\n\r\n' + last), exampleLine() + '\r\n', JSON.stringify(last));
    }
  });

  it('empty rows, of commas or spaces, short or long, also the last line: deleted in one run', () => {
    const text = exampleLine() + '\r\n,,,,,,,,,,,,,,,,\r\n' + exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' }) + '\r\n,,,\r\n  \r\n,,,,,,,,,,,,,,,,,,';
    const once = fixAll(text);
    assert.equal(once, exampleLine() + '\r\n' + exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' }) + '\r\n');
    assert.deepEqual(findings(once).filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId), []);
  });

  it('rows that end at their archive name, as a spreadsheet writes them when fields 15-17 are empty in every row: their empty fields added', () => {
    const short = (line: string) => line.split(',').slice(0, 14).join(',');
    const second = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
    const text = short(exampleLine()) + '\r\n' + short(second) + '\r\n';
    assert.equal(fixAll(text), exampleLine() + '\r\n' + second + '\r\n');
  });

  it('a row with a field missing in the middle: nothing is fixed, as the values may be shifted', () => {
    const values = exampleLine().split(',');
    values.splice(4, 1); // field 5 gone: the visit serial now sits in its place
    const text = values.join(',') + '\r\n';
    const f = findings(text);
    assert.match(f.find((x) => x.ruleId === 'ROW-columns')!.message.en, /16 fields instead of 17 \(one is missing; if it is field 17, the row lacks its last comma\)/);
    assert.ok(f.some((x) => x.ruleId !== 'ROW-columns' && x.severity === 'error'), 'the shifted values are still reported');
    assert.ok(f.every((x) => x.ruleId === 'ROW-columns' || !x.fixes), 'no fix on a shifted value');
    assert.equal(fixAll(text), text);
  });

  it('leaves what needs a person: a date short of a zero with several readings, an archive name against a mistyped field 1, a time in another zone, a date whose order of month and day is a guess', () => {
    for (const patch of [{ 9: '101123' }, { 1: '3501200001' }, { 12: '2025-11-25T01:45:00Z' }, { 9: '3/12/1986' }, { 12: '11/12/2025 09:45' }] as Record<number, string>[]) {
      const text = exampleLine(patch) + '\r\n';
      assert.ok(findings(text).some((f) => f.fixes?.length), `${JSON.stringify(patch)} has quick fixes`);
      assert.equal(fixAll(text), text, JSON.stringify(patch));
    }
  });

  it('a time with Taiwan\'s zone (+08:00) and a month-first date whose day is over 12: written as ROC in one run', () => {
    const text = exampleLine({ 4: '11/25/2025 9:30:15 AM', 12: '2025-11-25T09:45:00+08:00' }) + '\r\n';
    assert.equal(fixAll(text), exampleLine() + '\r\n');
  });

  it('an order code and its body site both in lower case: mended in one run', () => {
    const text = exampleLine({ 10: '33070b', 13: 'hj' }) + '\r\n';
    assert.equal(fixAll(text), exampleLine({ 13: 'HJ' }) + '\r\n');
  });

  it('a row separated by semicolons whose values also need fixes: commas and the values mended in one run', () => {
    const text = exampleLine({ 9: '19860312', 10: '33070b', 14: 'DCF3501200000_C00000000001.7Z' }).split(',').join(';') + '\r\n' + exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' }) + '\r\n';
    const once = fixAll(text);
    assert.equal(once, exampleLine() + '\r\n' + exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' }) + '\r\n');
    assert.deepEqual(combineFixes(fixAllFixes(findings(once))), []);
  });

  it('a header row below a leading empty row: both deleted in one run', () => {
    for (const empty of [',,,,,,,,,,,,,,,,', '  ']) {
      const text = empty + '\r\n' + HEADER + '\r\n' + exampleLine() + '\r\n';
      assert.equal(fixAll(text), exampleLine() + '\r\n', JSON.stringify(empty));
    }
  });

  it('a pandas export with its index column: the header and the row numbers deleted, the values kept, in one run', () => {
    const lines = [exampleLine(), exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' })];
    const text = ',' + HEADER + '\n' + lines.map((l, i) => `${i},${l}`).join('\n') + '\n';
    assert.equal(fixAll(text), lines.join('\n') + '\n');
    const noHeader = lines.map((l, i) => `${i},${l}`).join('\n') + '\n';
    assert.equal(fixAll(noHeader), lines.join('\n') + '\n');
    // The fields behind the row number are checked where they stand, and fixed with it.
    const gregorian = '0,' + exampleLine({ 9: '19860312' }) + '\n';
    const f09 = findings(gregorian).find((f) => f.ruleId === 'F09-format')!;
    assert.equal(gregorian.slice(f09.range.start.character, f09.range.end.character), '19860312');
    assert.equal(fixAll(gregorian), exampleLine() + '\n');
  });

  it('a row index before a row short of a field: the index deleted, no value read one field off is changed', () => {
    // 17 fields in all: without the index in mind, field 5's 01 would stand in field 6 and get zero-padded to 0001.
    const short = exampleLine().slice(0, -1);
    const text = '0,' + short + '\n';
    assert.ok(findings(text).some((f) => f.ruleId === 'ROW-index'));
    // Once the index is gone, only empty fields follow the archive name: the missing comma is added.
    assert.equal(fixAll(text), exampleLine() + '\n');
    const unsure = '0,' + exampleLine({ 15: '1141120' }).slice(0, -1) + '\n';
    assert.equal(fixAll(unsure), exampleLine({ 15: '1141120' }).slice(0, -1) + '\n');
  });

  it('18 fields starting with a number but no hospital code after it: neither the number nor a field at the end is removed', () => {
    // Field 1 may be 0401180014 written as a number with a field too many, or a row index may stand before a value that is no code: a person decides.
    for (const text of [exampleLine({ 1: '401180014' }) + ',\n', '7,' + exampleLine({ 1: '40118001' }) + '\n']) {
      assert.ok(findings(text).some((f) => f.ruleId === 'ROW-columns'), text);
      assert.equal(fixAll(text), text);
    }
  });

  it('a row index before a hospital code that lost its leading zero and a care category (pandas): the index deleted, no value moved', () => {
    const text = '7,' + exampleLine({ 1: '401180014' }) + '\n';
    assert.deepEqual(findings(text).filter((f) => f.ruleId === 'ROW-index' || f.ruleId === 'ROW-columns').map((f) => f.ruleId), ['ROW-index']);
    // The code is not the file name's 3501200000: what to write in field 1 is left to a person (FILE-hospital).
    assert.equal(fixAll(text), exampleLine({ 1: '401180014' }) + '\n');
  });
});
