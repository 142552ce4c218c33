/**
 * What document highlights and references read from the core: the rows of a row's visit from the cross-row index
 * (the report serial's group), and the rows whose cell of a column holds a value, nearest first.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CrossRowIndex, parseCsv } from '../../../server/src/core/index';
import { rowsWithValue, fieldOfRows } from '../../../server/src/core/equal-cells';

/** A 17-field row from few values, so that visits often coincide (fields 1, 4, 5, 6, 8, 15, 16 make the visit). */
function rowText(v: readonly number[]): string {
  const f = Array.from({ length: 17 }, (_, i) => `c${i}`);
  [0, 3, 4, 5, 7, 14, 15].forEach((field, k) => (f[field] = v[k] ? String(v[k]) : ''));
  f[10] = String(v[7]);
  return f.join(',');
}

describe('CrossRowIndex.visitRows', () => {
  it('gives the rows of equal fields 1, 4, 5, 6, 8, 15 and 16, whatever the other fields, also after removes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 25 }), fc.array(fc.nat()), (values, removed) => {
        const rows = parseCsv(values.map(rowText).join('\n')).rows;
        const index = new CrossRowIndex();
        const slots = rows.map((r) => index.add(r));
        const gone = new Set(removed.map((n) => n % rows.length));
        for (const i of gone) index.remove(slots[i]);
        const key = (i: number) => values[i].slice(0, 7).join();
        rows.forEach((_, i) => {
          const expected = gone.has(i) ? [] : rows.map((_, j) => j).filter((j) => !gone.has(j) && key(j) === key(i));
          assert.deepEqual(index.visitRows(slots[i]), expected);
        });
      }),
    );
  });
});

describe('rowsWithValue', () => {
  const text = ['A,x,1', 'B,y,1', 'A,"x",2', 'A,xx,3', 'A,x,4', 'H,x,h', 'A,x,5', 'x,A,6'].join('\n');
  const rows = parseCsv(text).rows;
  const all = () => true;

  it('finds the rows whose field holds the value exactly, quoted or not, the row asked about among them', () => {
    assert.deepEqual(rowsWithValue(rows, 0, 2, 'x', all), [0, 2, 4, 5, 6]);
    assert.deepEqual(rowsWithValue(rows, 1, 2, 'y', all), [1]);
    assert.deepEqual(rowsWithValue(rows, 0, 1, 'x', all), [7]);
    assert.deepEqual(rowsWithValue(rows, 0, 2, '', all), []);
  });

  it('leaves out the rows `include` refuses (a header row), and keeps those nearest the row asked about', () => {
    assert.deepEqual(rowsWithValue(rows, 0, 2, 'x', (i) => i !== 5), [0, 2, 4, 6]);
    assert.deepEqual(rowsWithValue(rows, 4, 2, 'x', all, 3), [4, 5, 6], 'one after, then one before: 6 before 2');
    assert.deepEqual(rowsWithValue(rows, 6, 2, 'x', all, 2), [5, 6]);
    assert.deepEqual(rowsWithValue(rows, 0, 2, 'x', all, 2), [0, 2]);
  });

  it('takes field numbers behind a row number an export wrote, as the rules do', () => {
    const indexed = parseCsv('1,3501200000,12\n2,3501200000,13\n').rows;
    assert.deepEqual(fieldOfRows(indexed, [0, 1], 2).map((c) => c.value), ['12', '13']);
    assert.deepEqual(rowsWithValue(indexed, 0, 1, '3501200000', all), [0, 1]);
  });
});
