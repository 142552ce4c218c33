import assert from 'node:assert/strict';
import { Smallest } from '../../../server/src/lsp/smallest';

describe('Smallest: the k smallest values offered', () => {
  const less = (a: number, b: number) => a < b;
  const of = (k: number, values: number[]) => {
    const s = new Smallest(k, less);
    for (const v of values) s.offer(v);
    return s.sorted();
  };

  it('keeps the k smallest in order, whatever the order offered', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    assert.deepEqual(of(5, values), [0, 1, 2, 3, 4]);
    assert.deepEqual(of(3, [...values].reverse()), [0, 1, 2]);
    assert.deepEqual(of(4, [5, 5, 1, 9, 1]), [1, 1, 5, 5]);
  });

  it('keeps all of fewer than k, and none for k = 0', () => {
    assert.deepEqual(of(10, [3, 1, 2]), [1, 2, 3]);
    assert.deepEqual(of(0, [3, 1, 2]), []);
  });
});
