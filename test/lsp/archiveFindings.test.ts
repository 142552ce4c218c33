/**
 * Archive-check findings following their rows through edits (ArchiveFindings): the same findings as reading every
 * row after each edit (the reference below, as the server did it before), while an edit reads only the rows it changed.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { meantName } from '../../server/src/core/archive/check';
import type { Row } from '../../server/src/core/csv/model';
import { CsvRow } from '../../server/src/core/csv/parse';
import { defaultOptions } from '../../server/src/core/options';
import type { Finding } from '../../server/src/core/types';
import { ArchiveFindings, type ArchiveFinding } from '../../server/src/lsp/archiveFindings';
import { coreEngine } from '../../server/src/lsp/coreEngine';
import { CsvDocument } from '../../server/src/lsp/csvDocument';
import { randomRange } from './randomRange';
import { validCsv } from '../fixtures/rows';

/** Where the findings follow their rows by reading every row of the document after an edit. */
function reference(entries: readonly ArchiveFinding[], doc: CsvDocument): ArchiveFinding[] {
  const rowsByName = new Map<string, Row[]>();
  for (const row of doc.rows) {
    const name = meantName(row.cells[13]?.value);
    if (!name) continue;
    const list = rowsByName.get(name);
    if (list) list.push(row);
    else rowsByName.set(name, [row]);
  }
  const oldRows = new Map<string, number[]>();
  for (const { finding, archive } of entries) {
    const list = oldRows.get(archive) ?? [];
    if (finding.row !== null && !list.includes(finding.row)) list.push(finding.row);
    oldRows.set(archive, list);
  }
  const kept: ArchiveFinding[] = [];
  for (const { finding, archive } of entries) {
    const rows = rowsByName.get(archive) ?? [];
    const before = (oldRows.get(archive) ?? []).sort((a, b) => a - b);
    const row = before.length === rows.length ? rows[before.indexOf(finding.row ?? -1)] : rows.find((r) => r.index === finding.row);
    const cell = row?.cells[13];
    if (!row || !cell) continue;
    kept.push({ archive, finding: { ...finding, row: row.index, range: cell.range } });
  }
  return kept;
}

const MISSING = ['A.7z', 'B.7z'];

/** An A14-missing finding on each row of `doc` naming an archive of MISSING, as a check finds them. */
function checkedFindings(doc: CsvDocument): ArchiveFinding[] {
  const out: ArchiveFinding[] = [];
  for (const row of doc.rows) {
    const archive = meantName(row.cells[13]?.value);
    if (!archive || !MISSING.includes(archive)) continue;
    const finding: Finding = { ruleId: 'A14-missing', severity: 'error', range: row.cells[13].range, field: 14, row: row.index, message: { 'zh-TW': archive, en: archive } };
    out.push({ finding, archive });
  }
  return out;
}

const line = (tag: string, archive: string): string => `${tag},,,,,,,,,,,,,${archive}`;

function open(text: string): CsvDocument {
  return new CsvDocument('file:///t.csv', 'csv', 1, text, coreEngine, defaultOptions({ now: 0 }));
}

/** Applies `changes` to `doc` and to its shadow text, then follows the findings both ways and compares them. */
function edit(state: { doc: CsvDocument; shadow: TextDocument; followed: ArchiveFindings; expected: ArchiveFinding[] }, changes: TextDocumentContentChangeEvent[]): void {
  const version = state.shadow.version + 1;
  state.shadow = TextDocument.update(state.shadow, changes, version);
  state.doc.applyChanges(changes, version);
  assert.equal(state.doc.text.getText(), state.shadow.getText());
  const before = state.followed.findings;
  const moved = state.followed.follow(state.doc);
  state.expected = reference(state.expected, state.doc);
  assert.deepEqual(state.followed.findings, state.expected.map((e) => e.finding));
  // Not moved: the findings need not be published again.
  if (!moved) assert.deepEqual(state.followed.findings, before);
}

/** `keep`, when given, says per finding whether to drop it (0), keep it (1) or keep it twice (2): an archive's rows without findings, and rows with two. */
function start(text: string, keep?: readonly number[]) {
  const doc = open(text);
  const entries = checkedFindings(doc).flatMap((e, i) => Array<ArchiveFinding>(keep ? keep[i % keep.length] : 1).fill(e));
  return { doc, shadow: TextDocument.create('file:///t.csv', 'csv', 1, text), followed: new ArchiveFindings(entries, doc), expected: entries };
}

const at = (l: number, c = 0) => ({ line: l, character: c });
const lines = (s: { followed: ArchiveFindings }): [number | null, number][] => s.followed.findings.map((f) => [f.row, f.range.start.line]);

describe('archive findings follow their rows through edits', () => {
  const text = [line('a', 'A.7z'), line('b', 'C.7z'), line('c', 'B.7z'), line('d', 'B.7z'), line('e', 'C.7z')].join('\n') + '\n';

  it('an edit above, inside or below the rows with findings moves them or leaves them', () => {
    const s = start(text);
    assert.deepEqual(lines(s), [[0, 0], [2, 2], [3, 3]]);
    edit(s, [{ range: { start: at(0), end: at(0) }, text: `${line('z', 'C.7z')}\n` }]);
    assert.deepEqual(lines(s), [[1, 1], [3, 3], [4, 4]]);
    edit(s, [{ range: { start: at(3, 0), end: at(3, 1) }, text: 'cc' }]);
    assert.deepEqual(lines(s), [[1, 1], [3, 3], [4, 4]]);
    assert.equal(s.followed.findings[1].range.start.character, line('cc', '').length);
    edit(s, [{ range: { start: at(6), end: at(6) }, text: `${line('f', 'C.7z')}\n` }]);
    edit(s, [{ range: { start: at(0), end: at(1) }, text: '' }]);
    assert.deepEqual(lines(s), [[0, 0], [2, 2], [3, 3]]);
  });

  it('drops a finding whose row names another archive, and one whose archive another row is added or removed for', () => {
    const s = start(text);
    edit(s, [{ range: { start: at(0, 16), end: at(0, 17) }, text: 'D' }]);
    assert.deepEqual(lines(s), [[2, 2], [3, 3]]);
    // A third row naming B: which of them had the findings is unclear, those on rows still naming B at their index stay.
    edit(s, [{ range: { start: at(3), end: at(3) }, text: `${line('x', 'B.7z')}\n` }]);
    assert.deepEqual(lines(s), [[2, 2], [3, 3]]);
    edit(s, [{ range: { start: at(2), end: at(4) }, text: '' }]);
    assert.deepEqual(lines(s), [[2, 2]]);
  });

  it('a whole-text change, several changes in one edit, and a new open of the document', () => {
    const s = start(text);
    edit(s, [{ text: [line('q', 'C.7z'), line('r', 'C.7z'), line('s', 'C.7z'), line('t', 'C.7z'), line('a', 'A.7z'), line('c', 'B.7z'), line('d', 'B.7z')].join('\n') + '\n' }]);
    assert.equal(s.doc.lastEdit.whole, true);
    assert.deepEqual(lines(s), [[4, 4], [5, 5], [6, 6]]);
    edit(s, [
      { range: { start: at(0), end: at(0) }, text: `${line('n', 'B.7z')}\n` },
      { range: { start: at(0), end: at(1) }, text: '' },
      { range: { start: at(1), end: at(2) }, text: '' },
    ]);
    assert.deepEqual(lines(s), [[3, 3], [4, 4], [5, 5]]);
    s.doc = open(s.shadow.getText());
    s.shadow = TextDocument.create('file:///t.csv', 'csv', 0, s.shadow.getText());
    edit(s, [{ range: { start: at(0), end: at(0) }, text: '\n' }]);
    assert.deepEqual(lines(s), [[3, 4], [4, 5], [5, 6]]);
  });

  it('random edits: the same findings as reading every row', () => {
    const pieces = [line('a', 'A.7z'), line('b', 'B.7z'), line('c', 'C.7z'), 'A.7z', 'B.7z', ',', 'x', '\n', '\n', '\r\n', '"'];
    const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((a) => a.join(''));
    const rowsArb = fc.array(fc.constantFrom(...MISSING, 'C.7z'), { minLength: 1, maxLength: 8 }).map((names) => names.map((n, i) => `${line(`r${i}`, n)}\n`).join(''));
    fc.assert(
      fc.property(rowsArb, fc.array(fc.nat(2), { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.nat(), textArb, fc.nat(9)), { minLength: 1, maxLength: 8 }), (initial, keep, edits) => {
        const s = start(initial, keep);
        for (const [a, b, insert, kind] of edits) {
          const range = randomRange(s.shadow, a, b);
          if (kind === 0) edit(s, [{ text: insert }]);
          else if (kind === 1) edit(s, [{ range, text: insert }, { range: { start: at(0), end: at(0) }, text: insert }]);
          else edit(s, [{ range, text: insert }]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an edit of one row of a large document reads no other row', () => {
    const s = start(validCsv(20_000));
    const withFindings = [100, 10_000, 19_000];
    s.expected = withFindings.map((i): ArchiveFinding => {
      const cell = s.doc.rows[i].cells[13];
      return { archive: meantName(cell.value)!, finding: { ruleId: 'A14-missing', severity: 'error', range: cell.range, field: 14, row: i, message: { 'zh-TW': '', en: '' } } };
    });
    s.followed = new ArchiveFindings(s.expected, s.doc);
    const cells = Object.getOwnPropertyDescriptor(CsvRow.prototype, 'cells')!;
    const read = new Set<Row>();
    const counted = (change: TextDocumentContentChangeEvent): number[] => {
      const version = s.shadow.version + 1;
      s.shadow = TextDocument.update(s.shadow, [change], version);
      s.doc.applyChanges([change], version);
      read.clear();
      Object.defineProperty(CsvRow.prototype, 'cells', { ...cells, get(this: CsvRow) {
        read.add(this);
        return cells.get!.call(this);
      } });
      try {
        s.followed.follow(s.doc);
      } finally {
        Object.defineProperty(CsvRow.prototype, 'cells', cells);
      }
      s.expected = reference(s.expected, s.doc);
      assert.deepEqual(s.followed.findings, s.expected.map((e) => e.finding));
      const e = s.doc.lastEdit;
      const changed = new Set(e.whole ? [] : [...e.removed, ...e.added]);
      return [...read].filter((r) => !changed.has(r)).map((r) => r.index);
    };
    // The first edit after the check reads the rows with findings once; their findings' ranges then move with them.
    assert.deepEqual(counted({ range: { start: at(10_000, 40), end: at(10_000, 41) }, text: '9' }).sort((a, b) => a - b), [100, 19_000]);
    for (const [l, c, text] of [[10_000, 40, '8'], [5_000, 0, 'x'], [0, 0, '\n'], [19_001, 3, ''], [19_001, 0, '\n']] as const) {
      assert.deepEqual(counted({ range: { start: at(l, c), end: at(l, c + 1) }, text }), [], `edit of line ${l}`);
    }
    assert.deepEqual(lines(s), [[100, 101], [10_000, 10_001], [19_000, 19_002]]);
  });
});
