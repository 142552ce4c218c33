/**
 * LineIndex converts offsets and positions exactly as vscode-languageserver-textdocument does (the editor's
 * and the LSP tests' reference), on texts of every line-break kind, lone CRs, empty lines and a BOM.
 */
import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/core/fix/line-index';

const PIECES = ['a', 'bc', ',', '\r\n', '\n', '\r', '\uFEFF', '中', ' ', '\r\r\n', '\n\r'];

function randomText(seed: number): string {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0) % PIECES.length);
  let out = '';
  for (let i = 0; i < 40; i++) out += PIECES[next()];
  return out;
}

describe('LineIndex: offsets and positions as the LSP text document gives them', () => {
  it('agrees on every offset and on positions on, before and past each line', () => {
    const texts = ['', 'a', '\n', '\r', '\r\n', 'a\r\nb', 'a\rb\nc\r\n', ...Array.from({ length: 200 }, (_, i) => randomText(i + 1))];
    for (const text of texts) {
      const doc = TextDocument.create('', '', 0, text);
      const index = new LineIndex(text);
      assert.equal(index.lineCount, doc.lineCount, JSON.stringify(text));
      for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(index.positionAt(o), doc.positionAt(o), `${JSON.stringify(text)} at ${o}`);
      for (let line = -1; line <= doc.lineCount + 1; line++) {
        for (const character of [-1, 0, 1, 2, 3, 50]) {
          assert.equal(index.offsetAt({ line, character }), doc.offsetAt({ line, character }), `${JSON.stringify(text)} at ${line}:${character}`);
        }
      }
    }
  });
});
