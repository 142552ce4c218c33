import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LineEndTally, lineEndsOf, loneCrEdits, targetLineBreak, type LineEnds } from '../../../server/src/core/csv/line-ends';
import { countLineBreaks } from '../../../server/src/core/csv/decode';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { applyEdits } from '../core/edits';

/**
 * Which characters of `text` stand inside a quoted field, read character by character as parseCsv reads it: a
 * quote at a field's start opens it, "" inside is one quote, a lone quote closes it.
 */
function insideQuotes(text: string): boolean[] {
  const inside: boolean[] = new Array(text.length).fill(false);
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open) {
      if (c === '"' && text[i + 1] === '"') inside[i] = inside[++i] = true;
      else if (c === '"') open = false;
      else inside[i] = true;
    } else if (c === '"' && (i === 0 || (i === 1 && text[0] === '\ufeff') || ',\r\n'.includes(text[i - 1]))) {
      open = true;
    }
  }
  return inside;
}

/** The line ends of `text` counted character by character, the first lone CR placed by the lines parseCsv counts. */
function reference(text: string): LineEnds {
  const ends: LineEnds = { crlf: 0, lf: 0, cr: 0 };
  const inside = insideQuotes(text);
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') ends.crlf++, i++;
    else if (c === '\n') ends.lf++;
    else if (c === '\r' && !inside[i]) {
      ends.cr++;
      ends.firstCr ??= { line, character: i - lineStart };
    } else if (c !== '\r') continue;
    line++;
    lineStart = i + 1;
  }
  return ends;
}

/** `text` with each lone CR outside quoted fields replaced by `target`. */
function replaceLoneCrs(text: string, target: string): string {
  const inside = insideQuotes(text);
  return [...text].map((c, i) => (c === '\r' && text[i + 1] !== '\n' && !inside[i] ? target : c)).join('');
}

const text = fc.array(fc.constantFrom('a', ',', '"', '\r', '\n', '\r\n', '中', '\ufeff'), { maxLength: 40 }).map((p) => p.join(''));

describe('line ends', () => {
  it('a classic Mac text (lone CRs), a Windows one and a Unix one', () => {
    assert.deepEqual(lineEndsOf('ab\rcd\re\r'), { crlf: 0, lf: 0, cr: 3, firstCr: { line: 0, character: 2 } });
    assert.deepEqual(lineEndsOf('ab\r\ncd\r\n'), { crlf: 2, lf: 0, cr: 0 });
    assert.deepEqual(lineEndsOf('ab\ncd'), { crlf: 0, lf: 1, cr: 0 });
    assert.deepEqual(lineEndsOf('ab\r\ncd\nxyz\rq\r\n'), { crlf: 2, lf: 1, cr: 1, firstCr: { line: 2, character: 3 } });
    // A BOM is character 0 of line 0, as editors count it.
    assert.deepEqual(lineEndsOf('\ufeffab\r'), { crlf: 0, lf: 0, cr: 1, firstCr: { line: 0, character: 3 } });
  });

  it('counts what a character-by-character count gives, the first lone CR on the line parseCsv puts it', () => {
    fc.assert(fc.property(text, (t) => {
      const ends = lineEndsOf(t);
      assert.deepEqual(ends, reference(t));
      const quotedCrs = [...t].filter((c, i) => c === '\r' && t[i + 1] !== '\n').length - ends.cr;
      assert.equal(ends.crlf + ends.lf + ends.cr + quotedCrs + 1, parseCsv(t).lineCount);
    }), { numRuns: 500 });
  });

  it('counts the same over a text cut into pieces anywhere, a piece ending right after a CR included', () => {
    fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 4 }), (t, cutsAt) => {
      const cuts = [...new Set(cutsAt.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
      const tally = new LineEndTally();
      let from = 0;
      for (const cut of [...cuts, t.length]) {
        const piece = t.slice(from, cut);
        // What the encoding error's line is counted from: the breaks before the piece and those in it.
        assert.equal(tally.breaksBefore(piece) + countLineBreaks(piece), countLineBreaks(t.slice(0, cut)));
        tally.push(piece);
        from = cut;
      }
      assert.deepEqual(tally.end(), reference(t));
    }), { numRuns: 1000 });
    // The cases that matter, spelled out: CR | LF (one CRLF) and CR | text (a lone CR).
    const split = (a: string, b: string) => {
      const tally = new LineEndTally();
      tally.push(a);
      tally.push(b);
      return tally.end();
    };
    assert.deepEqual(split('ab\r', '\ncd\r'), { crlf: 1, lf: 0, cr: 1, firstCr: { line: 1, character: 2 } });
    assert.deepEqual(split('ab\r', 'cd\n'), { crlf: 0, lf: 1, cr: 1, firstCr: { line: 0, character: 2 } });
    assert.deepEqual(split('x\nab', 'c\r'), { crlf: 0, lf: 1, cr: 1, firstCr: { line: 1, character: 3 } });
  });

  it('a lone CR inside a quoted field is the field\'s content, not a line end: not counted, and its edits leave it', () => {
    // The field as parseCsv reads it: a quote opens a field only at its start; "" inside it is one quote.
    assert.deepEqual(lineEndsOf('a,"H\rA",b\r\nc\r\n'), { crlf: 2, lf: 0, cr: 0 });
    assert.deepEqual(lineEndsOf('a,"x""\r",b\rc\r\n'), { crlf: 1, lf: 0, cr: 1, firstCr: { line: 1, character: 3 } });
    // A quote inside an unquoted field opens nothing: the CR after it ends the line.
    assert.deepEqual(lineEndsOf('a,b"c\rd\r\n'), { crlf: 1, lf: 0, cr: 1, firstCr: { line: 0, character: 5 } });
    assert.deepEqual(lineEndsOf('\ufeff"H\rA",b\n'), { crlf: 0, lf: 1, cr: 0 });
    assert.deepEqual(loneCrEdits('a,"H\rA",b\rc\r\n', '\r\n'), [{ range: { start: { line: 1, character: 4 }, end: { line: 2, character: 0 } }, newText: '\r\n' }]);
  });

  it('lone CRs become the dominant line break: LF where LF is more frequent, CRLF otherwise', () => {
    assert.equal(targetLineBreak(lineEndsOf('a\rb\r')), '\r\n');
    assert.equal(targetLineBreak(lineEndsOf('a\r\nb\nc\r')), '\r\n');
    assert.equal(targetLineBreak(lineEndsOf('a\nb\nc\r\nd\r')), '\n');
  });

  it('the edits replace every lone CR and nothing else', () => {
    fc.assert(fc.property(text, fc.constantFrom('\r\n', '\n' as const), (t, target) => {
      assert.equal(applyEdits(t, loneCrEdits(t, target)), replaceLoneCrs(t, target));
    }), { numRuns: 500 });
    assert.deepEqual(loneCrEdits('ab\r\ncd\re', '\r\n'), [{ range: { start: { line: 1, character: 2 }, end: { line: 2, character: 0 } }, newText: '\r\n' }]);
  });
});
