// English number agreement: a count's noun (`counted`) and the words that agree with it written apart (`agreeing`).
import { strict as assert } from 'node:assert';
import { agreeing, counted } from '../../../server/src/core/counted';
import { defaultOptions, EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleLine, validateText } from '../../../server/src/core/index';

describe('counted and agreeing', () => {
  it('takes the singular for one alone, the plural for none and for many', () => {
    assert.deepEqual([0, 1, 2, 11].map((n) => `${counted(n, 'file')} ${agreeing(n, 'is', 'are')}`), ['0 files are', '1 file is', '2 files are', '11 files are']);
    assert.equal(counted(1, 'Referenced File ID'), '1 Referenced File ID');
    assert.equal(counted(3, 'more file', 'more files'), '3 more files');
    assert.equal(`${agreeing(1, 'does', 'do')} ${counted(1, 'more element')}`, 'does 1 more element');
  });

  it('a row message agrees with its count both ways: one extra empty field is, two are; one field to add, two fields', () => {
    const columns = (line: string) => {
      const found = validateText(`${line}\r\n`, defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME })).findings.filter((f) => f.ruleId === 'ROW-columns');
      assert.equal(found.length, 1, line);
      return found[0];
    };
    assert.match(columns(`${exampleLine()},`).message.en, /^this row has 18 fields instead of 17 \(1 too many\): the 1 after field 17 is empty, /);
    assert.match(columns(`${exampleLine()},,`).message.en, /^this row has 19 fields instead of 17 \(2 too many\): the 2 after field 17 are empty, /);
    const fields = (line: string) => columns(line).fixes!.map((f) => f.title.en);
    assert.deepEqual(fields(exampleLine().replace(/,$/, '')), ['Add 1 empty field at the end of the row']);
    assert.deepEqual(fields(exampleLine().replace(/,,$/, '')), ['Add 2 empty fields at the end of the row']);
  });
});
