/**
 * The rows the draft check reads, following the document through its edits (DraftRows): the same draft rows and the
 * same ledger findings as reading every row after each edit (checkDraftRows' rows, checkAgainstLedger), while an edit
 * reads only the rows it changed.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Row } from '../../server/src/core/csv/model';
import { CsvRow } from '../../server/src/core/csv/parse';
import { defaultOptions } from '../../server/src/core/options';
import { checkAgainstLedger } from '../../server/src/core/build/draft-check';
import { parseLedger, rowKey, type LedgerState, type RowRecord } from '../../server/src/core/build/ledger';
import { isDraftPath } from '../../server/src/core/rules/archive-name';
import { coreEngine } from '../../server/src/lsp/coreEngine';
import { CsvDocument } from '../../server/src/lsp/csvDocument';
import { DraftRows } from '../../server/src/lsp/draftRows';
import { randomRange } from './randomRange';
import { validCsv, validRow } from '../fixtures/rows';

const options = defaultOptions({ now: 0 });

/** Row i as the ledger has it: field 12 one minute off the fixture's, so that the fixture's row i differs from what was sent. */
function sentValues(i: number): string[] {
  const v = validRow(i);
  v[11] = v[11].slice(0, -1) + (v[11].endsWith('9') ? '8' : '9');
  return v;
}

function ledgerOf(rows: readonly number[]): LedgerState {
  const record = (values: string[]): RowRecord => ({
    t: 'row', hospital: values[0], case: 'C', key: rowKey(values), text: values.join(','), csv: '/out/3501200000_20251125_001.csv',
    archive: '/out/a.7z', archiveSize: 1, archiveMtimeMs: 0, sources: [], format: '7z', build: 'b', at: '2025-11-25T00:00:00Z',
  });
  return parseLedger(rows.map((i) => JSON.stringify(record(sentValues(i)))).join('\n'));
}

/** The draft rows as the check found them by reading every row. */
const draftRowsOf = (doc: CsvDocument): Row[] => doc.rows.filter((r) => isDraftPath(r.cells[13]?.value ?? ''));

function open(text: string): CsvDocument {
  return new CsvDocument('file:///t.csv', 'csv', 1, text, coreEngine, options);
}

interface State {
  doc: CsvDocument;
  shadow: TextDocument;
  rows: DraftRows;
}

function start(text: string): State {
  return { doc: open(text), shadow: TextDocument.create('file:///t.csv', 'csv', 1, text), rows: new DraftRows() };
}

function edit(s: State, changes: TextDocumentContentChangeEvent[]): void {
  const version = s.shadow.version + 1;
  s.shadow = TextDocument.update(s.shadow, changes, version);
  s.doc.applyChanges(changes, version);
  assert.equal(s.doc.text.getText(), s.shadow.getText());
  s.rows.follow(s.doc);
}

function compare(s: State, ledger: LedgerState): void {
  assert.deepEqual(s.rows.draftRows(s.doc), draftRowsOf(s.doc));
  assert.deepEqual(s.rows.sentFindings(s.doc, ledger, options), checkAgainstLedger(s.doc.rows, ledger, options));
}

const at = (l: number, c = 0) => ({ line: l, character: c });

describe('draft rows follow the document through edits', () => {
  const ledgers = [ledgerOf([0, 1, 2, 3]), ledgerOf([1, 3]), ledgerOf([])];
  const draft = (i: number, path: string) => validRow(i).map((v, k) => (k === 13 ? path : v)).join(',');
  const same = (i: number) => validRow(i).join(',');
  const differs = (i: number) => sentValues(i).join(',');

  it('an edit above, inside or below the draft rows and rows sent before', () => {
    const ledger = ledgers[0];
    const s = start([draft(0, './a'), same(1), draft(2, 'b/c'), differs(3), same(4)].join('\n') + '\n');
    compare(s, ledger);
    assert.equal(s.rows.draftRows(s.doc).length, 2);
    edit(s, [{ range: { start: at(0), end: at(0) }, text: `${draft(3, './x')}\n` }]);
    compare(s, ledger);
    edit(s, [{ range: { start: at(2, 0), end: at(3, 0) }, text: '' }]);
    compare(s, ledger);
    edit(s, [{ range: { start: at(1, 0), end: at(1, 0) }, text: `${same(0)}\n` }]);
    compare(s, ledger);
    // Several changes in one didChange, one taking out the row an earlier one put in.
    edit(s, [
      { range: { start: at(0), end: at(0) }, text: `${draft(1, './n')}\n` },
      { range: { start: at(0), end: at(1) }, text: '' },
      { range: { start: at(2), end: at(2) }, text: `${differs(2)}\n` },
    ]);
    compare(s, ledger);
    edit(s, [{ text: [same(0), draft(1, './q'), differs(1)].join('\r\n') }]);
    assert.equal(s.doc.lastEdit.whole, true);
    compare(s, ledger);
    compare(s, ledgers[1]);
  });

  it('random edits, ledgers and new opens: the same rows and findings as reading every row', () => {
    // `.` and `..` name a folder without a separator: the text's filter must not rule them out.
    const pieces = [draft(0, './a'), draft(1, 'x\\y'), draft(2, '.'), draft(3, '"..'), same(2), differs(0), differs(1), differs(3), './', '.', ',', '\n', '\n', '\r\n', '"'];
    const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(textArb, fc.array(fc.tuple(fc.nat(), fc.nat(), textArb, fc.nat(9), fc.nat(2)), { minLength: 1, maxLength: 10 }), (initial, edits) => {
        const s = start(initial);
        for (const [a, b, insert, kind, which] of edits) {
          const range = randomRange(s.shadow, a, b);
          if (kind === 0) edit(s, [{ text: insert }]);
          else if (kind === 1) edit(s, [{ range, text: insert }, { range: { start: at(0), end: at(0) }, text: insert }]);
          else if (kind === 2) {
            s.doc = open(s.shadow.getText());
            s.shadow = TextDocument.create('file:///t.csv', 'csv', 1, s.shadow.getText());
          } else edit(s, [{ range, text: insert }]);
          // Not every edit is followed by a check: the document settles after some of them only.
          if (kind % 3 !== 1) compare(s, ledgers[which]);
        }
        compare(s, ledgers[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('an edit of one row of a large document reads no other row', () => {
    const n = 20_000;
    const s = start(validCsv(n));
    const ledger = ledgerOf([100, 10_000, 19_000]);
    compare(s, ledger);
    assert.equal(s.rows.sentFindings(s.doc, ledger, options).length, 3);
    const cells = Object.getOwnPropertyDescriptor(CsvRow.prototype, 'cells')!;
    const counted = (change: TextDocumentContentChangeEvent): { cells: number; rows: number } => {
      const version = s.shadow.version + 1;
      s.shadow = TextDocument.update(s.shadow, [change], version);
      s.doc.applyChanges([change], version);
      const e = s.doc.lastEdit;
      const changed = new Set(e.whole ? [] : [...e.removed, ...e.added]);
      const read = new Set<Row>();
      let rowReads = 0;
      const rows = s.doc.rows;
      // Reads of the document's rows array (by index or by iterating it) and of any row's cells other than the changed rows'.
      s.doc.rows = new Proxy(rows, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) rowReads++;
          return Reflect.get(target, key, receiver);
        },
      });
      Object.defineProperty(CsvRow.prototype, 'cells', { ...cells, get(this: CsvRow) {
        if (!changed.has(this)) read.add(this);
        return cells.get!.call(this);
      } });
      try {
        s.rows.follow(s.doc);
        s.rows.draftRows(s.doc);
        s.rows.sentFindings(s.doc, ledger, options);
      } finally {
        Object.defineProperty(CsvRow.prototype, 'cells', cells);
        s.doc.rows = rows;
      }
      compare(s, ledger);
      return { cells: read.size, rows: rowReads };
    };
    for (const [l, c, text] of [[10_000, 40, '8'], [5_000, 0, 'x'], [0, 0, '\n'], [19_001, 3, ''], [100, 40, '0']] as const) {
      const reads = counted({ range: { start: at(l, c), end: at(l, c + 1) }, text });
      assert.ok(reads.cells === 0 && reads.rows <= 4, `edit of line ${l}: ${JSON.stringify(reads)}`);
    }
    assert.ok(s.rows.sentFindings(s.doc, ledger, options).length >= 1, 'a row still differs from what was sent');
  });
});
