/** Text-sync notifications at the edges of the protocol: the diagnostics follow the text and version the client holds. */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-protocol';
import { withClient } from './harness';
import { diagnosticKeys, expectedKeys, NOW_ISO, URI } from './expected';
import { validLine } from '../fixtures/rows';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };

describe('language server over stdio: text sync edges', function () {
  const at = (line: number, character: number, toLine = line, toCharacter = character): Range => ({
    start: { line, character },
    end: { line: toLine, character: toCharacter },
  });

  for (const [name, range] of [
    ['two lines past the end', at(7, 0)],
    ['four lines past the end', at(9, 0)],
    ['a reversed range', at(4, 9, 1, 4)],
  ] as const) {
    it(`an edit at ${name} gives the diagnostics of the text it makes`, async () => {
      await withClient({ pull: true, settings: SETTINGS }, async (client) => {
        const initial = [0, 1, 2, 3, 4, 5].map(validLine).join('\n');
        await client.open(URI, initial);
        await client.pull(URI);
        await client.change(URI, [{ range, text: ',X' }]);
        const text = TextDocument.update(TextDocument.create(URI, 'csv', 1, initial), [{ range, text: ',X' }], 2).getText();
        const expected = expectedKeys(text);
        assert.ok(expected.some((k) => k.code === 'ROW-columns'), JSON.stringify(expected));
        assert.deepEqual(diagnosticKeys((await client.pull(URI)).items ?? []), expected);
      });
    });
  }

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
