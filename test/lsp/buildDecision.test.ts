/**
 * The question a build asks about image problems (`nhiImaging/buildDecision`) goes only to a client that declared it
 * answers it (`initializationOptions.buildDecisions`, as the VS Code extension does). Another client, one that leaves
 * requests it does not know unanswered, gets the decision the CLI takes without --force: the build stops, and says so.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeSampleDraft } from '../../samples/draft/generate';
import { BUILD_DECISION_REQUEST, BUILD_REQUEST, type BuildResult } from '../../server/src/shared/build';
import { withRawClient } from './rawClient';

/** A draft whose one CT row has images below the order's minimum size: a problem the build asks about before packing. */
function smallImagesDraft(dir: string): string {
  return pathToFileURL(writeSampleDraft(dir, [{ fixture: 0, folder: 'small', images: [{ modality: 'CT', rows: 256, columns: 256, series: 1 }] }])).href;
}

describe('language server over stdio: the build\'s question about image problems', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-build-decision-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is not sent to a client that did not declare it answers it: the build stops, as the CLI without --force', async () => {
    const uri = smallImagesDraft(dir);
    await withRawClient(
      { locale: 'en' },
      async (client) => {
        const id = client.sendRequest(BUILD_REQUEST, { uri, date: '20261125' });
        const answer = await client.response(id, 30_000);
        assert.equal(answer.error, undefined, JSON.stringify(answer.error));
        const result = answer.result as BuildResult;
        assert.equal(result.ok, false, JSON.stringify(result));
        assert.match(result.error!.message, /1 image problem \(size or modality\); the build stopped/);
        assert.match(result.error!.details.join('\n'), /256x256 is below the minimum 512x512/);
        assert.deepEqual(client.sent(BUILD_DECISION_REQUEST), []);
      },
      { unanswered: [BUILD_DECISION_REQUEST] },
    );
  });

  it('is sent to a client that declared it, whose answer decides', async () => {
    const uri = smallImagesDraft(dir);
    await withRawClient(
      { locale: 'en', initializationOptions: { buildDecisions: true } },
      async (client) => {
        const answer = await client.response(client.sendRequest(BUILD_REQUEST, { uri, date: '20261125' }), 30_000);
        const result = answer.result as BuildResult;
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.equal(client.sent(BUILD_DECISION_REQUEST).length, 1);
        assert.ok(result.summary!.warnings.some((w) => /256x256 is below the minimum 512x512/.test(w)), JSON.stringify(result.summary));
      },
      { answers: { [BUILD_DECISION_REQUEST]: () => ({ decision: 'continue' }) } },
    );
  });
});
