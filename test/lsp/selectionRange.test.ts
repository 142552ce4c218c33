/** Expand Selection over stdio: the cell under the cursor, then its row, then the whole text. */
import * as assert from 'node:assert/strict';
import type { SelectionRange } from 'vscode-languageserver-protocol';
import { withClient } from './harness';
import { NOW_ISO, URI } from './expected';
import { validLine, validRow } from '../fixtures/rows';

describe('language server over stdio: selection ranges', function () {
  this.timeout(30000);

  it('grows from the cell to its row to the text; an empty cell or line starts at the row or the text', async () => {
    await withClient({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } }, async (client) => {
      const row = validRow(1);
      const second = validLine(1);
      const text = `${validLine(0)}\r\n${second}\r\n\r\n`;
      await client.open(URI, text);
      const order = second.indexOf(`,${row[9]},`) + 1;
      const last = second.length;
      const [inOrder, inEmpty, onBlank] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
        textDocument: { uri: URI },
        positions: [{ line: 1, character: order + 2 }, { line: 1, character: last }, { line: 2, character: 0 }],
      });
      assert.deepEqual(inOrder.range, { start: { line: 1, character: order }, end: { line: 1, character: order + row[9].length } });
      assert.deepEqual(inOrder.parent?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: last } });
      assert.deepEqual(inOrder.parent?.parent?.range, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } });
      assert.equal(inOrder.parent?.parent?.parent, undefined);
      assert.equal(row[16], '', 'the last field of the row is empty');
      assert.deepEqual(inEmpty.range, inOrder.parent?.range);
      assert.deepEqual(onBlank.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
      assert.deepEqual(onBlank.parent?.range, inOrder.parent?.parent?.range);
    });
  });
});
