/** Text-sync notifications at the edges of the protocol: the diagnostics follow the text and version the client holds. */
import * as assert from 'node:assert/strict';
import { withClient } from './harness';
import { NOW_ISO, URI } from './expected';
import { validLine } from '../fixtures/rows';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };

describe('language server over stdio: text sync edges', function () {
  it('a didChange without content changes publishes for the new version', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      await client.open(URI, `${validLine(0)}\n`);
      await client.pushedFor(URI);
      const version = await client.change(URI, []);
      await client.pushedFor(URI);
      assert.equal(client.pushed.get(URI)?.version, version);
    });
  });
});
