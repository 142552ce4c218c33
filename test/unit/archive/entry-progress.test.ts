import { strict as assert } from 'node:assert';
import { entryProgress, ENTRY_PROGRESS_MS } from '../../../server/src/core/archive/check-archive';

describe('archive check: entry progress', () => {
  const realNow = Date.now;
  let clock = 0;
  beforeEach(() => {
    clock = 1_000_000;
    Date.now = () => clock;
  });
  afterEach(() => (Date.now = realNow));

  it('reports the first entries and the last at once, and those between at most every ENTRY_PROGRESS_MS', () => {
    const seen: number[] = [];
    const report = entryProgress((done, total) => {
      assert.equal(total, 1000);
      seen.push(done);
    });
    // 1,000 entries read 1 ms apart: about one report per ENTRY_PROGRESS_MS.
    for (let done = 0; done <= 1000; done++, clock += 1) report(done, 1000);
    assert.deepEqual(seen.slice(0, 2), [0, 1]);
    assert.equal(seen[seen.length - 1], 1000);
    const between = seen.slice(2, -1);
    assert.ok(between.length >= 1000 / ENTRY_PROGRESS_MS - 2 && between.length <= 1000 / ENTRY_PROGRESS_MS + 1, `${between.length} reports between`);
    for (let i = 1; i < between.length; i++) assert.ok(between[i] - between[i - 1] >= ENTRY_PROGRESS_MS, `${between[i - 1]} → ${between[i]}`);
  });

  it('reports nothing between the first and the last when the entries take no time', () => {
    const seen: number[] = [];
    const report = entryProgress((done) => seen.push(done));
    for (let done = 0; done <= 2000; done++) report(done, 2000);
    assert.deepEqual(seen, [0, 1, 2000]);
  });
});
