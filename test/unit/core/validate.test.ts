import { strict as assert } from 'node:assert';
import {
  BatchValidator, CrossRowIndex, defaultOptions, exampleLine, exampleText, EXAMPLE_FILE_NAME, EXAMPLE_NOW, isDraftPath,
  holdsNoRecord, parseCsv, rowDeadline, validateFileLevel, isHeaderRow, validateRow, validateText, type Finding, type ValidationOptions,
} from '../../../server/src/core/index';
import { FIXTURE_FILE_NAME, FIXTURE_HOSPITAL, FIXTURE_NOW, pandasColumnNames, validCsv, validLine, validRow } from '../../fixtures/rows';
import { applyEdits } from './edits';
import { combineFixes, fixAllFixes } from '../../../server/src/core/fix/fixes';
import { fixText } from '../../../server/src/core/fix/fix-text';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completionsFor, describeCell } from '../../../server/src/core/describe';

const opts = (o: Partial<ValidationOptions> = {}) => defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, ...o });
const problems = (fs: Finding[]) => fs.filter((f) => f.severity === 'error' || f.severity === 'warning');
const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);

function only(text: string, ruleId: string, o: Partial<ValidationOptions> = {}): Finding {
  const hits = validateText(text, opts(o)).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(hits.length, 1, `expected one ${ruleId}, got ${hits.length}`);
  return hits[0];
}

describe('validateText: valid input', () => {
  it('a realistic valid file of 3,000 varied rows has no errors or warnings', () => {
    const r = validateText(validCsv(3000, '\r\n'), defaultOptions({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME }));
    assert.equal(r.model.rows.length, 3000);
    assert.deepEqual(problems(r.findings).map((f) => `${f.ruleId} row ${f.row}: ${f.message.en}`), []);
    assert.equal(r.findings.filter((f) => f.ruleId.startsWith('DEADLINE')).length, 3000, 'one deadline note per row');
  });

  it('the fixture covers every order family, ID form and special case', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => validRow(i));
    const orders = new Set(rows.map((r) => r[9]));
    for (const code of ['33070B', '33084B', '34004C', '01271C', '28016C', '18005C', '19001C', '32001C']) assert.ok(orders.has(code), code);
    assert.ok(rows.some((r) => r[6] === '2'), 'replacement card');
    assert.ok(rows.some((r) => r[16] !== ''), 'referral');
    assert.ok(rows.some((r) => r[14] !== ''), 'newborn');
    assert.ok(rows.some((r) => r[10] === '2'), 'second report of a visit');
    assert.ok(rows.some((r) => r[13].startsWith('ATT')), 'JPG archive');
    assert.ok(rows.some((r) => /^[A-Z][89]/.test(r[7])) && rows.some((r) => /^[A-Z][A-D]/.test(r[7])), 'resident IDs');
  });
});

describe('validateText: messages, ranges and fixes', () => {
  it('says what is wrong, the value and the expected form (the issue\'s example)', () => {
    const f = only(exampleText({ 9: '19860312' }), 'F09-format');
    assert.equal(f.message['zh-TW'], '出生日期 19860312 不是民國年月日（YYYMMDD）；民國 75 年 3 月 12 日應寫 0750312');
    assert.match(f.message.en, /19860312.*0750312/);
    const cells = parseCsv(exampleLine({ 9: '19860312' })).rows[0].cells;
    assert.deepEqual(f.range, cells[8].range);
    assert.equal(f.fixes![0].kind, 'roc-date');
  });

  it('a date-time a spreadsheet wrote in scientific notation is named as such, with no fix (its digits are gone)', () => {
    for (const [field, value, ruleId] of [[4, '1.14113E+12', 'F04-format'], [12, '1.14113E+10', 'F12-format'], [17, '1.1411E+10', 'F17-format']] as const) {
      const f = only(exampleText({ [field]: value }), ruleId);
      assert.match(f.message.en, new RegExp(`${value.replace(/[.+]/g, '\\$&')} is not a valid ROC .*scientific notation.*export again`), f.message.en);
      assert.match(f.message['zh-TW'], /科學記號/);
      assert.equal(f.fixes, undefined);
    }
    assert.doesNotMatch(only(exampleText({ 4: '1141125E43857' }), 'F04-format').message.en, /scientific/, 'a stray letter is not a number');
  });

  it('puts field findings on the exact cell, also after quotes, CRLF and a BOM', () => {
    const line = exampleLine({ 8: 'A123456780' });
    const text = '\uFEFF' + exampleLine() + '\r\n"' + line.split(',')[0] + '",' + line.split(',').slice(1).join(',') + '\r\n';
    const f = validateText(text, opts()).findings.find((x) => x.ruleId === 'F08-checksum')!;
    assert.equal(f.row, 1);
    const start = text.split('\r\n')[1].indexOf('A123456780');
    assert.deepEqual(f.range, { start: { line: 1, character: start }, end: { line: 1, character: start + 10 } });
    assert.equal(f.severity, 'warning');
    assert.match(f.message['zh-TW'], /檢查碼應為 9/);
  });

  it('a hospital code that lost its leading 0 to a spreadsheet: the message says so, and a zero-pad fix restores it when the file name confirms it', () => {
    const o = { fileName: '0401180014_20251125_001.csv' };
    const text = exampleText({ 1: '401180014', 14: 'DCF0401180014_C00000000001.7z' });
    const f = only(text, 'F01-format', o);
    assert.match(f.message.en, /401180014 has 9 characters; if a spreadsheet dropped its leading zeros, it is 0401180014/);
    assert.match(f.message['zh-TW'], /應寫 0401180014/);
    const fix = f.fixes?.find((x) => x.kind === 'zero-pad');
    assert.ok(fix);
    assert.deepEqual(ids(problems(validateText(applyEdits(text, fix.edits), opts(o)).findings)), []);
    const unconfirmed = only(text, 'F01-format', { fileName: '0401189999_20251125_001.csv' });
    assert.match(unconfirmed.message.en, /if a spreadsheet dropped its leading zeros/);
    assert.equal(unconfirmed.fixes, undefined, 'no fix unless the file name has that hospital code');
    assert.equal(only(exampleText({ 1: '12' }), 'F01-format').fixes, undefined, 'no guess for a value far too short');
    assert.equal(only(exampleText({ 1: '40118001A' }), 'F01-format').fixes, undefined, 'nor for one that is not a number');
  });

  it('a date short of a zero with one plausible reading is zero-padded; with several, each is offered for a person to choose', () => {
    // 101123: born 1921-11-23, 2012-01-23 or 2012-12-03 (month or day written unpadded): no fix for everyone.
    const f = only(exampleText({ 9: '101123' }), 'F09-format');
    assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['zero-pad-choice', '0101123'], ['zero-pad-choice', '1010123'], ['zero-pad-choice', '1011203']]);
    assert.match(f.message.en, /lacks a zero and may be 0101123 \(1921-11-23\), 1010123 \(2012-01-23\), 1011203 \(2012-12-03\)/);
    assert.match(f.message['zh-TW'], /可能是 0101123（民國 10 年 11 月 23 日）、/);
    // 750312: 7500312 would be a birth in 2661.
    assert.deepEqual(only(exampleText({ 9: '750312' }), 'F09-format').fixes!.map((x) => [x.kind, x.edits[0].newText]), [['zero-pad', '0750312']]);
  });

  it('an exam time never gets a zero put in front of its year (no exam of this format is before ROC 108), and field 3 picks among the readings', () => {
    // 110/01/01 08:30 with the month written unpadded: 0110101... would be 1922.
    const f = only(exampleText({ 3: '11001', 12: '1101010830' }), 'F12-format');
    assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['zero-pad', '11001010830']], 'field 3 says January');
    const g = only(exampleText({ 3: '11010', 12: '1101010830' }), 'F12-format');
    assert.deepEqual(g.fixes!.map((x) => x.edits[0].newText), ['11010010830', '11010100830'], 'October: day 1 or day 10');
    assert.ok(g.fixes!.every((x) => x.kind === 'zero-pad-choice'));
    assert.equal(only(exampleText({ 4: '114112509301' }), 'F04-format').fixes!.some((x) => x.edits[0].newText.startsWith('0')), false);
  });

  it('a field 1 that differs from the file name and the archive name gets the fix, not the archive name', () => {
    const text = exampleText({ 1: '3501200001' });
    const f = only(text, 'FILE-hospital');
    assert.match(f.message.en, /3501200001 differs from 3501200000 in the file name .*\(the archive name agrees with the file name\)/);
    assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['hospital-from-file-name', '3501200000']]);
    assert.deepEqual(ids(problems(validateText(applyEdits(text, f.fixes![0].edits), opts()).findings)), []);
    assert.equal(only(exampleText({ 1: '3501200001', 14: 'DCF3501200001_C00000000001.7z' }), 'FILE-hospital').fixes, undefined, 'the archive name sides with field 1');
  });

  it('NULL, NaN, None and N/A are read as no value: a required field is missing, an optional one is emptied; never taken for body-site letters', () => {
    const f = only(exampleText({ 13: 'NaN' }), 'F-null-literal');
    assert.match(f.message.en, /body site \(field 13\) is "NaN", which an export writes for a missing value: a field without a value is left empty/);
    assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['remove-null', '']]);
    const all = ids(problems(validateText(exampleText({ 13: 'None' }), opts()).findings));
    assert.deepEqual(all.sort(), ['F-null-literal', 'X13-body-site-required'], 'no upper-case fix to NONE; the CT order still needs a body site');
    const required = only(exampleText({ 8: 'NULL' }), 'F-null-literal');
    assert.match(required.message.en, /the field is required, so fill in the real value/);
    assert.equal(required.fixes, undefined);
    assert.deepEqual(ids(problems(validateText(exampleText({ 8: 'NULL' }), opts()).findings)), ['F-null-literal'], 'not also F08-pattern or F-required');
    assert.deepEqual(ids(problems(validateText(exampleText({ 15: '#N/A', 16: 'nan', 17: 'null' }), opts()).findings)), ['F-null-literal', 'F-null-literal', 'F-null-literal'], 'no newborn-pair finding');
    assert.deepEqual(ids(problems(validateText(exampleText({ 13: 'NA' }), opts()).findings)), [], 'NA is 頸椎 and 頸部 on a CT row');
  });

  it('CT/MRI body sites: an upper-case fix only for a value typed all in lower case; a repeated region letter is a warning', () => {
    assert.equal(only(exampleText({ 13: 'hJ' }), 'X13-body-site-code').fixes, undefined);
    assert.equal(only(exampleText({ 13: 'nj' }), 'X13-body-site-code').fixes![0].edits[0].newText, 'NJ');
    const f = only(exampleText({ 13: 'NJNJ' }), 'X13-body-site-repeat');
    assert.equal(f.severity, 'warning');
    assert.match(f.message.en, /repeats the region letter "NJ"/);
  });

  it('dental body sites: a tooth or region code written twice is a warning, as a repeated region letter is', () => {
    const f = only(exampleText({ 10: '34004C', 13: '111211' }), 'X13-body-site-repeat');
    assert.equal(f.severity, 'warning');
    assert.match(f.message.en, /repeats the dental code 11;/);
    assert.match(f.message['zh-TW'], /重複了牙位代碼 11；/);
    assert.match(only(exampleText({ 10: '01271C', 13: 'FM11FM1212' }), 'X13-body-site-repeat').message.en, /repeats the dental codes FM, 12;/);
    assert.deepEqual(ids(problems(validateText(exampleText({ 10: '34004C', 13: '1121FM' }), opts()).findings)), []);
  });

  it('invisible characters around a value are trimmed like spaces; a value with one inside is still a value to the checks across fields', () => {
    const text = exampleText({ 13: 'H\u00a0', 2: '\ufeff12' });
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(ids(found), ['F-spaces', 'F-spaces']);
    assert.match(found[1].message.en, /has surrounding spaces or invisible characters/);
    assert.deepEqual(ids(problems(validateText(applyEdits(text, found.flatMap((f) => f.fixes![0].edits)), opts()).findings)), []);
    // A zero-width space inside field 17: F-chars only, no newborn or body-site noise, and no deadline from the exam alone.
    const inside = validateText(exampleText({ 17: '11411251\u200b030' }), opts()).findings;
    assert.deepEqual(ids(problems(inside)), ['F-chars']);
    assert.equal(inside.filter((f) => f.ruleId.startsWith('DEADLINE')).length, 0, 'the received time is there but unreadable');
    assert.deepEqual(ids(problems(validateText(exampleText({ 13: 'H\u200bJ' }), opts()).findings)), ['F-chars'], 'not also X13-body-site-required');
  });

  it('dates written with separators, as HIS exports and spreadsheets write them, are read and fixed', () => {
    for (const [field, value, ruleId, want] of [
      [9, '1986/03/12', 'F09-format', '0750312'], [9, '75/3/12', 'F09-format', '0750312'],
      [12, '2025/11/25 09:45', 'F12-format', '11411250945'], [12, '2025-11-25 09:45:00', 'F12-format', '11411250945'],
      [3, '2025/11', 'F03-format', '11411'],
      // Long dates as Excel writes them in zh-TW (長日期), with the Taiwan calendar too, and a time in Chinese.
      [9, '1986年3月12日', 'F09-format', '0750312'], [9, '民國75年3月12日', 'F09-format', '0750312'],
      [12, '2025年11月25日 09:45', 'F12-format', '11411250945'], [12, '114年11月25日 上午 09:45', 'F12-format', '11411250945'],
      [12, '民國114年11月25日 9時45分', 'F12-format', '11411250945'], [3, '114年11月', 'F03-format', '11411'],
    ] as const) {
      const text = exampleText({ [field]: value });
      const all = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(all), [ruleId], value);
      assert.match(all[0].message.en, new RegExp(`${value} is not written as a ROC .* is written ${want}`), all[0].message.en);
      assert.deepEqual(all[0].fixes!.map((x) => [x.kind, x.edits[0].newText]), [['roc-date', want]]);
      assert.deepEqual(ids(problems(validateText(applyEdits(text, all[0].fixes![0].edits), opts()).findings)), [], value);
    }
    assert.match(only(exampleText({ 12: '2025年11月25日' }), 'F12-format').message.en, /has no time of day: take it from the source record/);
    assert.deepEqual(ids(problems(validateText(exampleText({ 9: '1986年3月' }), opts()).findings)), ['F09-format'], 'a month without its day is no date to fix');
    const dateOnly = only(exampleText({ 12: '2025/11/25' }), 'F12-format');
    assert.match(dateOnly.message.en, /2025\/11\/25 is not a ROC YYYMMDDHHMM and has no time of day: take it from the source record/);
    assert.equal(dateOnly.fixes, undefined);
    assert.equal(only(exampleText({ 4: '2025/11/25 09:30' }), 'F04-format').fixes, undefined, 'the seconds are not guessed');
  });

  it('numbers written with .0 are named as such and fixed together with a lost leading zero; scientific notation in any field says the digits are gone', () => {
    const text = exampleText({ 9: '750312.0', 11: '1.0', 6: '1.0' });
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(ids(found).sort(), ['F-decimal', 'F-decimal', 'F-decimal', 'F06-visit-serial', 'F09-format']);
    assert.match(found.find((f) => f.field === 11)!.message.en, /report serial \(field 11\) 1\.0 was written as a decimal number: set the column to text and export again; without the decimals it is 1/);
    const once = applyEdits(text, combineFixes(fixAllFixes(validateText(text, opts()).findings)));
    assert.equal(once, exampleText({ 9: '0750312', 11: '1', 6: '0001' }));
    const sci = only(exampleText({ 10: '34004C', 13: '1.12131E+17' }), 'F-scientific');
    assert.match(sci.message.en, /body site \(field 13\) 1\.12131E\+17 looks like a spreadsheet took it for a number/);
    assert.deepEqual(ids(problems(validateText(exampleText({ 10: '34004C', 13: '1.12131E+17' }), opts()).findings)), ['F-scientific'], 'not also invalid dental codes');
  });

  it('numbers with thousands separators (a spreadsheet\'s number format, quoted for the commas): one finding a cell, whose fix takes the quotes too; a lost leading zero fixed in the same run', () => {
    const text = exampleText({ 4: '"1,141,125,093,015"', 9: '"750,312"', 11: '"1.00"', 12: '"11,411,250,945.00"' });
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.field}`), ['F-thousands@4', 'F-thousands@9', 'F09-format@9', 'F-quoted@11', 'F-decimal@11', 'F-thousands@12']);
    const birth = found[1];
    assert.equal(birth.message.en, 'birth date (field 9) 750,312 was written as a number with thousands separators (a spreadsheet\'s number format), and quoted for its commas: set the column to text and export again; without the separators it is 750312');
    assert.match(birth.message['zh-TW'], /出生日期 750,312 被寫成有千分位逗號的數字.*去掉千分位為 750312/);
    assert.equal(fixText(text, opts()).text, exampleText({}));
    // Commas that do not group a number by thousands are no such number: the quotes are F-quoted's, with no fix.
    const other = problems(validateText(exampleText({ 13: '"1,12"' }), opts()).findings);
    assert.ok(other.some((f) => f.ruleId === 'F-quoted' && f.fixes === undefined) && !other.some((f) => f.ruleId === 'F-thousands'));
  });

  it('dental sites of 16 digits a spreadsheet kept to 15 (1112131415161718 saved from XLSX as 1112131415161720, Excel\'s 1112131415161710): the message says the digits are gone', () => {
    for (const v of ['1112131415161720', '1112131415161710']) {
      const f = only(exampleText({ 10: '34004C', 13: v }), 'X13-body-site-code');
      assert.match(f.message.en, new RegExp(`body site \\(field 13\\) ${v} has invalid dental codes ${v.slice(-2)}; .*a spreadsheet took it for a number and kept 15 significant digits: the digits after them are lost; set the column to text and export again`));
      assert.match(f.message['zh-TW'], /試算表.*15 位有效數字/);
      assert.equal(f.fixes, undefined);
    }
    // A wrong code with digits past the 15th that are not all 0 is only a wrong code.
    assert.doesNotMatch(only(exampleText({ 10: '34004C', 13: '1112131415161719' }), 'X13-body-site-code').message.en, /spreadsheet/);
  });

  it('a title above the data or a total or note below it (a spreadsheet report) is one ROW-note, no record, whose quick fix deletes it; fix-all leaves it to a person', () => {
    const names = FIELDS_HEADER;
    const data = exampleText({});
    const text = `115年11月影像上傳清單${','.repeat(16)}\r\n${names}\r\n${data}合計,1筆${','.repeat(15)}\r\n製表人：王小明\r\n`;
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.row}`), ['ROW-note@0', 'ROW-header@1', 'ROW-note@3', 'ROW-note@4']);
    assert.equal(found[0].message.en, 'this line is words, "115年11月影像上傳清單", not a record (a title a spreadsheet report has above its data, or a total or note below it): the upload CSV holds records only, and this line would be rejected as a wrong one; delete it once what it says is dealt with');
    assert.match(found[2].message['zh-TW'], /^這一列是文字「合計 1筆」，不是資料/);
    assert.match(found[1].message.en, /^column names, not a record .*a title above them/);
    assert.equal(applyEdits(text, found[2].fixes![0].edits), text.replace(`合計,1筆${','.repeat(15)}\r\n`, ''));
    assert.equal(fixText(text, opts()).text, `115年11月影像上傳清單${','.repeat(16)}\r\n${data}合計,1筆${','.repeat(15)}\r\n製表人：王小明\r\n`, 'notes stay for a person');
    // A first row of one or two names is a header: FILE-header alone, as the language server says too (no ROW-note beside it).
    assert.deepEqual(ids(problems(validateText(`醫事機構代碼\r\n${data}`, opts()).findings)), ['FILE-header']);
    assert.equal(holdsNoRecord(parseCsv(`醫事機構代碼\r\n${data}`).rows[0]), false);
    // A record with a Chinese value in field 1 is a broken record, not a note.
    assert.ok(!ids(validateText(exampleText({ 1: '臺大醫院' }), opts()).findings).includes('ROW-note'));
    assert.ok(!ids(validateText(`${data}臺大醫院,12,11411${','.repeat(14)}\n`, opts()).findings).includes('ROW-note'));
  });

  it('N/A in field 14 is no value, not a draft folder; a row of nothing but null literals is an empty row', () => {
    const na = validateText(exampleText({ 14: 'N/A' }), opts({ fileName: 'batch.csv' })).findings;
    assert.ok(na.some((f) => f.ruleId === 'FILE-name'), 'the file name is still checked');
    assert.ok(na.some((f) => f.ruleId === 'F-null-literal' && f.field === 14));
    assert.equal(isDraftPath('N/A'), false);
    const text = exampleText({}) + ',,,,,,,,,,,,,,None,,\n';
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(ids(found), ['ROW-empty']);
    assert.equal(applyEdits(text, combineFixes(fixAllFixes(validateText(text, opts()).findings))), exampleText({}));
  });

  const fixable: [Record<number, string>, string, string][] = [
    [{ 9: '19860312' }, 'F09-format', 'roc-date'],
    [{ 3: '202511' }, 'F03-format', 'roc-date'],
    [{ 9: '750312' }, 'F09-format', 'zero-pad'],
    [{ 6: '1' }, 'F06-visit-serial', 'zero-pad'],
    [{ 5: '1' }, 'F05-visit-type', 'zero-pad'],
    [{ 10: ' 33070B ' }, 'F-spaces', 'trim'],
    [{ 10: '３３０７０Ｂ' }, 'F-fullwidth', 'half-width'],
    [{ 10: '33070b' }, 'F10-order-code', 'upper-case'],
    [{ 8: 'a123456789' }, 'F08-pattern', 'upper-case'],
    [{ 13: 'nj' }, 'X13-body-site-code', 'upper-case'],
    [{ 10: '34004C', 13: 'fm11' }, 'X13-body-site-code', 'upper-case'],
    [{ 14: 'DCF3501200000_C00000000001.7Z' }, 'F14-extension-case', 'extension-case'],
    [{ 14: 'DCF3501200000_C000000000001.cab' }, 'F14-pattern', 'upper-case'],
    [{ 14: 'DCF3501299999_C00000000001.7z' }, 'X14-hospital', 'archive-hospital'],
    [{ 10: '"33070B"' }, 'F-quoted', 'unquote'],
    [{ 3: '11410' }, 'X03-exam-month', 'exam-month'],
  ];
  for (const [patch, rule, kind] of fixable) {
    it(`${rule} offers a ${kind} fix that leaves a valid row (${JSON.stringify(patch)})`, () => {
      const text = exampleText(patch);
      const all = validateText(text, opts()).findings;
      const f = all.find((x) => x.ruleId === rule);
      if (rule === 'F14-pattern') {
        // a 13-character case number is a pattern problem without a mechanical fix
        assert.ok(f && !f.fixes);
        return;
      }
      assert.ok(f, `${rule} not found in ${ids(all)}`);
      const fix = f.fixes?.find((x) => x.kind === kind);
      assert.ok(fix, `no ${kind} fix`);
      assert.ok(fix.title['zh-TW'] && fix.title.en);
      const fixed = applyEdits(text, fix.edits);
      assert.deepEqual(ids(problems(validateText(fixed, opts()).findings)), []);
    });
  }

  it('X03-exam-month against an exam time before ROC 1 offers no fix: field 3 cannot hold that year, the exam time is what to check', () => {
    const text = exampleText({ 12: '-0511250845' });
    const f = validateText(text, opts()).findings.find((x) => x.ruleId === 'X03-exam-month');
    assert.ok(f, ids(validateText(text, opts()).findings).join());
    assert.equal(f.fixes, undefined);
    assert.match(f.message.en, /^execution year-month \(field 3\) \d{5} differs from the month of the exam time -0511250845, a year before ROC 1, which field 3 cannot hold: check the exam time \(field 12\)$/);
    assert.match(f.message['zh-TW'], /^執行年月 \d{5} 與實際檢查日期時間 -0511250845 的年月不符；該時間為民國前年份，執行年月不可為民國前，請檢查實際檢查日期時間（序號12）$/);
  });

  it('lower-case archive prefix and extension: one upper-case fix makes it valid', () => {
    const text = exampleText({ 14: 'dcf3501200000_C00000000001.cab' });
    const f = only(text, 'F14-pattern');
    const fixed = applyEdits(text, f.fixes![0].edits);
    assert.ok(fixed.includes('DCF3501200000_C00000000001.CAB'));
    assert.deepEqual(problems(validateText(fixed, opts()).findings), []);
  });
});

describe('zero-pad readings and the reference time', () => {
  it('a reading later than now (F-future) is not offered: the one left is the fix', () => {
    // At 12:00, 1141125130 may be 01:30 or 13:00; an exam at 13:00 has not happened yet.
    const f = only(exampleText({ 12: '1141125130' }), 'F12-format');
    assert.deepEqual(f.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['zero-pad', '11411250130']]);
    const later = only(exampleText({ 12: '1141125130' }), 'F12-format', { now: EXAMPLE_NOW + 3600_000 });
    assert.deepEqual(later.fixes!.map((x) => [x.kind, x.edits[0].newText]), [['zero-pad-choice', '11411250130'], ['zero-pad-choice', '11411251300']]);
  });
});

describe('field 14 holding the path of an archive file (an export that wrote where the archive is)', () => {
  it('is F14-pattern, with a fix that leaves its name, and is no draft image path', () => {
    for (const path of ['D:\\NHI\\DCF3501200000_C00000000001.7z', '/srv/nhi/DCF3501200000_C00000000001.7z', './DCF3501200000_C00000000001.7z']) {
      const text = exampleText({ 14: path });
      const findings = validateText(text, opts({ lang: 'en' })).findings.filter((f) => f.severity !== 'information');
      assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes?.map((x) => [x.kind, x.edits[0].newText])]), [['F14-pattern', [['archive-name-only', 'DCF3501200000_C00000000001.7z']]]], path);
      assert.match(findings[0].message.en, /is the path of the archive; the field holds its name alone, DCF3501200000_C00000000001\.7z; expected /);
      assert.match(findings[0].message['zh-TW'], /是壓縮檔的路徑；本欄只填壓縮檔名 DCF3501200000_C00000000001\.7z；應為/);
      assert.ok(!validateText(text, opts()).findings.some((f) => f.ruleId === 'DRAFT-path'), path);
      assert.equal(fixText(text, opts()).text, exampleText({}));
    }
    // A path to images stays a draft path; so does one whose last part only resembles an archive name.
    for (const path of ['./ct1', 'D:\\images\\DCF-exam', './DCF3501200000_C00000000001.zip']) {
      assert.ok(validateText(exampleText({ 14: path }), opts()).findings.some((f) => f.ruleId === 'DRAFT-path'), path);
    }
  });
});

describe('values a spreadsheet export writes as the text formula ="…"', () => {
  // HIS exports meant for Excel write ="0001" so that Excel keeps the leading zeros; the NHI reads the characters.
  it('are one F-quoted a cell, with a fix that keeps the text inside, and no CSV-syntax finding for their quotes', () => {
    const text = exampleText({ 1: '="3501200000"', 5: '="01"', 6: '="0001"', 9: '="0750312"', 15: '=""' });
    const findings = validateText(text, opts({ lang: 'en' })).findings.filter((f) => f.severity !== 'information');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.field, f.fixes?.map((x) => [x.kind, x.edits[0].newText])]), [
      ['F-quoted', 1, [['unquote', '3501200000']]],
      ['F-quoted', 5, [['unquote', '01']]],
      ['F-quoted', 6, [['unquote', '0001']]],
      ['F-quoted', 9, [['unquote', '0750312']]],
      ['F-quoted', 15, [['unquote', '']]],
    ]);
    const f = findings[2];
    assert.deepEqual(f.range, parseCsv(text).rows[0].cells[5].range);
    assert.equal(f.message.en, 'visit serial (field 6) "="0001"" is the spreadsheet formula ="…", which Excel shows as the text inside; the NHI reads the characters in the file: write 0001');
    assert.equal(f.message['zh-TW'], '就醫序號「="0001"」是試算表的公式 ="…"，Excel 只顯示其中的文字；健保署讀到的是檔案中的字元：應寫 0001');
    assert.deepEqual(f.fixes![0].title, { 'zh-TW': '移除 = 與引號', en: 'Remove the = and the quotes' });
    assert.match(findings[4].message.en, /leave the field empty$/);
  });

  it('the value inside is checked as usual, and the fixes of a whole text leave it clean', () => {
    const inside = validateText(exampleText({ 10: '="３３０７０Ｂ"' }), opts()).findings.filter((f) => f.severity !== 'information');
    assert.deepEqual(inside.map((f) => [f.ruleId, f.fixes?.[0].edits[0].newText]), [['F-quoted', '３３０７０Ｂ'], ['F-fullwidth', '33070B']]);
    const fixed = fixText(exampleText({ 1: '="3501200000"', 6: '="0001"' }), opts());
    assert.equal(fixed.text, exampleText({}));
  });

  it('a formula the CSV quotes again (LibreOffice: "=""0001""") is one F-quoted, whose fix leaves the text inside; none when that holds a comma', () => {
    const text = exampleText({ 6: '"=""0001"""' });
    const findings = validateText(text, opts({ lang: 'en' })).findings.filter((f) => f.severity !== 'information');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes?.map((x) => x.edits[0].newText)]), [['F-quoted', ['0001']]]);
    assert.match(findings[0].message.en, /is the spreadsheet formula ="…"/);
    const comma = validateText(exampleText({ 13: '"=""H,J"""' }), opts()).findings.filter((f) => f.ruleId === 'F-quoted');
    assert.deepEqual(comma.map((f) => f.fixes), [undefined]);
  });

  it('other quotes in an unquoted cell stay CSV-syntax errors', () => {
    for (const value of ['="00"01"', '=0001"', '0="001"', '="0001']) {
      const findings = validateText(exampleText({ 6: value }), opts()).findings;
      assert.ok(findings.some((f) => f.ruleId === 'CSV-syntax'), value);
      assert.ok(!findings.some((f) => f.ruleId === 'F-quoted'), value);
    }
  });
});

describe('quotation marks typed around a value', () => {
  it('are F-quoted, with a fix that removes them, and the value inside is checked', () => {
    for (const [value, marks] of [['“33070B”', '“ ”'], ['”33070B”', '” ”'], ['＂33070B＂', '＂ ＂'], ['‘33070B’', '‘ ’'], ['＇33070B＇', '＇ ＇'], ['「33070B」', '「 」'], ['『33070B』', '『 』']]) {
      const text = exampleText({ 10: value });
      const findings = validateText(text, opts({ lang: 'en' })).findings.filter((f) => f.severity !== 'information');
      assert.deepEqual(ids(findings), ['F-quoted'], value);
      const f = findings[0];
      assert.deepEqual(f.range, parseCsv(text).rows[0].cells[9].range);
      assert.equal(f.message.en, `order code (field 10) "${value}" is wrapped in the quotation marks ${marks}, as a word processor or an input method types them; values carry no quotes`);
      assert.match(f.message['zh-TW'], new RegExp(`^醫令代碼「${value}」加了引號 ${marks}（文書處理器或輸入法打出的引號）；欄位值不加引號$`));
      assert.deepEqual(f.fixes!.map((x) => [x.kind, x.title.en, x.edits[0].newText]), [['unquote', 'Remove the quotes', '33070B']]);
    }
    // The value inside the marks is checked as usual: a full-width one is made half-width by the next fix.
    const inside = validateText(exampleText({ 10: '“３３０７０Ｂ”' }), opts()).findings.filter((f) => f.severity !== 'information');
    assert.deepEqual(inside.map((f) => [f.ruleId, f.fixes?.[0].edits[0].newText]), [['F-quoted', '３３０７０Ｂ'], ['F-fullwidth', '33070B']]);
  });

  it('ASCII single quotes around a value (an export\'s SQL text literals) and an apostrophe before one (Excel\'s "keep as text" mark) are F-quoted, with a fix', () => {
    const text = exampleText({ 1: "'3501200000'", 6: "'0001", 9: "'0750312" });
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.field}`), ['F-quoted@1', 'F-quoted@6', 'F-quoted@9']);
    assert.equal(found[0].message.en, `hospital code (field 1) "'3501200000'" is wrapped in the single quotes ' ', as an export writes an SQL text literal; a CSV quotes with " only where a value needs it, and values carry no quotes`);
    assert.equal(found[1].message.en, `visit serial (field 6) "'0001" starts with an apostrophe, the mark that makes Excel keep a typed value as text; in a CSV it is a character of the value, which the NHI reads: write 0001`);
    assert.match(found[1].message['zh-TW'], /^就醫序號「'0001」開頭有單引號 '：這是 Excel 輸入時「保留為文字」的記號/);
    assert.deepEqual(found[1].fixes!.map((x) => [x.kind, x.title.en]), [['unquote', 'Remove the apostrophe']]);
    assert.equal(fixText(text, opts()).text, exampleText({}));
    // An apostrophe inside a value is a character no field holds.
    assert.deepEqual(ids(problems(validateText(exampleText({ 8: "A123'56789" }), opts()).findings)), ['F-chars']);
  });

  it('marks that do not plainly wrap the whole value are characters not allowed, with no fix', () => {
    for (const value of ['“33070B', '33070B”', '“330“70B”', '“33070B’']) {
      const findings = validateText(exampleText({ 10: value }), opts()).findings.filter((f) => f.severity !== 'information');
      assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes]), [['F-chars', undefined]], value);
    }
  });

  it('a full-width quotation mark inside a value is not made an ASCII quote by the half-width fix', () => {
    const f = only(exampleText({ 10: '33070＇B' }), 'F-fullwidth');
    assert.equal(f.fixes, undefined);
  });
});

describe('validateText: rows, file, header, BOM', () => {
  it('missing trailing fields: one ROW-columns error with a fix adding them', () => {
    const text = exampleLine().split(',').slice(0, 14).join(',') + '\n';
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(ids(found), ['ROW-columns']);
    assert.match(found[0].message.en, /14 fields instead of 17: nothing but empty fields follows the archive name \(field 14\); the row lacks its last 3 commas$/);
    assert.match(found[0].message['zh-TW'], /影像壓縮檔名稱（序號 14）之後只有空白欄位，此列少了最後 3 個逗號/);
    assert.equal(found[0].fixes![0].kind, 'add-trailing-fields');
    const lastCommaMissing = only(exampleLine().slice(0, -1) + '\n', 'ROW-columns');
    assert.match(lastCommaMissing.message.en, /the row lacks its last comma$/);
    assert.equal(lastCommaMissing.fixes![0].kind, 'add-trailing-fields');
    // A value after the archive name may be field 15, 16 or 17: which one is missing is not known.
    const afterArchive = only(exampleLine({ 15: '1141120' }).slice(0, -1) + '\n', 'ROW-columns');
    assert.match(afterArchive.message.en, /\(one is missing; if it is field 17, the row lacks its last comma\)/);
    assert.equal(afterArchive.fixes![0].kind, 'add-fields');
    // Without an archive name last, the missing fields may be any: the fix adds them at the end, but is not sure.
    const shifted = exampleLine().split(',').slice(0, 13).join(',') + '\n';
    const unsure = only(shifted, 'ROW-columns');
    assert.match(unsure.message.en, /13 fields instead of 17 \(4 are missing; if they are fields 14-17, the row lacks its last 4 commas\)/);
    assert.equal(unsure.fixes![0].kind, 'add-fields');
    const draft = exampleLine({ 14: 'images/0001' }).split(',').slice(0, 14).join(',') + '\n';
    assert.equal(only(draft, 'ROW-columns').fixes![0].kind, 'add-trailing-fields', 'a draft\'s image path is field 14 too');
    const lowerCase = exampleLine({ 14: 'dcf3501200000_c00000000001.7Z' }).split(',').slice(0, 14).join(',') + '\n';
    assert.equal(problems(validateText(lowerCase, opts()).findings).find((f) => f.ruleId === 'ROW-columns')!.fixes![0].kind, 'add-trailing-fields');
    const fixed = applyEdits(text, found[0].fixes![0].edits);
    assert.deepEqual(problems(validateText(fixed, opts()).findings), []);
  });

  it('too many fields: ROW-columns, with a fix only when the extras are empty', () => {
    const f = only(exampleLine() + ',,\n', 'ROW-columns');
    assert.equal(applyEdits(exampleLine() + ',,\n', f.fixes![0].edits), exampleLine() + '\n');
    assert.equal(only(exampleLine() + ',x\n', 'ROW-columns').fixes, undefined);
  });

  it('rows joined by U+2028, U+2029 or U+0085 instead of line breaks: the ROW-columns error naming the character, and no F-chars error for it', () => {
    const second = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
    for (const [char, name] of [['\u2028', 'U+2028'], ['\u2029', 'U+2029'], ['\u0085', 'U+0085']]) {
      const found = problems(validateText(`${exampleLine()}${char}${second}${char}${exampleLine({ 11: '3' })}\r\n`, opts()).findings);
      assert.deepEqual(ids(found), ['ROW-columns'], `${name}: ${found.map((f) => f.message.en).join(' | ')}`);
      assert.ok(found[0].message.en.includes(name) && found[0].message['zh-TW'].includes(name), found[0].message.en);
    }
  });

  it('header row: one error, a fix deleting it, and no field errors for it', () => {
    const header = FIELDS_HEADER + '\r\n';
    const text = header + exampleLine() + '\r\n';
    const found = problems(validateText(text, opts()).findings);
    assert.deepEqual(ids(found), ['FILE-header']);
    assert.equal(applyEdits(text, found[0].fixes![0].edits), exampleLine() + '\r\n');
    const english = 'hospital_code,category,yearmonth,card_time,visit_type,serial,flag,id,birth,order,report,exam,site,archive,newborn,mark,received\n';
    assert.deepEqual(ids(problems(validateText(english + exampleLine(), opts()).findings)), ['FILE-header']);
  });

  it('a header row whose Chinese a conversion turned into "?" (Windows PowerShell 5.1\'s pipe) or U+FFFD: one FILE-header that says so', () => {
    for (const lost of ['?', '\ufffd']) {
      const header = FIELDS_HEADER.replace(/[\u4e00-\u9fff]/g, lost);
      const text = header + '\r\n' + exampleLine() + '\r\n';
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(found), ['FILE-header'], header);
      assert.equal(applyEdits(text, found[0].fixes![0].edits), exampleLine() + '\r\n');
      assert.equal(found[0].message.en, 'the first row holds column names whose Chinese a conversion to an encoding without it turned into "?" (Windows PowerShell 5.1\'s pipe does); the upload format has no header row, so it would be rejected as data');
      assert.equal(found[0].message['zh-TW'], '第一列是欄位名稱，其中文已在轉成不含中文的編碼時變成「?」（Windows PowerShell 5.1 的管線即如此）；上傳格式沒有標題列，此列會被當成資料而退件');
    }
    // A data row with a value or two of question marks is no header.
    assert.ok(!ids(validateText(exampleLine({ 13: '??', 16: '?' }) + '\n', opts()).findings).includes('FILE-header'));
  });

  it('header rows programs write: capitals, numbered columns (pandas, Power Query, R), lettered columns (csvkit -H), a pandas index', () => {
    const n = (from: number, prefix = '') => Array.from({ length: 17 }, (_, i) => prefix + (i + from)).join(',');
    const upper = 'HOSPID,CATEGORY,YM,CARDTIME,VISITTYPE,VISITSEQ,CARDFLAG,IDNO,BIRTH,ORDERCODE,RPTSEQ,EXAMTIME,BODYSITE,ARCHIVE,NBBIRTH,NBMARK,RECVTIME';
    // csvkit's csvcut, csvsort… -H (no header row) name the columns a, b, c…; csvformat -U 1 quotes them.
    const letters = 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q';
    for (const header of [upper, n(0), n(1), n(1, 'Column'), n(1, 'V'), '"",' + n(1, 'V').replace(/V\d+/g, '"$&"'), letters, letters.toUpperCase(), letters.replace(/\w/g, '"$&"')]) {
      const text = header + '\r\n' + exampleLine() + '\r\n';
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(found), ['FILE-header'], header);
      assert.equal(applyEdits(text, found[0].fixes![0].edits), exampleLine() + '\r\n');
    }
    const indexed = only(',' + n(0) + '\n0,' + exampleLine() + '\n', 'FILE-header');
    assert.match(indexed.message.en, /the first column is a row index.*export without the index/);
    assert.match(indexed.message['zh-TW'], /列索引/);
  });

  it('the first record as pandas\' column names (read_csv without header=None, then to_csv): FILE-header that says so, and a fix restoring the record', () => {
    // What pandas 1.5 writes for validRow(0): its repeated 1 named 1.1, its empty fields Unnamed: 14-16.
    const names = '3501200000,12,11411,1141125074200,01,0001,1,A100000001,0190101,33070B,1.1,11411250757,H,DCF3501200000_C00000000000.7z,Unnamed: 14,Unnamed: 15,Unnamed: 16';
    const rows = [2, 3].map((i) => validLine(i));
    const plain = [validLine(0), ...rows].join('\n') + '\n';
    const o = opts({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME });
    for (const [text, index] of [
      [[names, ...rows].join('\n') + '\n', false],
      [[',' + names, ...rows.map((r, i) => `${i},${r}`)].join('\n') + '\n', true],
    ] as const) {
      const found = problems(validateText(text, o).findings);
      assert.deepEqual(ids(found), index ? ['FILE-header', 'ROW-index', 'ROW-index'] : ['FILE-header'], text);
      assert.match(found[0].message.en, /first record .*pandas.*header=None/);
      assert.match(found[0].message['zh-TW'], /pandas.*header=None/);
      assert.equal(fixText(text, o).text, plain);
    }
    // A data row with a value such as 1.1 is no header: it is checked as data.
    assert.deepEqual(ids(problems(validateText(validLine(0).replace(',33070B,1,', ',33070B,1.1,') + '\n', o).findings)), ['F11-format']);
  });

  it('the first record pandas wrote back as column names counts as a record for the rules across rows: its visit\'s serial 1 is in the file', () => {
    // validRow(0) and validRow(1) are one visit, report serials 1 and 2; pandas wrote row 0 as column names (1 -> 1.1, empty -> Unnamed: N).
    const names = pandasColumnNames(validRow(0));
    assert.match(names, /,1\.1,.*Unnamed: 14/);
    const o = opts({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME });
    for (const [text, expected] of [
      [`${names}\n${validLine(1)}\n`, ['FILE-header']],
      [`,${names}\n0,${validLine(1)}\n`, ['FILE-header', 'ROW-index']],
      // Restored, the same rows: no serial missing either.
      [`${validLine(0)}\n${validLine(1)}\n`, []],
    ] as const) {
      assert.deepEqual(ids(problems(validateText(text, o).findings)), expected, text);
    }
    // The record's serial counts as serial 1 only in its own visit: a row of another visit with serial 2 still lacks its 1.
    const other = validRow(1);
    other[5] = '0999';
    assert.deepEqual(ids(problems(validateText(`${names}\n${other.join(',')}\n`, o).findings)), ['FILE-header', 'R11-report-serial-start']);
    // The record's serial 2 with no 1 before it is said as for any row.
    const second = validLine(1).split(',').map((v, i) => (v === '' ? `Unnamed: ${i}` : v)).join(',');
    assert.deepEqual(ids(problems(validateText(`${second}\n${validLine(2)}\n`, o).findings)), ['FILE-header', 'R11-report-serial-start']);
  });

  it('data rows, even broken ones, are not taken for a header', () => {
    const samples = ['samples/batch/3501200000_20261125_001.csv', 'samples/draft/draft.csv'].map((f) => readFileSync(join(__dirname, '..', '..', '..', f), 'utf8'));
    const letters = exampleLine({ 1: 'ABCDEFGHIJ', 5: 'AA', 6: 'HVIT', 13: 'HNJ', 16: 'A' });
    const model = parseCsv(validCsv(2000) + samples.join('') + [letters, exampleLine({ 1: '', 2: '' }), exampleLine({ 1: '0', 2: '1', 3: '2' })].join('\n') + '\n');
    for (const row of model.rows) assert.ok(!isHeaderRow(row), row.text);
    assert.ok(isHeaderRow(parseCsv(FIELDS_HEADER).rows[0]));
  });

  it('an end-of-file mark is no data row: the rows before it still make a tab-separated file, and a file of only the mark is empty', () => {
    const tabs = exampleLine().split(',').join('\t') + '\n';
    for (const text of [tabs, tabs + '\u001a']) assert.ok(ids(validateText(text, opts()).findings).includes('FILE-separator'), JSON.stringify(text));
    assert.deepEqual(ids(problems(validateText('\u001a', opts()).findings)).sort(), ['FILE-empty', 'FILE-eof-mark']);
  });

  it('rows behind a row index (pandas): the rules across rows read their fields where the row\'s own checks do, with no false archive or visit findings', () => {
    const plain = [0, 1, 2].map((i) => validLine(i));
    const indexed = plain.map((line, i) => `${i},${line}`).join('\n') + '\n';
    const o = opts({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME });
    assert.deepEqual(ids(problems(validateText(plain.join('\n') + '\n', o).findings)), []);
    assert.deepEqual(ids(problems(validateText(indexed, o).findings)), ['ROW-index', 'ROW-index', 'ROW-index']);
  });

  it('a row index before a hospital code that lost its leading zero (pandas read the code as a number): both named, fix-all restores the row', () => {
    const hospital = '0401180014';
    const rows = [0, 1, 2].map((i) => validRow(i).map((v) => v.split(FIXTURE_HOSPITAL).join(hospital)));
    const plain = rows.map((r) => r.join(',')).join('\n') + '\n';
    const indexed = rows.map((r, i) => `${i},${[r[0].slice(1), ...r.slice(1)].join(',')}`).join('\n') + '\n';
    const o = opts({ now: FIXTURE_NOW, fileName: `${hospital}_20251125_001.csv` });
    assert.deepEqual(ids(problems(validateText(plain, o).findings)), []);
    const found = problems(validateText(indexed, o).findings);
    assert.deepEqual(ids(found), ['ROW-index', 'F01-format', 'ROW-index', 'F01-format', 'ROW-index', 'F01-format']);
    assert.match(found[1].message.en, /401180014 .*dropped its leading zeros, it is 0401180014/);
    assert.equal(fixText(indexed, o).text, plain);
  });

  it('BOM: a warning with a fix removing it', () => {
    const text = '\uFEFF' + exampleText({});
    const f = only(text, 'FILE-bom');
    assert.equal(f.severity, 'warning');
    assert.equal(applyEdits(text, f.fixes![0].edits), exampleText({}));
  });

  it('rows of only commas or spaces: one ROW-empty warning each, with a fix deleting the line, and nothing else', () => {
    for (const empty of [',,,,,,,,,,,,,,,,', ',,,', ',,,,,,,,,,,,,,,,,,,,', '   ', '\t', ' , ,\u3000,']) {
      const text = exampleText({}) + empty + '\r\n' + empty + '\r\n';
      const found = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(found), ['ROW-empty', 'ROW-empty'], JSON.stringify(empty));
      assert.equal(found[0].severity, 'warning');
      assert.equal(found[0].row, 1);
      assert.equal(applyEdits(text, found[0].fixes![0].edits), exampleText({}) + empty + '\r\n');
      const last = only(exampleText({}) + empty, 'ROW-empty');
      assert.deepEqual(last.fixes![0].edits[0].range.end, last.range.end, 'the last line has no line break to delete');
      assert.equal(applyEdits(exampleText({}) + empty, last.fixes![0].edits), exampleText({}), 'the last line');
    }
    assert.deepEqual(ids(validateRow(parseCsv(',,,,').rows[0], opts())), ['ROW-empty']);
  });

  it('a file of empty rows only has no records: FILE-empty', () => {
    const f = validateText(',,,,,,,,,,,,,,,,\n  \n', opts()).findings;
    assert.deepEqual(ids(problems(f)).sort(), ['FILE-empty', 'ROW-empty', 'ROW-empty']);
    const batch = new BatchValidator(opts());
    for (const row of parseCsv(',,,\n' + exampleLine() + '\n').rows) batch.addRow(row);
    assert.equal(batch.rows, 1);
  });

  it('empty file and blank lines only: FILE-empty', () => {
    only('', 'FILE-empty');
    only('\r\n\n', 'FILE-empty');
  });

  it('file name: a system date later than today (at the reference time, Taiwan) is a warning', () => {
    const at = (fileName: string, now = EXAMPLE_NOW) => validateFileLevel({ fileName, bom: false, rowCount: 1 }, opts({ now }));
    const [f] = at('3501200000_20251126_001.csv');
    assert.equal(f.ruleId, 'FILE-name-date-future');
    assert.equal(f.severity, 'warning');
    assert.match(f.message.en, /system date 20251126 in the file name is later than today \(reference time 2025-11-25/);
    assert.match(f.message['zh-TW'], /系統日期 20251126 晚於今天/);
    assert.deepEqual(ids(at('3501200000_20251125_001.csv')), [], 'today');
    assert.deepEqual(ids(at('3501200000_20171101_001.csv')), [], 'a file made earlier');
    // 2025-11-25 23:50 Taipei: tomorrow starts within the 15 minutes clocks may differ by.
    assert.deepEqual(ids(at('3501200000_20251126_001.csv', Date.UTC(2025, 10, 25, 15, 50))), []);
    assert.deepEqual(ids(at('3501200000_20251126_001.csv', Date.UTC(2025, 10, 25, 15, 40))), ['FILE-name-date-future']);
  });

  /** The message of the one finding on a file name, FILE-name. */
  const fileNameMessage = (fileName: string) => {
    const found = validateFileLevel({ fileName, bom: false, rowCount: 1 }, opts({ lang: 'en' }));
    assert.deepEqual(ids(found), ['FILE-name'], fileName);
    return found[0].message;
  };

  it('file name: an extension typed twice, the name Windows or a browser gives a copy, an upper-case .CSV: FILE-name says so and gives the name', () => {
    const twice = fileNameMessage('D:\\upload\\3501200000_20251125_001.csv.csv');
    assert.match(twice.en, /: its extension is written twice \(Windows hides the extensions of known file types, so one typed in a new name is added again\): rename it 3501200000_20251125_001\.csv$/);
    assert.match(twice['zh-TW'], /：副檔名重複（Windows 預設隱藏已知檔案類型的副檔名，改名時再打上副檔名就會重複）；請改名為 3501200000_20251125_001\.csv$/);
    for (const copy of ['3501200000_20251125_001 (1).csv', '3501200000_20251125_001 - 複製.csv', '3501200000_20251125_001 - Copy (2).csv', '3501200000_20251125_001 - 複製 (2).csv']) {
      const m = fileNameMessage(copy);
      assert.match(m.en, /: the name of a copy, as Windows or a browser's download names one: rename it 3501200000_20251125_001\.csv, or give it the next sequence number if that name is another batch's$/, copy);
      assert.match(m['zh-TW'], /：這是 Windows 或瀏覽器下載時替副本取的名稱；請改名為 3501200000_20251125_001\.csv，若此名稱已是另一批次，請改用下一個序號$/, copy);
    }
    const upper = fileNameMessage('3501200000_20251125_001.CSV');
    assert.match(upper.en, /: the extension is \.csv in lower case: rename it 3501200000_20251125_001\.csv$/);
    assert.match(upper['zh-TW'], /：副檔名須為小寫的 \.csv；請改名為 3501200000_20251125_001\.csv$/);
    assert.match(fileNameMessage('batch 1.csv').en, /e\.g\. 3501200000_20171101_001\.csv$/);
  });

  it('file name (四、(二)1.(1)C): a ROC system date or parts not separated by underscores are said to be that, with the name meant', () => {
    const roc = fileNameMessage('3501200000_1141125_001.csv');
    assert.match(roc.en, /: the system date is written as the ROC date 1141125; the file name's is Gregorian, 8 digits: rename it 3501200000_20251125_001\.csv$/);
    assert.match(roc['zh-TW'], /：系統日期寫成了民國 1141125；檔名的系統日期為西元年月日 8 碼：請改名為 3501200000_20251125_001\.csv$/);
    for (const name of ['3501200000-20251125-001.csv', '3501200000 20251125 001.csv', '3501200000.20251125-001.csv']) {
      const m = fileNameMessage(name);
      assert.match(m.en, /: its parts are separated by underscores _: rename it 3501200000_20251125_001\.csv$/, name);
      assert.match(m['zh-TW'], /：各部分之間須以底線 _ 分隔；請改名為 3501200000_20251125_001\.csv$/, name);
    }
    // Seven digits that are no ROC date, and parts that would still not make a name, get the pattern and its example.
    for (const name of ['3501200000_1141131_001.csv', '3501200000-20251125-01.csv']) assert.match(fileNameMessage(name).en, /e\.g\. 3501200000_20171101_001\.csv$/, name);
  });

  it('file name: pattern, real date, hospital of every row', () => {
    assert.deepEqual(ids(validateFileLevel({ fileName: 'C:\\batches\\3501200000_20240229_000123.csv', bom: false, rowCount: 1 }, opts())), []);
    assert.deepEqual(ids(validateFileLevel({ fileName: '3501200000_20250229_001.csv', bom: false, rowCount: 1 }, opts())), ['FILE-name-date']);
    // A real date before ROC 1 is not called a date that does not exist.
    const early = validateFileLevel({ fileName: '3501200000_19000101_001.csv', bom: false, rowCount: 1 }, opts());
    assert.deepEqual(ids(early), ['FILE-name-date']);
    assert.match(early[0].message.en, /19000101 in the file name is before 1912/);
    assert.match(early[0].message['zh-TW'], /19000101 早於民國元年/);
    assert.match(validateFileLevel({ fileName: '3501200000_20250229_001.csv', bom: false, rowCount: 1 }, opts())[0].message.en, /not a real Gregorian date/);
    for (const bad of ['3501200000_20251125_01.csv', '3501200000_20251125_1234567.csv', '3501200000-20251125-001.csv', '3501200000_20251125_001.CSV', '醫院_20251125_001.csv']) {
      assert.deepEqual(ids(validateFileLevel({ fileName: bad, bom: false, rowCount: 1 }, opts())), ['FILE-name'], bad);
    }
    const text = exampleText({}, { 1: '3501299999', 14: 'DCF3501299999_C00000000002.7z' });
    assert.equal(only(text, 'FILE-hospital', { fileName: 'D:\\upload\\' + EXAMPLE_FILE_NAME }).row, 1);
    const f = only(text, 'FILE-hospital');
    assert.equal(f.row, 1);
    assert.equal(f.field, 1);
    assert.deepEqual(ids(problems(validateText(exampleText({}), opts({ fileName: undefined })).findings)), []);
  });

  it('CSV syntax problems become CSV-syntax errors on the row', () => {
    const f = only(exampleLine({ 2: '1"2' }) + '\n', 'CSV-syntax');
    assert.equal(f.row, 0);
  });
});

describe('validateText: fields against each other', () => {
  it('newborn fields go together; the finding sits on the empty one', () => {
    const f = only(exampleText({ 15: '1141120' }), 'X15-newborn-pair');
    assert.equal(f.field, 16);
    assert.deepEqual(problems(validateText(exampleText({ 15: '1141120', 16: 'b' }), opts()).findings), []);
  });

  it('birth, newborn and received times are compared with the exam time', () => {
    assert.deepEqual(problems(validateText(exampleText({ 9: '1141125' }), opts()).findings), [], 'born the day of the exam is fine');
    only(exampleText({ 9: '1141126' }), 'X09-birth-after-exam');
    only(exampleText({ 17: '11411250944' }), 'X17-before-exam');
    assert.deepEqual(problems(validateText(exampleText({ 17: '11411250945' }), opts()).findings), []);
  });

  it('card swiped after the exam: a warning with flag 1, nothing with flag 2', () => {
    assert.equal(only(exampleText({ 4: '1141125094600' }), 'X04-card-after-exam').severity, 'warning');
    assert.deepEqual(problems(validateText(exampleText({ 4: '1141125094559' }), opts()).findings), [], 'same minute is not later');
    assert.deepEqual(problems(validateText(exampleText({ 4: '1141125100000', 7: '2' }), opts()).findings), []);
  });

  it('card swiped after an exam without a recorded time (HHMM 0000, 表二 序號12 三): only a later day counts', () => {
    const referred = { 12: '11411250000', 17: '11411251100' };
    assert.deepEqual(problems(validateText(exampleText({ ...referred, 4: '1141125083000' }), opts()).findings), []);
    only(exampleText({ ...referred, 4: '1141126083000' }), 'X04-card-after-exam');
  });

  it('preventive care (visit type AC) takes an IC visit serial, not a serial number (表二 序號6 三)', () => {
    const f = only(exampleText({ 5: 'AC' }), 'X06-preventive-care-serial');
    assert.equal(f.field, 6);
    assert.equal(f.severity, 'warning');
    assert.match(f.message.en, /visit type AC .* serial number 0001/);
    for (const serial of ['IC21', 'A001', 'Z000', 'HVIT']) {
      assert.deepEqual(problems(validateText(exampleText({ 5: 'AC', 6: serial }), opts()).findings), [], serial);
    }
    assert.deepEqual(problems(validateText(exampleText({ 5: 'AE', 6: '0001' }), opts()).findings), [], 'other visit types keep their serial numbers');
    assert.deepEqual(ids(problems(validateText(exampleText({ 5: 'AC', 6: '0000' }), opts()).findings)), ['F06-visit-serial'], 'a malformed serial is its own finding');
  });

  it('body site per order family', () => {
    assert.deepEqual(problems(validateText(exampleText({ 13: 'NJBD' }), opts()).findings), []);
    only(exampleText({ 13: '' }), 'X13-body-site-required');
    only(exampleText({ 10: '34004C', 13: '' }), 'X13-body-site-required');
    assert.deepEqual(problems(validateText(exampleText({ 10: '34004C', 13: '1121FM5599' }), opts()).findings), []);
    // pandas' read_csv reads the CT/MRI site NA (cervical spine and neck) as no value, and to_csv writes it back empty.
    const empty = only(exampleText({ 13: '' }), 'X13-body-site-required');
    assert.match(empty.message.en, /needs a body site \(field 13\); if pandas read the file, it took the site NA \(cervical spine and neck\) for no value and wrote it empty/);
    assert.match(empty.message['zh-TW'], /pandas.*NA/);
    assert.doesNotMatch(only(exampleText({ 10: '34004C', 13: '' }), 'X13-body-site-required').message.en, /pandas/, 'no NA among dental codes');
    only(exampleText({ 10: '34004C', 13: '19' }), 'X13-body-site-code');
    only(exampleText({ 10: '34004C', 13: '112' }), 'X13-body-site-code');
    only(exampleText({ 10: '34004C', 13: '11'.repeat(10) }), 'X13-dental-count');
    assert.equal(only(exampleText({ 10: '32001C', 13: 'U' }), 'X13-body-site-not-allowed').severity, 'warning');
    assert.deepEqual(problems(validateText(exampleText({ 10: '32001C', 13: '' }), opts()).findings), []);
  });

  it('ATT only for the JPG orders; .CAB names are 30 characters, .7z 29', () => {
    only(exampleText({ 14: 'ATT3501200000_C00000000001.7z' }), 'X14-att-order');
    assert.deepEqual(problems(validateText(exampleText({ 10: '32001C', 13: '', 14: 'ATT3501200000_C00000000001.CAB' }), opts()).findings), []);
    const f = only(exampleText({ 14: 'DCF3501200000_C0000000001.7z' }), 'F14-pattern');
    assert.match(f.message.en, /12 letters or digits/);
  });

  it('draft paths in field 14 are information and skip the archive-name rules', () => {
    assert.ok(isDraftPath('./row1') && isDraftPath('images\\ct1') && !isDraftPath('DCF3501200000_C00000000001.7z'));
    const found = validateText(exampleText({ 14: 'images/ct1' }) + exampleLine({ 11: '2', 14: 'images/ct1' }), opts()).findings;
    assert.deepEqual(ids(problems(found)), []);
    assert.equal(found.filter((f) => f.ruleId === 'DRAFT-path').length, 2);
    assert.equal(found.find((f) => f.ruleId === 'DRAFT-path')!.severity, 'information');
  });

  it('in an upload CSV (its first filled field 14 names an archive), an image folder in field 14 is F14-pattern, not a draft path', () => {
    // Uploaded as it is, the NHI would reject the row; built, the rows naming archives would be refused: no tool takes the file.
    const text = exampleText({}) + exampleLine({ 6: '0002', 14: './ct2' });
    const found = validateText(text, opts({ lang: 'en' })).findings.filter((f) => f.field === 14);
    assert.deepEqual(found.map((f) => [f.row, f.ruleId, f.severity]), [[1, 'F14-pattern', 'error']]);
    assert.match(found[0].message.en, /^archive name \(field 14\) \.\/ct2 is the path of an image folder, but the file is an upload CSV, whose rows name their archives \(a draft for Build names a folder on every row\); expected /);
    assert.match(validateText(text, opts({ lang: 'zh-TW' })).findings.find((f) => f.field === 14)!.message['zh-TW'], /\.\/ct2 是影像資料夾的路徑，但此檔是上傳文字檔，各列填壓縮檔名（供建置的草稿每列都填資料夾）/);
    // A draft (its first filled field 14 a folder) keeps its paths as information, as before.
    const draft = exampleText({ 14: './ct1' }) + exampleLine({ 6: '0002', 14: './ct2' });
    assert.deepEqual(validateText(draft, opts()).findings.filter((f) => f.field === 14).map((f) => f.ruleId), ['DRAFT-path', 'DRAFT-path']);
  });

  it('in a draft (its first filled field 14 names a folder), an archive name in field 14 is F14-pattern: Build refuses that row', () => {
    const text = exampleText({ 14: './ct1' }) + exampleLine({ 6: '0002', 14: 'DCF3501200000_C00000000002.7z' });
    const found = validateText(text, opts({ lang: 'en' })).findings.filter((f) => f.field === 14);
    assert.deepEqual(found.map((f) => [f.row, f.ruleId, f.severity]), [[0, 'DRAFT-path', 'information'], [1, 'F14-pattern', 'error']]);
    assert.equal(found[1].message.en, "field 14 DCF3501200000_C00000000002.7z is an archive name, but the file is a draft for Build, whose rows name their image folders (an upload CSV names an archive on every row): write the path of the row's images, e.g. ./row1");
    assert.equal(validateText(text, opts({ lang: 'zh-TW' })).findings.filter((f) => f.field === 14)[1].message['zh-TW'], '序號14 的 DCF3501200000_C00000000002.7z 是壓縮檔名，但此檔是供建置的草稿，各列填影像資料夾（上傳文字檔才每列都填壓縮檔名）：請填該列影像的路徑，例如 ./row1');
    // The path of an archive: the same, with no quick fix to the name alone, which the draft would refuse again.
    const path = exampleText({ 14: './ct1' }) + exampleLine({ 6: '0002', 14: 'D:\\NHI\\DCF3501200000_C00000000002.7z' });
    const pathFound = validateText(path, opts({ lang: 'en' })).findings.filter((f) => f.field === 14 && f.row === 1);
    assert.deepEqual(pathFound.map((f) => [f.ruleId, f.message.en, f.fixes]), [['F14-pattern', "field 14 D:\\NHI\\DCF3501200000_C00000000002.7z is the path of an archive, but the file is a draft for Build, whose rows name their image folders (an upload CSV names an archive on every row): write the path of the row's images, e.g. ./row1", undefined]]);
    // An upload CSV whose first filled field 14 is '.' is an upload CSV all the same (the row naming an archive decides):
    // the '.' row is not passed silently.
    const dot = exampleText({ 14: '.' }) + exampleLine({ 6: '0002', 14: 'DCF3501200000_C00000000002.7z' });
    assert.deepEqual(validateText(dot, opts()).findings.filter((f) => f.severity === 'error' && f.field === 14).map((f) => [f.row, f.ruleId]), [[0, 'F14-pattern']]);
  });

  it('draft paths may hold Chinese, spaces and full-width characters: never uploaded, never "fixed"', () => {
    for (const path of ['./CT 影像', '影像\\ＣＴ　１', '"./腹部 超音波"']) {
      const found = validateText(exampleText({ 14: path }), opts()).findings;
      // In quotes too (Explorer's "Copy as path"; a path holding a comma needs them): Build replaces the whole cell.
      assert.deepEqual(ids(problems(found)), [], path);
      assert.deepEqual(found.filter((f) => f.field === 14).map((f) => [f.ruleId, f.fixes]), [['DRAFT-path', undefined]], path);
    }
    const cells = exampleText({ 14: './CT 影像' }).trimEnd().split(',');
    assert.match(describeCell(cells, 14, 'en').decoded[0], /^draft: the path of the row's image folder/);
    assert.deepEqual(completionsFor(cells, 14, 'en', EXAMPLE_NOW), [], 'no archive name offered over a draft path');
    assert.equal(completionsFor(exampleText({ 14: '' }).trimEnd().split(','), 14, 'en', EXAMPLE_NOW).length, 2);
  });

  it('visit types NHI added later are accepted; abnormal and IC serials too', () => {
    const patches: Record<number, string>[] = [{ 5: '09' }, { 5: 'EA' }, { 6: 'A011' }, { 6: 'IC02' }, { 6: 'HVIT' }, { 6: 'F00B' }];
    for (const patch of patches) {
      assert.deepEqual(problems(validateText(exampleText(patch), opts()).findings), [], JSON.stringify(patch));
    }
    only(exampleText({ 6: '0000' }), 'F06-visit-serial');
    only(exampleText({ 6: 'A002' }), 'F06-visit-serial');
  });
});

describe('options', () => {
  it('severity overrides change the severity; off removes the finding', () => {
    const text = exampleText({ 8: 'A123456780' });
    assert.equal(only(text, 'F08-checksum', { severities: { 'F08-checksum': 'error' } }).severity, 'error');
    const off = validateText(text, opts({ severities: { 'F08-checksum': 'off' } })).findings;
    assert.ok(!off.some((f) => f.ruleId === 'F08-checksum'));
  });
});

describe('wording of particular cases', () => {
  it('field 3 has no years before ROC 1, unlike the dates', () => {
    assert.match(only(exampleText({ 3: '-0501' }), 'F03-format').message.en, /cannot be a year before ROC 1/);
  });

  it('a value of spaces only says so, and its fix empties the field', () => {
    const f = only(exampleText({ 15: '  ' }), 'F-spaces');
    assert.match(f.message.en, /is only spaces; a field without a value is left empty/);
    assert.match(f.message['zh-TW'], /只有空白/);
    assert.equal(f.fixes?.[0].edits[0].newText, '');
  });

  it('a file separated by semicolons, tabs or full-width commas (a Chinese input method): one FILE-separator, one short ROW-columns a row with a fix to commas', () => {
    for (const [sep, word] of [[';', /semicolons/], ['\t', /tabs/], ['\uff0c', /full-width commas \(，\)/]] as const) {
      const second = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
      const text = [exampleLine(), second].map((l) => l.split(',').join(sep)).join('\n') + '\n';
      const all = problems(validateText(text, opts()).findings);
      assert.deepEqual(ids(all), ['FILE-separator', 'ROW-columns', 'ROW-columns'], JSON.stringify(all.map((f) => f.message.en)));
      assert.match(all[0].message.en, word);
      assert.match(all[0].message.en, /the whole file separates its fields by .*save from a spreadsheet as CSV, comma delimited/);
      assert.match(all[1].message.en, /this row has 1 field instead of 17: its fields are separated by .*, not commas$/);
      assert.equal(all[1].fixes![0].kind, 'comma-separate');
      assert.equal(applyEdits(text, [...all[1].fixes![0].edits, ...all[2].fixes![0].edits]), exampleLine() + '\n' + second + '\n');
    }
  });

  it('a row written as one quoted value (the fields joined with commas into one text column): one ROW-columns, whose fix removes the outer quotes', () => {
    const second = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
    const text = `"${exampleLine()}"\r\n"${second}"\r\n`;
    const all = problems(validateText(text, opts()).findings);
    assert.deepEqual(all.map((f) => `${f.ruleId}@${f.row}`), ['ROW-columns@0', 'ROW-columns@1']);
    assert.equal(all[0].message.en, 'this row has 1 field instead of 17: the whole row is one value in quotes, its fields inside them (an export that joined the fields with commas into one text column, quoted for its commas)');
    assert.match(all[0].message['zh-TW'], /整列是一個加了引號的值/);
    assert.equal(fixText(text, opts()).text, `${exampleLine()}\r\n${second}\r\n`);
    // A quote inside: the fix would leave it in a field, so there is none.
    assert.equal(only(`"${exampleLine({ 13: 'H""' })}"\n`, 'ROW-columns').fixes, undefined);
  });

  it('a record with a Chinese value (a care category written as its name), separated otherwise or written as one quoted value, is that record: not a note, not a header', () => {
    const first = exampleLine({ 2: '門診西醫醫院' });
    const second = exampleLine({ 2: '門診西醫醫院', 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
    for (const sep of [';', '\t', '\uff0c']) {
      const text = [first, second].map((l) => l.split(',').join(sep)).join('\n') + '\n';
      const all = problems(validateText(text, opts()).findings);
      assert.deepEqual(all.map((f) => `${f.ruleId}@${f.row}`), ['FILE-separator@null', 'ROW-columns@0', 'ROW-columns@1'], JSON.stringify(sep));
      assert.equal(applyEdits(text, [...all[1].fixes![0].edits, ...all[2].fixes![0].edits]), `${first}\n${second}\n`);
    }
    const quoted = `"${first}"\r\n"${second}"\r\n`;
    const all = problems(validateText(quoted, opts()).findings);
    assert.deepEqual(all.map((f) => `${f.ruleId}@${f.row}`), ['ROW-columns@0', 'ROW-columns@1']);
    assert.equal(applyEdits(quoted, [...all[0].fixes![0].edits, ...all[1].fixes![0].edits]), `${first}\r\n${second}\r\n`);
    // A long note punctuated with full-width commas is words, not fields.
    const note = `備註：${Array.from({ length: 17 }, (_, i) => `第${i + 1}筆待補`).join('，')}`;
    assert.deepEqual(problems(validateText(`${exampleText({})}${note}\r\n`, opts()).findings).map((f) => `${f.ruleId}@${f.row}`), ['ROW-note@1']);
  });

  it('a semicolon row among comma rows, or one holding a quote: no FILE-separator, no fix for the quoted row', () => {
    const mixed = exampleText({}, { 11: '2', 14: 'DCF3501200000_C00000000002.7z' }).split('\n');
    mixed[1] = mixed[1].split(',').join(';');
    assert.deepEqual(ids(problems(validateText(mixed.join('\n'), opts()).findings)), ['ROW-columns']);
    const quoted = exampleLine({ 10: '"33070B"' }).split(',').join(';') + '\n';
    const f = validateText(quoted, opts()).findings;
    assert.deepEqual(ids(problems(f)).filter((id) => id !== 'CSV-syntax'), ['FILE-separator', 'ROW-columns']);
    assert.equal(f.find((x) => x.ruleId === 'ROW-columns')!.fixes, undefined);
  });

  it('invisible characters in a value are spelled out in messages (NEL, line separator, zero width space)', () => {
    const f = only(exampleText({ 10: '33070B\u2028' }), 'F-chars');
    assert.match(f.message.en, /\\u2028/);
    assert.match(only(exampleText({ 10: '3307\u00850B' }), 'F-chars').message.en, /\\u0085/);
  });

  it('a DOS end-of-file mark (Ctrl-Z) after the last row is one warning with a fix that removes it', () => {
    const text = exampleText({}) + '\u001a';
    const f = only(text, 'FILE-eof-mark');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(problems(validateText(text, opts()).findings).map((x) => x.ruleId), ['FILE-eof-mark']);
    const fixed = applyEdits(text, f.fixes![0].edits);
    assert.deepEqual(problems(validateText(fixed, opts()).findings), []);
  });

  it('a DOS end-of-file mark right after the last row, with no line break before it (old tools, Notepad), is that warning on the mark; the row is checked without it', () => {
    const text = exampleText({}).replace(/\r?\n$/, '') + '\u001a';
    assert.ok(!text.endsWith('\n\u001a'), 'no line break before the mark');
    const f = only(text, 'FILE-eof-mark');
    const lastLine = text.split('\n').length - 1;
    const markAt = text.length - text.lastIndexOf('\n') - 2;
    assert.deepEqual(f.range, { start: { line: lastLine, character: markAt }, end: { line: lastLine, character: markAt + 1 } });
    assert.deepEqual(problems(validateText(text, opts()).findings).map((x) => x.ruleId), ['FILE-eof-mark']);
    const fixed = applyEdits(text, f.fixes![0].edits);
    assert.equal(fixed, text.slice(0, -1));
    assert.deepEqual(problems(validateText(fixed, opts()).findings), []);
  });

  it('a row of one field says "1 field"', () => {
    assert.match(only('3501200000\n', 'ROW-columns').message.en, /this row has 1 field instead of 17/);
  });
});

describe('deadline', () => {
  it('exam + 24 h, as information relative to now', () => {
    const f = only(exampleText({}), 'DEADLINE');
    assert.equal(f.severity, 'information');
    assert.equal(f.field, 12);
    assert.equal(f.message['zh-TW'], '上傳獎勵期限 2025-11-26 09:45（週三）（實際檢查後 24 小時），尚餘 21 小時 45 分鐘');
    assert.equal(f.message.en, 'incentive deadline 2025-11-26 09:45 (Wed) (24 h after the exam), 21 h 45 min left');
    const late = only(exampleText({}), 'DEADLINE-missed', { now: EXAMPLE_NOW + 2 * 86_400_000 });
    assert.match(late.message.en, /passed 1 d? ?.*ago|passed .* ago/);
  });

  it('replacement card swiped after the exam: field 4 + 24 h; referral: field 17 + 24 h', () => {
    const rep = rowDeadline(exampleLine({ 4: '1141125120000', 7: '2' }).split(','))!;
    assert.equal(rep.basis, 'replacement-card');
    assert.equal(rep.field, 4);
    assert.equal(new Date(rep.deadline).toISOString(), '2025-11-26T04:00:00.000Z');
    const notLater = rowDeadline(exampleLine({ 4: '1141125090000', 7: '2' }).split(','))!;
    assert.equal(notLater.basis, 'exam');
    const ref = rowDeadline(parseCsv(exampleLine({ 17: '11411261000' })).rows[0])!;
    assert.equal(ref.basis, 'referral');
    assert.equal(new Date(ref.deadline).toISOString(), '2025-11-27T02:00:00.000Z');
    assert.equal(rowDeadline(exampleLine({ 12: 'x' }).split(',')), undefined);
    const f = only(exampleText({ 17: '11411261000' }), 'DEADLINE');
    assert.equal(f.field, 17);
  });

  it('any qualifying window counts (四、(一) 「亦符合」): the latest one is the deadline', () => {
    // Referred images received at 10:00 the day after; the replacement card swiped a day later still.
    const both = rowDeadline(exampleLine({ 4: '1141127090000', 7: '2', 17: '11411261000' }).split(','))!;
    assert.equal(both.basis, 'replacement-card');
    assert.equal(new Date(both.deadline).toISOString(), '2025-11-28T01:00:00.000Z');
    const referralLater = rowDeadline(exampleLine({ 4: '1141125120000', 7: '2', 17: '11411261000' }).split(','))!;
    assert.equal(referralLater.basis, 'referral');
    assert.equal(new Date(referralLater.deadline).toISOString(), '2025-11-27T02:00:00.000Z');
  });

  it('a field 17 before the exam (X17) opens no window: the exam\'s deadline stands', () => {
    const d = rowDeadline(exampleLine({ 17: '11411240800' }).split(','))!;
    assert.equal(d.basis, 'exam');
    assert.equal(d.field, 12);
    assert.equal(only(exampleText({ 17: '11411240800' }), 'DEADLINE').field, 12);
  });
});

describe('cross-row rules', () => {
  it('report serials: duplicates, gaps, a lone serial 2', () => {
    const A2 = 'DCF3501200000_C00000000002.7z';
    const A3 = 'DCF3501200000_C00000000003.7z';
    assert.deepEqual(problems(validateText(exampleText({}, { 11: '2', 14: A2 }, { 11: '3', 14: A3 }), opts()).findings), []);
    const dup = only(exampleText({}, { 11: '1', 14: A2 }), 'R11-report-serial-dup');
    assert.equal(dup.row, 1);
    const gap = only(exampleText({}, { 11: '3', 14: A2 }, { 11: '4', 14: A3 }), 'R11-report-serial-gap');
    assert.equal(gap.row, 1);
    assert.match(gap.message.en, /1, 3, 4, missing 2/);
    const start = only(exampleText({ 11: '2' }), 'R11-report-serial-start');
    assert.equal(start.severity, 'warning');
    assert.match(start.message.en, /^the report serial \(field 11\) of this visit is 2; serial 1 is not in this file: fine if uploaded in an earlier batch/);
    const from3 = only(exampleText({ 11: '3' }, { 11: '4', 14: A2 }), 'R11-report-serial-start').message;
    assert.match(from3['zh-TW'], /由 3 起（3, 4），本檔沒有序號 1-2/);
    assert.match(from3.en, /start at 3 \(3, 4\); serials 1-2 are not in this file/);
    assert.match(only(exampleText({ 11: '2' }, { 11: '4', 14: A2 }), 'R11-report-serial-gap').message.en, /2, 4, missing 1, 3/);
    // Another visit (different card time) numbers from 1 again.
    assert.deepEqual(problems(validateText(exampleText({}, { 4: '1141125093016', 14: A2 }), opts()).findings), []);
  });

  it('one case number on two different archives (四、(二)1.(2)E(c)): class, extension or letter case aside', () => {
    for (const other of ['DCF3501200000_C00000000001.CAB', 'ATT3501200000_C00000000001.7z']) {
      const f = only(exampleText({}, { 11: '2', 14: other }), 'R14-case-number-reused');
      assert.equal(f.row, 1);
      assert.equal(f.severity, 'error');
      assert.match(f.message.en, /already used on line 1 by another archive/);
    }
    const caseOnly = only(exampleText({}, { 11: '2', 14: 'DCF3501200000_c00000000001.7z' }), 'R14-case-number-reused');
    assert.equal(caseOnly.message.en, 'this archive name (field 14) differs from the one on line 1 only in letter case: Windows, where archives are stored and unpacked, takes them for one file, and no two archives share a case number');
    assert.equal(caseOnly.message['zh-TW'], '此影像壓縮檔名稱與第 1 行的影像壓縮檔名稱只差在英文字母大小寫：存放與解壓縮壓縮檔的 Windows 不分檔名大小寫，會把兩者當成同一個檔；每個壓縮檔的案件編號不可重複');
    const classAndCase = only(exampleText({}, { 11: '2', 14: 'DCF3501200000_c00000000001.CAB' }), 'R14-case-number-reused');
    assert.match(classAndCase.message.en, /already used on line 1 by another archive \(the file class, extension or letter case differ\)/);
    const att = only(exampleText({ 10: '32001C', 13: '', 14: 'ATT3501200000_C00000000001.7z' }, { 11: '2', 14: 'DCF3501200000_C00000000001.7z' }), 'R14-case-number-reused');
    assert.equal(att.field, 14);
    // The same name twice stays the reused-archive rule; another case number is fine.
    only(exampleText({}, { 11: '2' }), 'R14-archive-reused');
    assert.deepEqual(problems(validateText(exampleText({}, { 11: '2', 14: 'DCF3501200000_C00000000002.CAB' }), opts()).findings), []);
  });

  it('rows spanning lines keep exact ranges in the index', () => {
    const second = exampleLine({ 2: '"1\n2"', 14: 'DCF3501200000_C00000000002.7z' });
    const text = exampleLine() + '\n' + second + '\n';
    const f = validateText(text, opts()).findings.find((x) => x.ruleId === 'R11-report-serial-dup')!;
    const cell = parseCsv(text).rows[1].cells[10];
    assert.equal(cell.range.start.line, 2);
    assert.deepEqual(f.range, cell.range);
  });

  it('shared archives: error across orders, warning within one order; duplicate rows once', () => {
    assert.equal(only(exampleText({}, { 10: '33071B', 11: '2' }), 'R14-archive-reused-order').severity, 'error');
    assert.equal(only(exampleText({}, { 11: '2' }), 'R14-archive-reused').severity, 'warning');
    const dupRows = problems(validateText(exampleText({}, {}), opts()).findings);
    assert.deepEqual(ids(dupRows), ['R-duplicate-row']);
    assert.equal(dupRows[0].row, 1);
  });

  it('the index follows adds and removes to the same result as a full validation', () => {
    const o = opts({ fileName: FIXTURE_FILE_NAME });
    const text = validCsv(60) + validLine(10) + '\n' + validLine(21).replace(',2,', ',3,') + '\n';
    const full = validateText(text, o).findings.filter((f) => f.ruleId.startsWith('R'));
    assert.ok(full.length >= 2);
    const rows = parseCsv(text).rows;
    const index = new CrossRowIndex();
    for (const r of [...rows].reverse()) index.add(r);
    for (const r of rows.slice(0, 30)) index.remove(r);
    for (const r of rows.slice(0, 30)) index.add(r);
    assert.deepEqual(index.findings(o), full);
    for (const r of rows) index.remove(r);
    assert.equal(index.size, 0);
    assert.deepEqual(index.findings(o), []);
  });

  it('validateText with keep gives the full list filtered, in its order', () => {
    const o = opts({ fileName: FIXTURE_FILE_NAME });
    const text = '\uFEFF' + validCsv(200) + validLine(10) + '\n' + exampleLine({ 9: '1999' }) + '\n' + validLine(21).replace(',2,', ',3,') + '\n';
    const keep = (f: Finding) => !!f.fixes?.length;
    const full = validateText(text, o).findings;
    const kept = validateText(text, o, keep).findings;
    assert.ok(kept.length > 0 && kept.length < full.length);
    assert.deepEqual(kept, full.filter(keep));
  });

  it('takeFindings gives what findings gives, keeps none of them, and a later findings call computes them again', () => {
    const o = opts({ fileName: FIXTURE_FILE_NAME });
    const text = validCsv(60) + validLine(10) + '\n' + validLine(21).replace(',2,', ',3,') + '\n';
    const rows = parseCsv(text).rows;
    const index = new CrossRowIndex({ trackRows: false });
    for (const r of rows) index.add(r);
    const full = index.findings(o);
    assert.ok(full.length >= 2);
    const taken = index.takeFindings(o);
    assert.deepEqual(taken, full);
    const again = index.findings(o);
    assert.deepEqual(again, full);
    assert.notEqual(again[0], taken[0], 'computed afresh, not kept');
  });

  it('streaming through BatchValidator gives what validateText gives', () => {
    const text = '\uFEFF' + validCsv(500) + validLine(3) + '\n' + exampleLine({ 9: '1999' }) + '\n';
    const o = opts({ fileName: FIXTURE_FILE_NAME });
    const model = parseCsv(text);
    const batch = new BatchValidator(o, { streaming: true });
    const streamed: Finding[] = [];
    for (const row of model.rows) streamed.push(...batch.addRow(row));
    streamed.push(...batch.finish({ bom: model.bom, lineCount: model.lineCount }));
    const key = (f: Finding) => `${f.row}|${f.ruleId}|${JSON.stringify(f.range)}|${f.message.en}`;
    assert.deepEqual(streamed.map(key).sort(), validateText(text, o).findings.map(key).sort());
  });
});

describe('validateRow', () => {
  it('is a pure function of the row', () => {
    const row = parseCsv(exampleLine({ 9: '19860312' })).rows[0];
    const a = validateRow(row, opts());
    const b = validateRow(row, opts());
    assert.deepEqual(a, b);
    assert.ok(a.some((f) => f.ruleId === 'F09-format'));
  });
});

const FIELDS_HEADER = '醫事機構代碼,醫事類別,執行年月,健保卡刷卡日期時間,就醫類別,就醫序號,補卡註記,身分證統一編號,出生日期,醫令代碼,報告序號,實際檢查日期時間,診療部位,影像壓縮檔名稱,依附就醫新生兒出生日期,依附就醫新生兒胞胎註記,實際收到影像日期時間';
