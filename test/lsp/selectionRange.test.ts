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
      // The text's end: the start of its last, empty line (there is no line 4).
      assert.deepEqual(inOrder.parent?.parent?.range, { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } });
      assert.equal(inOrder.parent?.parent?.parent, undefined);
      assert.equal(row[16], '', 'the last field of the row is empty');
      assert.deepEqual(inEmpty.range, inOrder.parent?.range);
      assert.deepEqual(onBlank.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
      assert.deepEqual(onBlank.parent?.range, inOrder.parent?.parent?.range);
    });
  });

  it('a position past the end of a line or of the text gives ranges on the text: within its lines, each inside its parent', async () => {
    await withClient({ settings: { deadlineReferenceTime: NOW_ISO, language: 'en' } }, async (client) => {
      const line = validLine(0);
      // A text without a line break at its end, then one whose last line is blank.
      for (const [text, end] of [
        [`${line}\n${line}`, { line: 1, character: line.length }],
        [`${line}\n\n`, { line: 2, character: 0 }],
      ] as const) {
        await client.open(URI, text);
        const asked = [{ line: 0, character: line.length + 40 }, { line: 1, character: 500 }, { line: 9, character: 3 }];
        const ranges = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: URI }, positions: asked });
        const lines = text.split('\n');
        for (const [i, first] of ranges.entries()) {
          const chain: SelectionRange[] = [];
          for (let r: SelectionRange | undefined = first; r; r = r.parent) chain.push(r);
          assert.deepEqual(chain.at(-1)!.range, { start: { line: 0, character: 0 }, end }, `the whole text, for ${JSON.stringify(asked[i])}`);
          for (const [k, r] of chain.entries()) {
            for (const p of [r.range.start, r.range.end]) {
              assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `${JSON.stringify(p)} on the text, for ${JSON.stringify(asked[i])}`);
            }
            const parent = chain[k + 1]?.range;
            if (parent) assert.ok(!before(r.range.start, parent.start) && !before(parent.end, r.range.end), `${JSON.stringify(r.range)} inside ${JSON.stringify(parent)}`);
          }
        }
        await client.close(URI);
      }
    });
  });
});

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
