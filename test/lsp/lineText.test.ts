/**
 * The server's line-wise text model must give the same text and line count as
 * vscode-languageserver-textdocument after any sequence of edits, including edits that split or
 * join CR LF pairs and positions past a line's end or the text's end.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineText, splitLines } from '../../server/src/lsp/lineText';
import { lineEndsOf } from '../../server/src/core/csv/line-ends';

const pieces = ['a', 'b', ',', '\n', '\r', '\r\n', '"', '1', '\ufeff'];
const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join(''));
/** A line number taken modulo the line count, and a character that may pass the line's end. */
const positionArb = fc.record({ line: fc.nat(), character: fc.integer({ min: 0, max: 8 }) });

describe('LineText (line-wise text model)', () => {
  it('answers line count, first character, line ends and the text from a line before and after splitting its lines', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const shadow = TextDocument.create('file:///t.csv', 'csv', 1, text);
        const fromLine = (l: number) => shadow.getText({ start: { line: l, character: 0 }, end: { line: shadow.lineCount, character: 0 } });
        for (const split of [false, true]) {
          const model = new LineText('file:///t.csv', 'csv', 1, text);
          if (split) model.linesText(0, 0);
          assert.equal(model.lineCount, shadow.lineCount);
          assert.ok(Object.is(model.firstCharCode(), text.charCodeAt(0)));
          assert.deepEqual(model.lineEnds(), lineEndsOf(text), `line ends, split ${split}`);
          for (let l = 0; l <= shadow.lineCount; l++) assert.equal(model.textFromLine(l), fromLine(l), `line ${l}, split ${split}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with TextDocument after random edits, with characters past a line end and reversed ranges', () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.tuple(positionArb, positionArb, textArb.map((s) => s.slice(0, 8))), { minLength: 1, maxLength: 10 }), (initial, edits) => {
        let shadow = TextDocument.create('file:///t.csv', 'csv', 1, initial);
        const model = new LineText('file:///t.csv', 'csv', 1, initial);
        let version = 1;
        for (const [start, end, text] of edits) {
          version++;
          const at = (p: { line: number; character: number }) => ({ line: p.line % shadow.lineCount, character: p.character });
          const range = { start: at(start), end: at(end) };
          shadow = TextDocument.update(shadow, [{ range, text }], version);
          model.replace(range, text, version);
          assert.equal(model.lineCount, shadow.lineCount);
          assert.equal(model.version, shadow.version);
          assert.equal(model.getText(), shadow.getText());
          assert.deepEqual(model.lineEnds(), lineEndsOf(shadow.getText()), 'line ends after the edit');
          const last = Math.max(0, model.lineCount - 1);
          for (let l = 0; l <= last; l++) {
            const r = { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } };
            assert.equal(model.linesText(l, l), shadow.getText(r));
            assert.equal(model.getText(r), shadow.getText(r));
          }
          assert.equal(model.getText({ start: at(end), end: at(start) }), shadow.getText({ start: at(end), end: at(start) }));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('splits lines at CR LF, CR and LF, keeping the breaks', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a\r\n', 'b\r', 'c\n', 'd']);
    assert.deepEqual(splitLines('a\n'), ['a\n', '']);
    assert.deepEqual(splitLines(''), ['']);
    assert.deepEqual(splitLines('\r\r\n\n'), ['\r', '\r\n', '\n', '']);
  });

  it('a whole-text change replaces everything', () => {
    const model = new LineText('file:///t.csv', 'csv', 1, 'a\nb');
    model.setText('x\r\ny\r\n', 2);
    assert.equal(model.getText(), 'x\r\ny\r\n');
    assert.equal(model.lineCount, 3);
  });
});
