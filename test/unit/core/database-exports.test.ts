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
});
