/**
 * Progress messages of long work (archive checks) at most one per interval: the first at once, the latest of those
 * held back when the interval ends or on flush, none after dispose.
 */
import * as assert from 'node:assert/strict';
import { ProgressThrottle } from '../../server/src/lsp/progressThrottle';
import { ManualClock } from '../fixtures/manualClock';

describe('ProgressThrottle', () => {
  it('sends the first value at once and then the latest one per interval', () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const throttle = new ProgressThrottle<number>((v) => sent.push(v), 100, clock);
    throttle.push(1);
    for (let v = 2; v <= 1000; v++) throttle.push(v);
    assert.deepEqual(sent, [1]);
    assert.equal(clock.pending, 1, 'one timer for all that was held back');
    clock.advance(99);
    assert.deepEqual(sent, [1]);
    clock.advance(1);
    assert.deepEqual(sent, [1, 1000]);
    // 10 ms per value for a second: one message per 100 ms.
    for (let v = 1001; v <= 1100; v++) {
      throttle.push(v);
      clock.advance(10);
    }
    assert.ok(sent.length <= 2 + 10, String(sent));
    assert.equal(sent[sent.length - 1] >= 1090, true, String(sent));
  });

  it('sends what it holds on flush, at once, and nothing after dispose', () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const throttle = new ProgressThrottle<string>((v) => sent.push(v), 100, clock);
    throttle.push('a');
    throttle.push('b');
    throttle.push('c');
    throttle.flush();
    assert.deepEqual(sent, ['a', 'c']);
    assert.equal(clock.pending, 0);
    throttle.flush();
    assert.deepEqual(sent, ['a', 'c'], 'nothing held: flush sends nothing');
    clock.advance(50);
    throttle.push('d');
    throttle.dispose();
    clock.advance(1000);
    assert.deepEqual(sent, ['a', 'c']);
    assert.equal(clock.pending, 0);
  });

  it('sends at once again once an interval has passed without values', () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const throttle = new ProgressThrottle<number>((v) => sent.push(v), 100, clock);
    throttle.push(1);
    clock.advance(500);
    throttle.push(2);
    assert.deepEqual(sent, [1, 2]);
    assert.equal(clock.pending, 0);
  });
});
