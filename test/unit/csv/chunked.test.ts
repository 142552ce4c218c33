import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { CsvChunkParser, type ChunkResult } from '../../../server/src/core/csv/chunked';

function parseInPieces(text: string, cuts: number[], maxRowLength = 1 << 30) {
  const parser = new CsvChunkParser(maxRowLength);
  const all: ChunkResult = { rows: [], syntaxProblems: [], overlong: [] };
  const take = (res: ChunkResult) => {
    all.rows.push(...res.rows);
    all.syntaxProblems.push(...res.syntaxProblems);
    all.overlong.push(...res.overlong);
  };
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    take(parser.push(text.slice(at, cut)));
    at = cut;
  }
  take(parser.push(text.slice(at)));
  take(parser.end());
  return { ...all, bom: parser.bom, lineCount: parser.lineCount, rowCount: parser.rowCount };
}

describe('CsvChunkParser', () => {
  const tricky = '\ufeffa,"b\r\nc",d\r\n\r\n"x""y",,\rz,"q"w\n"open,1\n2,3';

  it('gives the same model as parseCsv however the text is cut', () => {
    const whole = parseCsv(tricky);
    for (let cut = 0; cut <= tricky.length; cut++) {
      const pieces = parseInPieces(tricky, [cut]);
      assert.deepEqual(pieces.rows, whole.rows, `cut at ${cut}`);
      assert.deepEqual(pieces.syntaxProblems, whole.syntaxProblems, `cut at ${cut}`);
      assert.equal(pieces.lineCount, whole.lineCount);
      assert.equal(pieces.bom, whole.bom);
    }
  });

  it('gives the same model as parseCsv for random CSV-ish text cut at random places', () => {
    const alphabet = fc.constantFrom('a', 'b', ',', '"', '\r', '\n', '\r\n', '\ufeff', '\u{1F600}', ' ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.array(fc.nat(70), { maxLength: 6 }), (chars, cuts) => {
        const text = chars.join('');
        const whole = parseCsv(text);
        const pieces = parseInPieces(text, cuts.map((c) => Math.min(c, text.length)));
        assert.deepEqual(pieces.rows, whole.rows);
        assert.deepEqual(pieces.syntaxProblems, whole.syntaxProblems);
        assert.equal(pieces.lineCount, whole.lineCount);
      }),
      { numRuns: 2000 },
    );
  });

  it('skips a line longer than the bound, reports it, and reads on with the right lines', () => {
    const long = 'x'.repeat(1000);
    const text = `a,b\n${long}\nc,d\n`;
    const cuts = [5, 100, 400, 700, 1002];
    const res = parseInPieces(text, cuts, 64);
    assert.deepEqual(res.overlong, [{ row: 1, line: 1, character: 0, length: 1000 }]);
    assert.deepEqual(res.rows.map((row) => [row.index, row.line, row.text]), [[0, 0, 'a,b'], [2, 2, 'c,d']]);
    assert.deepEqual(res.rows[1].cells[1].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } });
    assert.equal(res.rowCount, 3);
  });

  it('reports an over-long row even when it arrives whole in one piece', () => {
    const text = `a\n${'y'.repeat(200)}\nb`;
    const res = parseInPieces(text, [], 64);
    assert.deepEqual(res.overlong, [{ row: 1, line: 1, character: 0, length: 200 }]);
    assert.deepEqual(res.rows.map((row) => row.text), ['a', 'b']);
  });

  it('reports an over-long last line without a line break', () => {
    const res = parseInPieces(`a\n${'z'.repeat(300)}`, [10, 150], 64);
    assert.deepEqual(res.overlong, [{ row: 1, line: 1, character: 0, length: 300 }]);
  });

  it('cuts an unbalanced quote at its line break once past the bound, and reads on', () => {
    const rest = Array.from({ length: 50 }, (_, i) => `r${i},v`).join('\n');
    const text = `a,"unclosed\n${rest}\n`;
    const res = parseInPieces(text, [20, 200, 300], 64);
    assert.equal(res.syntaxProblems[0].kind, 'unclosed-quote');
    assert.deepEqual(res.syntaxProblems[0].range, { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } });
    assert.equal(res.rows[0].cells[1].value, 'unclosed');
    assert.equal(res.rows.length, 51);
    assert.deepEqual([res.rows[50].line, res.rows[50].text], [50, 'r49,v']);
  });

  it('keeps a BOM line over the bound in the right columns', () => {
    const res = parseInPieces(`\ufeff${'q'.repeat(100)}\nok`, [1, 30], 64);
    assert.deepEqual(res.overlong, [{ row: 0, line: 0, character: 1, length: 100 }]);
    assert.deepEqual(res.rows[0].cells[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
  });
});
