/** Pull diagnostics (textDocument/diagnostic) across the life of a document: result ids, close and reopen, cancellation. */
import * as assert from 'node:assert/strict';
import { withClient } from './harness';
import { NOW_ISO, URI } from './expected';
import { validLine } from '../fixtures/rows';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };
const codes = (report: { items?: { code?: unknown }[] }): string[] => (report.items ?? []).map((d) => String(d.code));

describe('language server over stdio: pull diagnostics across reopens and cancellation', function () {
  this.timeout(60000);

  it('a result id from before a close and reopen is not taken as current', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (client) => {
      await client.open(URI, `${validLine(0)}\n`);
      const first = await client.pull(URI);
      await client.close(URI);
      await client.open(URI, `${validLine(0)}\n${validLine(0)}\n`);
      const again = await client.pull(URI, first.resultId);
      assert.equal(again.kind, 'full');
      assert.notEqual(again.resultId, first.resultId);
      assert.ok(codes(again).includes('R-duplicate-row'), codes(again).join(' '));
    });
  });
});
