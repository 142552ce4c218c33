import { strict as assert } from 'node:assert';
import { BuildError } from '../../../server/src/core/build/types';

/** The BuildError a build or re-send refuses with; fails the test when it goes through or throws anything else. */
export async function refusal(p: Promise<unknown>): Promise<BuildError> {
  const e = await p.then(
    () => assert.fail('it should have been refused'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof BuildError, String(e));
  return e;
}
