import { strict as assert } from 'node:assert';
import { unlessCancelled } from '../../../client/src/cancellable';

const token = (cancelled: boolean) => ({ isCancellationRequested: cancelled, onCancellationRequested: () => ({ dispose() {} }) });

describe('client: requests the user can cancel', () => {
  it('gives the answer, or nothing once cancelled, whether the server answered or failed', async () => {
    assert.equal(await unlessCancelled(Promise.resolve(1), token(false)), 1);
    assert.equal(await unlessCancelled(Promise.resolve(1), token(true)), undefined);
    assert.equal(await unlessCancelled(Promise.reject(new Error('Cancelled')), token(true)), undefined);
    await assert.rejects(unlessCancelled(Promise.reject(new Error('broken')), token(false)), /broken/);
  });
});
