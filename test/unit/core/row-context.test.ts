/**
 * The row rules keep one context for every row (values, cells, the fields' readings) and reset it for the next:
 * a row's findings must not depend on the row checked before it.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultOptions, parseCsv, validateRow, type Finding } from '../../../server/src/core/index';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validRow } from '../../fixtures/rows';

const options = defaultOptions({ now: FIXTURE_NOW, fileName: FIXTURE_FILE_NAME });

/** Values that make a field fail, read as empty, change the value read, or fill what a valid row leaves empty. */
const VALUES = [
  '', ' ', ' 12 ', '"x"', 'null', 'NaN', '\\N', '1.0', '1.14113E+12', 'ＡＢ', '日本', '0', '2', 'AC', 'IC21', '0000',
  '1140101', '11401011230', '1140101123000', '2025-11-25', '11/25/2025', '1141301', '33070B', '28016C', '34004C', 'H', 'HH', 'FM',
  'a123456789', 'DCF3501200001123456789012.CAB', 'ATT3501200000123456789012.7z', 'C:\\img\\a', '350120000', 'X'.repeat(40), 'B',
];

/** A valid row with some fields replaced, and sometimes a field short or one too many. */
const row = fc.tuple(
  fc.nat({ max: 5000 }),
  fc.array(fc.tuple(fc.nat({ max: 16 }), fc.constantFrom(...VALUES)), { maxLength: 5 }),
  fc.constantFrom('as is', 'short', 'extra', 'indexed'),
).map(([i, changes, shape]) => {
  const values = validRow(i).slice();
  for (const [field, v] of changes) values[field] = v;
  if (shape === 'short') values.pop();
  if (shape === 'extra') values.push('x');
  if (shape === 'indexed') values.unshift('7');
  return values.join(',');
});

/** The findings of the last line of `text`, checked right after the lines before it. */
function lastRowFindings(text: string): unknown {
  const rows = parseCsv(text).rows;
  let last: Finding[] = [];
  for (const r of rows) last = validateRow(r, options);
  return JSON.parse(JSON.stringify(last.map((f) => ({ ...f, row: null }))));
}

describe('row rules: one row does not leak into the next', () => {
  it('a row checked after any other row has the findings it has after a valid row', () => {
    fc.assert(fc.property(row, row, (before, text) => {
      assert.deepEqual(lastRowFindings(`${before}\n${text}`), lastRowFindings(`${validRow(1).join(',')}\n${text}`));
    }), { numRuns: 1500 });
  });
});
