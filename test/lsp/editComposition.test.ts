import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { EditComposition, type OffsetEdit } from '../../server/src/core/fix/edit-composition';

function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe('EditComposition', () => {
  it('a later round edits what an earlier one wrote: one edit of the original', () => {
    const c = new EditComposition('a;b;c\nx');
    assert.deepEqual(c.apply([{ start: 0, end: 5, text: 'a,b,c' }]), [{ start: 0, end: 5 }]);
    assert.deepEqual(c.apply([{ start: 2, end: 3, text: 'B' }]), [{ start: 2, end: 3 }]);
    assert.equal(c.text(), 'a,B,c\nx');
    assert.deepEqual(c.edits(), [{ start: 0, end: 5, text: 'a,B,c' }]);
  });

  it('edits that a later round joins make one edit; an edit that leaves the text as it was makes none', () => {
    const c = new EditComposition('e\nh\nd\n');
    const spans = c.apply([{ start: 0, end: 2, text: '' }, { start: 4, end: 5, text: 'D' }]);
    assert.deepEqual(spans, [{ start: 0, end: 0 }, { start: 2, end: 3 }]);
    c.apply([{ start: 0, end: 2, text: '' }, { start: 2, end: 3, text: 'd' }]);
    assert.equal(c.text(), 'd\n');
    assert.deepEqual(c.edits(), [{ start: 0, end: 5, text: 'd' }]);
    const undone = new EditComposition('abc');
    undone.apply([{ start: 1, end: 2, text: 'B' }]);
    undone.apply([{ start: 1, end: 2, text: 'b' }]);
    assert.deepEqual(undone.edits(), []);
  });

  it('the composed edits make the text the rounds made (random rounds)', () => {
    const roundArb = fc.array(fc.record({ at: fc.nat(), len: fc.nat({ max: 3 }), text: fc.string({ maxLength: 3 }) }), { maxLength: 4 });
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(roundArb, { maxLength: 4 }), (original, rounds) => {
        const c = new EditComposition(original);
        let text = original;
        for (const round of rounds) {
          const edits: OffsetEdit[] = [];
          let from = 0;
          for (const r of round) {
            const start = Math.min(text.length, from + (r.at % 5));
            const end = Math.min(text.length, start + r.len);
            edits.push({ start, end, text: r.text });
            from = end + 1;
            if (from > text.length) break;
          }
          c.apply(edits);
          text = applyOffsetEdits(text, edits);
          assert.equal(c.text(), text);
        }
        const composed = c.edits();
        assert.equal(applyOffsetEdits(original, composed), text);
        composed.forEach((e, i) => i > 0 && assert.ok(composed[i - 1].end <= e.start));
      }),
    );
  });
});
