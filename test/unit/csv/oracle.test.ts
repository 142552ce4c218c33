// csv-parse as the oracle for CSV semantics: on any well-formed CSV, the values our scanner gives
// (it also gives exact cell ranges, which csv-parse does not) are the values csv-parse gives.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { parseCsv } from '../../../server/src/core/csv/parse';

const piece = fc.constantFrom('A', '1', '0', ' ', ',', '"', '\n', '\r\n', '日', 'Ａ', '\u3000', '😀', '-', '_', '.', '7z');
const value = fc.array(piece, { maxLength: 8 }).map((a) => a.join(''));
const needsQuotes = (v: string): boolean => /[",\r\n]/.test(v);
const encode = (v: string, forceQuote: boolean): string => (forceQuote || needsQuotes(v) ? `"${v.replace(/"/g, '""')}"` : v);
// A row whose only cell is empty is a blank line, which both parsers skip: give every row a non-empty first cell.
const row = fc.tuple(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('A', '1', '9', 'x') }), fc.array(value, { maxLength: 18 }));
const csv = fc.record({
  rows: fc.array(row, { minLength: 1, maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n'),
  finalEol: fc.boolean(),
  quoteAll: fc.boolean(),
});

describe('CSV scanner agrees with csv-parse', () => {
  it('gives the same values on random well-formed files', () => {
    fc.assert(
      fc.property(csv, ({ rows, eol, finalEol, quoteAll }) => {
        const records = rows.map(([first, rest]) => [first, ...rest]);
        const text = records.map((r) => r.map((v) => encode(v, quoteAll)).join(',')).join(eol) + (finalEol ? eol : '');
        const expected = parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: eol }) as string[][];
        const ours = parseCsv(text);
        assert.deepEqual(ours.syntaxProblems, []);
        assert.deepEqual(ours.rows.map((r) => r.cells.map((c) => c.value)), expected);
        assert.deepEqual(expected, records);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same values on the bundled sample batch', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const text = readFileSync(require.resolve('../../../samples/batch/3501200000_20261125_001.csv'), 'utf8');
    const expected = parse(text, { relax_column_count: true, skip_empty_lines: true, relax_quotes: true, bom: true }) as string[][];
    assert.deepEqual(parseCsv(text).rows.map((r) => r.cells.map((c) => c.value)), expected);
  });
});
