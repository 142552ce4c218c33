import { strict as assert } from 'node:assert';
import { parseCsv, scanRows, type ScanOutput } from '../../../server/src/core/csv/parse';
import { DEFAULT_MAX_ROW_LENGTH, isRowTooLong } from '../../../server/src/core/csv/model';
import type { Range } from '../../../server/src/core/types';

function r(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

describe('parseCsv ranges', () => {
  it('gives each plain cell its value and exact range', () => {
    const m = parseCsv('ab,c,def\nx,yy\n');
    assert.equal(m.rows.length, 2);
    assert.deepEqual(m.rows[0].cells.map((c) => c.value), ['ab', 'c', 'def']);
    assert.deepEqual(m.rows[0].cells.map((c) => c.range), [r(0, 0, 0, 2), r(0, 3, 0, 4), r(0, 5, 0, 8)]);
    assert.deepEqual(m.rows[1].cells.map((c) => c.range), [r(1, 0, 1, 1), r(1, 2, 1, 4)]);
    assert.deepEqual(m.rows[1].range, r(1, 0, 1, 4));
    assert.equal(m.rows[1].text, 'x,yy');
    assert.equal(m.lineCount, 3);
    assert.deepEqual(m.syntaxProblems, []);
  });

  it('unquotes quoted cells and keeps the raw text and its range', () => {
    const m = parseCsv('"a,b","say ""hi""",c');
    const [a, b, c] = m.rows[0].cells;
    assert.equal(a.value, 'a,b');
    assert.equal(a.raw, '"a,b"');
    assert.equal(a.quoted, true);
    assert.deepEqual(a.range, r(0, 0, 0, 5));
    assert.equal(b.value, 'say "hi"');
    assert.deepEqual(b.range, r(0, 6, 0, 18));
    assert.equal(c.value, 'c');
    assert.deepEqual(c.range, r(0, 19, 0, 20));
  });

  it('lets a quoted cell span lines and counts the lines after it', () => {
    const m = parseCsv('"a\r\nb",c\r\nd\r\n');
    assert.equal(m.rows.length, 2);
    assert.equal(m.rows[0].cells[0].value, 'a\r\nb');
    assert.deepEqual(m.rows[0].cells[0].range, r(0, 0, 1, 2));
    assert.deepEqual(m.rows[0].cells[1].range, r(1, 3, 1, 4));
    assert.equal(m.rows[1].line, 2);
    assert.deepEqual(m.rows[1].cells[0].range, r(2, 0, 2, 1));
  });

  it('treats CRLF, LF and lone CR as line breaks and excludes them from cells', () => {
    const m = parseCsv('a,b\r\nc\rd\n');
    assert.deepEqual(m.rows.map((row) => [row.line, row.text]), [[0, 'a,b'], [1, 'c'], [2, 'd']]);
    assert.deepEqual(m.rows[0].cells[1].range, r(0, 2, 0, 3));
    assert.equal(m.lineCount, 4);
  });

  it('counts a BOM as character 0 of line 0', () => {
    const m = parseCsv('\ufeffab,c\nd');
    assert.equal(m.bom, true);
    assert.deepEqual(m.rows[0].cells[0].range, r(0, 1, 0, 3));
    assert.equal(m.rows[0].cells[0].value, 'ab');
    assert.deepEqual(m.rows[0].range, r(0, 1, 0, 5));
    assert.deepEqual(m.rows[1].cells[0].range, r(1, 0, 1, 1));
  });

  it('gives trailing empty cells an empty range right after their comma', () => {
    const m = parseCsv('a,,\nb');
    const cells = m.rows[0].cells;
    assert.equal(cells.length, 3);
    assert.deepEqual(cells.map((c) => c.value), ['a', '', '']);
    assert.deepEqual(cells[1].range, r(0, 2, 0, 2));
    assert.deepEqual(cells[2].range, r(0, 3, 0, 3));
  });

  it('keeps ragged rows as they are', () => {
    const m = parseCsv('a,b,c\nd\ne,f,g,h,i\n');
    assert.deepEqual(m.rows.map((row) => row.cells.length), [3, 1, 5]);
  });

  it('skips blank lines without making rows, keeping line numbers', () => {
    const m = parseCsv('\n\na\r\n\r\nb');
    assert.deepEqual(m.rows.map((row) => [row.index, row.line]), [[0, 2], [1, 4]]);
  });

  it('counts a character outside the BMP (surrogate pair) as 2 columns', () => {
    const m = parseCsv('\u{1F600}x,y');
    assert.equal(m.rows[0].cells[0].value, '\u{1F600}x');
    assert.deepEqual(m.rows[0].cells[0].range, r(0, 0, 0, 3));
    assert.deepEqual(m.rows[0].cells[1].range, r(0, 4, 0, 5));
  });

  it('reports an unclosed quote at the quote and takes the rest of the text as the cell', () => {
    const m = parseCsv('a,"bc\nd,e');
    assert.equal(m.rows.length, 1);
    assert.deepEqual(m.syntaxProblems, [{ kind: 'unclosed-quote', range: r(0, 2, 0, 3), row: 0 }]);
    assert.equal(m.rows[0].cells[1].value, 'bc\nd,e');
  });

  it('reports a stray quote inside a plain cell and text after a closing quote', () => {
    const m = parseCsv('ab"c,"d"e');
    assert.deepEqual(
      m.syntaxProblems.map((p) => [p.kind, p.range]),
      [
        ['stray-quote', r(0, 2, 0, 3)],
        ['text-after-quote', r(0, 8, 0, 9)],
      ],
    );
    assert.equal(m.rows[0].cells[1].value, 'de');
  });

  it('returns an empty model for empty text and for only line breaks', () => {
    assert.deepEqual(parseCsv('').rows, []);
    const m = parseCsv('\r\n\n');
    assert.deepEqual(m.rows, []);
    assert.equal(m.lineCount, 3);
  });
});

describe('parseCsv: rows over the length bound', () => {
  const max = DEFAULT_MAX_ROW_LENGTH;

  it('keeps a line over the bound as a row without cells, its quotes not read', () => {
    const long = '"a",b"'.repeat(max / 4);
    const m = parseCsv(`x,y\n${long}\nz\n`);
    assert.deepEqual(m.rows.map((r) => [r.index, r.line, r.text.length, isRowTooLong(r)]), [[0, 0, 3, false], [1, 1, long.length, true], [2, 2, 1, false]]);
    assert.deepEqual(m.rows[1].cells, []);
    assert.deepEqual(m.rows[1].range, r(1, 0, 1, long.length));
    assert.deepEqual(m.syntaxProblems, []);
    const exact = parseCsv('c'.repeat(max)).rows[0];
    assert.equal(isRowTooLong(exact), false, 'the bound itself is not over it');
    assert.equal(exact.cells.length, 1);
  });

  it('cuts a record a quote left open at its first line break once it runs over the bound, and reads on', () => {
    const rest = Array.from({ length: 2000 }, (_, i) => `r${i},${'v'.repeat(40)}`).join('\n');
    const m = parseCsv(`a,"open\r\n${rest}\n`);
    assert.deepEqual([m.rows[0].text, m.rows[0].cut, m.rows[0].lineBreak], ['a,"open', true, true]);
    assert.deepEqual(m.syntaxProblems, [{ kind: 'unclosed-quote', range: r(0, 2, 0, 3), row: 0 }]);
    assert.equal(m.rows.length, 2001);
    assert.deepEqual([m.rows[2000].line, m.rows[2000].text.slice(0, 6), m.rows[2000].cut], [2000, 'r1999,', undefined]);
    // Within the bound, the quote still takes the rest of the text.
    assert.equal(parseCsv(`a,"open\n${rest.slice(0, 1000)}`).rows.length, 1);
  });
});

describe('scanRows with a row limit', () => {
  const text = 'a,b\n\n"q\nr",s\r\nx,"y"z\r\n\r\nlast,row';

  function rowsOf(out: ScanOutput): unknown[] {
    return out.rows.map((row) => ({ index: row.index, range: row.range, text: row.text, lineBreak: row.lineBreak }));
  }

  it('stops after that many rows, and a scan from where it stopped (with what the last found ahead) goes on as one scan would have', () => {
    const whole: ScanOutput = { rows: [], syntaxProblems: [] };
    scanRows(text, 0, { line: 0, lineStart: 0, rowIndex: 0 }, true, whole);
    assert.equal(whole.rows.length, 4);
    for (const step of [1, 2, 3]) {
      const out: ScanOutput = { rows: [], syntaxProblems: [] };
      const cursor = { line: 0, lineStart: 0, rowIndex: 0 };
      const ahead = { lf: -1, cr: -1, quote: -1 };
      let at = 0;
      for (let limit = step; at < text.length; limit += step) {
        at = scanRows(text, at, cursor, true, out, limit, ahead);
        assert.ok(out.rows.length <= limit);
      }
      assert.deepEqual(rowsOf(out), rowsOf(whole), `${step} rows at a time`);
      assert.deepEqual(out.syntaxProblems, whole.syntaxProblems);
    }
  });

  it('searches a text without quotes for one once, however many calls scan it', () => {
    const plain = Array.from({ length: 50 }, (_, i) => `a${i},b`).join('\n');
    const ahead = { lf: -1, cr: -1, quote: -1 };
    const out: ScanOutput = { rows: [], syntaxProblems: [] };
    const cursor = { line: 0, lineStart: 0, rowIndex: 0 };
    let at = scanRows(plain, 0, cursor, true, out, 1, ahead);
    assert.equal(ahead.quote, plain.length, 'none up to the end');
    for (let limit = 2; at < plain.length; limit++) at = scanRows(plain, at, cursor, true, out, limit, ahead);
    assert.equal(out.rows.length, 50);
    assert.equal(out.rows[49].text, 'a49,b');
  });
});

describe('parseCsv with a pause after the first rows', () => {
  it('hands over those rows and where the last ends, and parses the same rows as without the pause', () => {
    const text = '\ufeffa,b\r\n\r\n"c\r\nd",e\r\nf,"g""\nh,i\n';
    const seen: { rows: number; end: number }[] = [];
    for (let n = 1; n <= 4; n++) {
      const m = parseCsv(text, { rows: n, then: (rows, end) => void seen.push({ rows: rows.length, end }) });
      assert.deepEqual(JSON.parse(JSON.stringify(m)), JSON.parse(JSON.stringify(parseCsv(text))));
      if (n === 4) break;
      const { end } = seen[seen.length - 1];
      // The last row handed over ends at the offset given.
      assert.equal(text.slice(end - m.rows[n - 1].text.length, end), m.rows[n - 1].text);
    }
    // Three rows (the last quote is never closed: its row runs to the end), so a pause after four is never reached.
    assert.deepEqual(seen.map((s) => s.rows), [1, 2, 3]);
    assert.deepEqual(seen.map((s) => s.end), [4, 16, 29]);
  });
});
