import assert from 'node:assert/strict';
import { earliest } from '../../../server/src/core/build/finish';

describe('build: the batch\'s earliest incentive deadline', () => {
  it('is the least deadline, none without deadlines, also for more rows than a spread of arguments holds', () => {
    assert.equal(earliest([]), undefined);
    assert.equal(earliest([undefined, undefined]), undefined);
    assert.equal(earliest([5, undefined, 3, 9]), 3);
    const many = Array.from({ length: 300_000 }, (_, i) => 1_800_000_000_000 + ((i * 7919) % 300_000) * 60_000);
    assert.equal(earliest(many), 1_800_000_000_000);
  });
});
