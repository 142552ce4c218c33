import { strict as assert } from 'node:assert';
import { cancelOnInterrupt, stoppingText } from '../../../server/src/cli/interrupt';

describe('cancelOnInterrupt', () => {
  // SIGTERM, not SIGINT: mocha's own Ctrl+C handling must not see the test's signal.
  it('aborts at the first signal, says it is stopping once, and lets the next signal end the process', () => {
    const others = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const said: string[] = [];
    const interrupt = cancelOnInterrupt(() => said.push('stopping'));
    assert.equal(process.listenerCount('SIGTERM'), others.term + 1);
    assert.equal(interrupt.signal.aborted, false);
    process.emit('SIGTERM');
    assert.equal(interrupt.signal.aborted, true);
    assert.deepEqual(said, ['stopping']);
    // Neither signal is held any more: a second Ctrl+C (or SIGTERM) takes Node's default, which ends the process.
    assert.equal(process.listenerCount('SIGINT'), others.int);
    assert.equal(process.listenerCount('SIGTERM'), others.term);
    interrupt.release();
  });

  it('holds nothing once released', () => {
    const others = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const interrupt = cancelOnInterrupt();
    interrupt.release();
    assert.equal(process.listenerCount('SIGINT'), others.int);
    assert.equal(process.listenerCount('SIGTERM'), others.term);
    assert.equal(interrupt.signal.aborted, false);
  });

  it('says, in either language, that another Ctrl+C quits at once', () => {
    assert.match(stoppingText('en'), /^nhi-imaging: stopping, and removing what this run wrote; press Ctrl\+C again to quit at once/);
    assert.match(stoppingText('zh-TW'), /^nhi-imaging: 正在停止.*再按一次 Ctrl\+C 立即結束/);
  });
});
