/**
 * Field 14's name is matched character by character (isArchiveName), as the regular expression that states the form
 * (ARCHIVE_NAME) matches it: the same names, and parseArchiveName the same parts.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ARCHIVE_NAME, isArchiveName, parseArchiveName } from '../../../server/src/core/rules/archive-name';

function byExpression(value: string): unknown {
  const m = ARCHIVE_NAME.exec(value);
  return m ? { kind: m[1], hospital: m[2], caseNumber: m[3], extension: m[4] } : undefined;
}

describe('archive names read character by character', () => {
  it('match as ARCHIVE_NAME does, with the same parts', () => {
    const names = [
      'DCF3501200000_123456789012.CAB', 'ATT3501200000_abcdefABCDEF.7z', 'DCF3501200000_123456789012.cab', 'dcf3501200000_123456789012.CAB',
      'DCF3501200000_123456789012.7Z', 'DCF3501200000-123456789012.CAB', 'DCF350120000_0123456789012.CAB', 'DCF3501200000_12345678901.CAB',
      'DCF3501200000_123456789012.CAB\n', 'DCF3501200000_123456789012 .7z', 'DCF35012000０0_123456789012.CAB', 'DCF3501200000_123456789012x7z', '',
    ];
    for (const name of names) {
      assert.equal(isArchiveName(name), ARCHIVE_NAME.test(name), name);
      assert.deepEqual(parseArchiveName(name), byExpression(name), name);
    }
    const odd = fc.constantFrom('_', '.', '-', ' ', '/', '@', '[', '`', '{', ':', '０', '');
    // n letters and digits, at times with one of them another character (or none).
    const alnum = (n: number) =>
      fc.tuple(fc.array(fc.constantFrom('0', '9', 'a', 'z', 'A', 'Z', '5'), { minLength: n, maxLength: n }), fc.option(fc.tuple(fc.nat(n - 1), odd), { freq: 2 }))
        .map(([a, swap]) => (swap ? [...a.slice(0, swap[0]), swap[1], ...a.slice(swap[0] + 1)] : a).join(''));
    let matched = 0;
    const name = fc.tuple(fc.constantFrom('DCF', 'ATT', 'DCF', 'ATT', 'DCG', 'dcf', 'AT'), alnum(10), fc.constantFrom('_', '_', '_', '-', ''), fc.oneof(alnum(12), alnum(12), alnum(11), alnum(13), alnum(14)), fc.constantFrom('.CAB', '.7z', '.CAB', '.7z', '.cab', '.7Z', 'x7z', '.CA', '.CAB ', ''));
    fc.assert(
      fc.property(name, (parts) => {
        const value = parts.join('');
        if (ARCHIVE_NAME.test(value)) matched++;
        assert.equal(isArchiveName(value), ARCHIVE_NAME.test(value), value);
        assert.deepEqual(parseArchiveName(value), byExpression(value), value);
      }),
      { numRuns: 5000 },
    );
    assert.ok(matched > 30, `${matched} of the random names match`);
  });
});
