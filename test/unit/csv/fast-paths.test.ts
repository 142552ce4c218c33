/**
 * The scanner's indexOf fast paths (a record without quotes is its line; a quote-free row's cells are
 * split at its commas) must give exactly what the character-by-character scan gives: rows, cells with
 * their ranges, and syntax problems, whole and fed in chunks.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseCsv, scanOptions } from '../../../server/src/core/csv/parse';
import { CsvChunkParser } from '../../../server/src/core/csv/chunked';

function model(text: string): unknown {
  const m = parseCsv(text);
  return {
    bom: m.bom,
    lineCount: m.lineCount,
    syntax: m.syntaxProblems,
    rows: m.rows.map((r) => ({ index: r.index, line: r.line, range: r.range, text: r.text, cells: r.cells.map((c) => ({ value: c.value, raw: c.raw, quoted: c.quoted, range: c.range })) })),
  };
}

function chunked(text: string, cuts: number[]): unknown {
  const parser = new CsvChunkParser(1 << 30);
  const rows: unknown[] = [];
  const problems: unknown[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length].sort((a, b) => a - b)) {
    const res = parser.push(text.slice(at, cut));
    rows.push(...res.rows.map((r) => ({ line: r.line, range: r.range, text: r.text })));
    problems.push(...res.syntaxProblems);
    at = cut;
  }
  const end = parser.end();
  rows.push(...end.rows.map((r) => ({ line: r.line, range: r.range, text: r.text })));
  problems.push(...end.syntaxProblems);
  return { rows, problems };
}

function slowly<T>(fn: () => T): T {
  scanOptions.fastPaths = false;
  try {
    return fn();
  } finally {
    scanOptions.fastPaths = true;
  }
}

const csvText = fc.array(fc.constantFrom('a', '1', ',', ',', '"', '""', ' ', '\r', '\n', '\r\n', '\ufeff', '中'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('csv/parse: fast paths give the character-by-character result', () => {
  it('on random text of commas, quotes, line breaks and a BOM', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        assert.deepEqual(model(text), slowly(() => model(text)));
      }),
      { numRuns: 3000, seed: 20261126 },
    );
  });

  it('fed in chunks cut anywhere', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(60), { maxLength: 4 }), (text, cuts) => {
        const at = cuts.map((c) => Math.min(c, text.length));
        assert.deepEqual(chunked(text, at), slowly(() => chunked(text, at)));
      }),
      { numRuns: 2000, seed: 20261126 },
    );
  });

  it('on upload rows, with a quoted cell and a lone CR among them', () => {
    const row = '3501200000,12,11411,1141125093015,01,0001,1,A123456789,0750312,33070B,1,11411250945,H,DCF3501200000_C00000000001.7z,,,';
    const text = [row, row.replace(',H,', ',"H",'), `${row}\r${row}`, '', row].join('\r\n');
    assert.deepEqual(model(text), slowly(() => model(text)));
    const fast = parseCsv(text);
    assert.equal(fast.rows.length, 5);
    assert.deepEqual(fast.rows[3].range, { start: { line: 3, character: 0 }, end: { line: 3, character: row.length } });
  });
});
