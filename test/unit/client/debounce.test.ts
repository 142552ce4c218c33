/** The deadlines view's refresh: once a burst of status notifications stops, and during a long one every max wait. */
import assert from 'node:assert/strict';
import { Debounce } from '../../../client/src/debounce';
import { ManualClock } from '../../fixtures/manualClock';

describe('Debounce', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const runs: number[] = [];
    return { clock, runs, debounce: new Debounce(() => runs.push(clock.now()), 200, 1500, clock) };
  };

  it('runs once, the wait after a single call', () => {
    const { clock, runs, debounce } = setUp();
    debounce.call();
    clock.advance(199);
    assert.deepEqual(runs, []);
    clock.advance(1);
    assert.deepEqual(runs, [200]);
    clock.advance(5000);
    assert.deepEqual(runs, [200], 'nothing more without calls');
  });

  it('runs a burst once, the wait after its last call', () => {
    const { clock, runs, debounce } = setUp();
    for (let i = 0; i < 5; i++) {
      debounce.call();
      clock.advance(100);
    }
    assert.deepEqual(runs, []);
    clock.advance(100);
    assert.deepEqual(runs, [600]);
    assert.equal(clock.pending, 0);
  });

  it('runs at most the max wait after the first call held back while calls keep coming', () => {
    const { clock, runs, debounce } = setUp();
    // A typist whose every keystroke, 50 ms apart, is validated and notified, for 4 s.
    for (let t = 0; t < 4000; t += 50) {
      debounce.call();
      clock.advance(50);
    }
    assert.deepEqual(runs, [1500, 3000]);
    clock.advance(149);
    assert.deepEqual(runs, [1500, 3000]);
    clock.advance(1);
    assert.deepEqual(runs, [1500, 3000, 4150], 'and once more the wait after the last');
    assert.equal(clock.pending, 0, 'one timer at a time');
  });

  it('runs nothing held back once disposed', () => {
    const { clock, runs, debounce } = setUp();
    debounce.call();
    debounce.dispose();
    clock.advance(2000);
    assert.deepEqual(runs, []);
    assert.equal(clock.pending, 0);
  });
});
