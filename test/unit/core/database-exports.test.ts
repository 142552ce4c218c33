import { strict as assert } from 'node:assert';
import { defaultOptions, exampleText, EXAMPLE_FILE_NAME, EXAMPLE_NOW, validateText, type Finding, type ValidationOptions } from '../../../server/src/core/index';
import { combineFixes, fixAllFixes } from '../../../server/src/lsp/fixes';
import { applyEdits } from './edits';

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
});
