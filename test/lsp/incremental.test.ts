/**
 * The row model kept by the server under incremental edits must equal a fresh parse of the
 * resulting text, and every row's findings must equal those of a fresh validation. Checked here
 * with a small engine whose findings depend on cell values and positions, so any row left stale,
 * shifted wrongly or re-indexed wrongly shows up.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseCsv } from '../../server/src/core/csv/parse';
import { DEFAULT_MAX_ROW_LENGTH, type Row, type SyntaxProblem } from '../../server/src/core/csv/model';
import { SEVERITY_RANK, type Finding } from '../../server/src/core/types';
import { defaultOptions } from '../../server/src/core/options';
import { CsvDocument } from '../../server/src/lsp/csvDocument';
import type { CrossRowIndex, ValidationEngine } from '../../server/src/lsp/engine';
import { coreEngine } from '../../server/src/lsp/coreEngine';
import { validateText } from '../../server/src/core/validate';
import { EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleLine } from '../../server/src/core/spec/example';
import { pandasColumnNames } from '../fixtures/rows';

/** A first row starting with "b" plays the header row: no row findings, not in the cross-row index. */
const isProbeHeader = (row: Row): boolean => row.index === 0 && row.text.startsWith('b');

function syntaxOf(row: Row, syntax: readonly SyntaxProblem[]): Finding[] {
  return syntax.map((p) => ({
    ruleId: 'syntax', severity: 'error', range: p.range, field: null, row: row.index, message: { 'zh-TW': p.kind, en: p.kind },
  }));
}

/** A row whose first cell is "d" has a deadline; its note stands on that cell. */
function probeNote(row: Row): Finding {
  const c = row.cells[0];
  return { ruleId: 'note', severity: 'information', range: c.range, field: 1, row: row.index, message: { 'zh-TW': 'd', en: 'd' } };
}

const probeEngine: ValidationEngine = {
  isDataRow: (row) => !isProbeHeader(row),
  nonDataFindings: (row, syntax) => syntaxOf(row, syntax),
  validateRow(row, cells, syntax) {
    const out: Finding[] = [];
    cells.forEach((c, i) => {
      if (c.value.includes('x')) {
        out.push({
          ruleId: 'has-x', severity: 'warning', range: c.range, field: i + 1, row: row.index, message: { 'zh-TW': c.value, en: c.value },
          fixes: [{ kind: 'trim', title: { 'zh-TW': 'x', en: 'x' }, edits: [{ range: c.range, newText: c.value.replace(/x/g, '') }] }],
        });
      }
    });
    const noted = cells[0]?.value === 'd';
    return {
      findings: out.concat(syntaxOf(row, syntax)), notePosition: out.length,
      deadline: noted ? { start: 0, deadline: 1, basis: 'exam', field: 12 } : undefined, noteSeverity: noted ? 'information' : undefined,
    };
  },
  deadlineNote: (row) => probeNote(row),
  crossRowIndex(): CrossRowIndex {
    const rows = new Map<number, Row>();
    let next = 0;
    return {
      add: (r) => (rows.set(next, r), next++),
      move: () => undefined,
      remove: (slot) => void rows.delete(slot),
      findings: () => {
        const seen = new Map<string, Row>();
        const out: Finding[] = [];
        for (const r of [...rows.values()].sort((a, b) => a.index - b.index)) {
          const first = seen.get(r.text);
          if (first) out.push({ ruleId: 'dup', severity: 'warning', range: { start: { ...r.range.start }, end: { ...r.range.end } }, field: null, row: r.index, message: { 'zh-TW': `${first.index}`, en: `${first.index}` } });
          else seen.set(r.text, r);
        }
        return out;
      },
    };
  },
  fileFindings: (file) => (file.bom ? [{ ruleId: 'bom', severity: 'warning', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, field: null, row: null, message: { 'zh-TW': '', en: '' } }] : []),
};

function fresh(text: string): { rows: unknown; findings: Finding[] } {
  const doc = new CsvDocument('file:///t.csv', 'csv', 1, text, probeEngine, defaultOptions({ now: 0 }));
  while (!doc.validateSome(1000));
  return { rows: plainRows(doc.rows), findings: doc.findings() };
}

/** The findings visited for one severity rank are those of that rank among all of them, in the same order. */
function assertRankWalks(doc: CsvDocument): void {
  const all = doc.findings();
  for (let rank = 0; rank < 4; rank++) {
    const visited: Finding[] = [];
    doc.forEachFinding((f) => void visited.push(f), rank);
    assert.deepEqual(visited, all.filter((f) => SEVERITY_RANK[f.severity] === rank), `rank ${rank}`);
  }
}

function plainRows(rows: readonly Row[]): unknown {
  return rows.map((r) => ({ index: r.index, line: r.line, range: r.range, text: r.text, lineBreak: r.lineBreak, cut: r.cut, cells: r.cells.map((c) => ({ ...c })) }));
}

const alphabet = ['a', 'b', 'd', 'x', ',', ',', '\n', '\n', '\r\n', '"', '1', ' ', '\ufeff'];
const textArb = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((a) => a.join(''));

describe('incremental re-validation (row model)', () => {
  it('a fresh parse and the incremental model agree after random edits', () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.tuple(fc.nat(), fc.nat(), textArb.map((s) => s.slice(0, 6))), { minLength: 1, maxLength: 8 }), (initial, edits) => {
        const doc = new CsvDocument('file:///t.csv', 'csv', 1, initial, probeEngine, defaultOptions({ now: 0 }));
        while (!doc.validateSome(1000));
        let shadow = TextDocument.create('file:///t.csv', 'csv', 1, initial);
        let version = 1;
        for (const [a, b, insert] of edits) {
          const len = shadow.getText().length;
          const from = Math.min(a % (len + 1), b % (len + 1));
          const to = Math.max(a % (len + 1), b % (len + 1));
          const range = { start: shadow.positionAt(from), end: shadow.positionAt(to) };
          version++;
          shadow = TextDocument.update(shadow, [{ range, text: insert }], version);
          doc.applyChanges([{ range, text: insert }], version);
          // Validate only some of the time, so edits also land on rows still dirty.
          if (a % 2 === 0) while (!doc.validateSome(1000));
          assertRankWalks(doc);
        }
        while (!doc.validateSome(1000));
        assert.equal(doc.text.getText(), shadow.getText());
        const expected = fresh(shadow.getText());
        assert.deepEqual(plainRows(doc.rows), expected.rows);
        assert.deepEqual(doc.findings(), expected.findings);
        assertRankWalks(doc);
      }),
      { numRuns: 400 },
    );
  });

  it('rows over the length bound: a fresh parse and the incremental model agree after edits that take records over it and back', () => {
    // Pieces of a third of the bound: a few make a line or a quoted record over it; quotes open and close records.
    const third = 'a'.repeat(Math.ceil(DEFAULT_MAX_ROW_LENGTH / 3));
    const pieces = [third, third, 'x', ',', '\n', '\n', '\r\n', '"', '"'];
    const longText = fc.array(fc.constantFrom(...pieces), { maxLength: 16 }).map((a) => a.join(''));
    fc.assert(
      fc.property(longText, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(fc.constantFrom(...pieces, ''), { maxLength: 3 }).map((a) => a.join(''))), { minLength: 1, maxLength: 6 }), (initial, edits) => {
        const doc = new CsvDocument('file:///t.csv', 'csv', 1, initial, probeEngine, defaultOptions({ now: 0 }));
        let shadow = TextDocument.create('file:///t.csv', 'csv', 1, initial);
        let version = 1;
        for (const [a, b, insert] of edits) {
          const len = shadow.getText().length;
          // Mostly short spans, some across lines.
          const from = a % (len + 1);
          const to = Math.min(len, from + (b % 5 === 0 ? b % 70000 : b % 3));
          const range = { start: shadow.positionAt(from), end: shadow.positionAt(to) };
          version++;
          shadow = TextDocument.update(shadow, [{ range, text: insert }], version);
          doc.applyChanges([{ range, text: insert }], version);
          if (a % 2 === 0) while (!doc.validateSome(1000));
        }
        while (!doc.validateSome(1000));
        const expected = fresh(shadow.getText());
        assert.deepEqual(plainRows(doc.rows), expected.rows);
        assert.deepEqual(doc.findings(), expected.findings);
      }),
      { numRuns: 300 },
    );
  });

  it('re-parses only the rows an edit touched', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `r${i},a,b`).join('\n');
    const doc = new CsvDocument('file:///t.csv', 'csv', 1, text, probeEngine, defaultOptions({ now: 0 }));
    while (!doc.validateSome(1000));
    const before = doc.rows.slice();
    doc.applyChanges([{ range: { start: { line: 500, character: 5 }, end: { line: 500, character: 5 } }, text: 'x' }], 2);
    const replaced = doc.rows.flatMap((r, i) => (r !== before[i] ? [i] : []));
    assert.deepEqual(replaced, [499, 500, 501], 'only the edited row and one neighbour each side are parsed again');
    assert.equal(doc.rows[500].text, 'r500,xa,b');
    assert.equal(parseCsv(doc.text.getText()).rows.length, doc.rows.length);
  });

  it('a whole-text change (full sync, or an edit of the whole range) agrees with a fresh parse, lone CRs and all', () => {
    const withCr = fc.array(fc.constantFrom(...alphabet, '\r'), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(withCr, fc.array(fc.tuple(fc.nat(), fc.nat(), withCr.map((s) => s.slice(0, 6))), { minLength: 1, maxLength: 4 }), (initial, edits) => {
        const doc = new CsvDocument('file:///t.csv', 'csv', 1, initial, probeEngine, defaultOptions({ now: 0 }));
        while (!doc.validateSome(1000));
        let text = initial;
        let version = 1;
        for (const [a, b, insert] of edits) {
          const from = Math.min(a % (text.length + 1), b % (text.length + 1));
          const to = Math.max(a % (text.length + 1), b % (text.length + 1));
          const before = TextDocument.create('file:///t.csv', 'csv', 1, text);
          text = text.slice(0, from) + insert + text.slice(to);
          // As full sync sends it, or as an extension's edit of the whole document comes: the range of the whole text.
          const whole = a % 3 === 0 ? { text } : { range: { start: { line: 0, character: 0 }, end: before.positionAt(before.getText().length) }, text };
          doc.applyChanges([whole], ++version);
          if (a % 2 === 0) while (!doc.validateSome(1000));
        }
        while (!doc.validateSome(1000));
        assert.equal(doc.text.getText(), text);
        const expected = fresh(text);
        assert.deepEqual(plainRows(doc.rows), expected.rows);
        assert.deepEqual(doc.findings(), expected.findings);
        assertRankWalks(doc);
      }),
      { numRuns: 400 },
    );
  });

  it('a whole-text change that alters one line parses again only the rows beside it; one that alters most lines, every row', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `r${i},a,b`);
    const doc = new CsvDocument('file:///t.csv', 'csv', 1, lines.join('\r\n'), probeEngine, defaultOptions({ now: 0 }));
    while (!doc.validateSome(1000));
    const before = doc.rows.slice();
    lines[500] = 'r500,xa,b';
    doc.applyChanges([{ text: lines.join('\r\n') }], 2);
    assert.deepEqual(doc.rows.flatMap((r, i) => (r !== before[i] ? [i] : [])), [499, 500, 501, 502], "the changed line's row and those beside its ends");
    const reloaded = doc.rows.slice();
    lines[700] = 'r700,a,xb';
    doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 999, character: 8 } }, text: lines.join('\r\n') }], 3);
    assert.deepEqual(doc.rows.flatMap((r, i) => (r !== reloaded[i] ? [i] : [])), [699, 700, 701, 702], 'the same for the range of the whole text');
    const most = lines.map((l, i) => (i % 3 === 0 ? l : `${l},c`));
    const kept = doc.rows.slice();
    doc.applyChanges([{ text: most.join('\r\n') }], 4);
    assert.equal(doc.rows.filter((r, i) => r === kept[i]).length, 0);
    while (!doc.validateSome(1000));
    assert.deepEqual(plainRows(doc.rows), fresh(most.join('\r\n')).rows);
  });

  it('multiple content changes in one notification apply in order', () => {
    const doc = new CsvDocument('file:///t.csv', 'csv', 1, 'a,b\nc,d\n', probeEngine, defaultOptions({ now: 0 }));
    doc.applyChanges(
      [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'x\ny' },
        { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, text: 'z' },
      ],
      2,
    );
    while (!doc.validateSome(1000));
    assert.equal(doc.text.getText(), 'x\ny,b\nz,d\n');
    assert.deepEqual(plainRows(doc.rows), fresh('x\ny,b\nz,d\n').rows);
  });
});

describe('incremental re-validation with the core engine: empty rows and the file\'s separator', () => {
  const options = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, lang: 'en' });
  const keys = (fs: readonly Finding[]): string[] =>
    fs.map((f) => `${f.ruleId} ${f.row} ${f.range.start.line}:${f.range.start.character} ${f.message.en}`).sort();

  it('an edit emptying a row or filling one in gives the findings of a full validation', () => {
    const second = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
    const doc = new CsvDocument('file:///t.csv', 'csv', 1, `${exampleLine()}\n,,,,\n${second}\n,,,,\n`, coreEngine, options);
    while (!doc.validateSome(1000));
    const line = (n: number) => ({ start: { line: n, character: 0 }, end: { line: n, character: doc.text.getText().split('\n')[n].length } });
    const edits: [number, string][] = [[2, ',,,,,,,,,,,,,,,,'], [0, '  '], [1, exampleLine()], [1, ''], [3, second]];
    edits.forEach(([n, text], k) => {
      doc.applyChanges([{ range: line(n), text }], k + 2);
      while (!doc.validateSome(1000));
      assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings), `after edit ${k + 1}`);
    });
    assert.ok(doc.findings().some((f) => f.ruleId === 'FILE-empty') === false);
    doc.applyChanges([{ range: line(3), text: ',' }], 9);
    while (!doc.validateSome(1000));
    assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings));
    assert.ok(doc.findings().some((f) => f.ruleId === 'FILE-empty'), 'no data row left: ' + doc.text.getText());
  });

  it('the first record pandas wrote as column names: counted by the rules across rows as the full validation counts it, through edits', () => {
    // Two reports of one visit, serials 1 and 2; pandas wrote the first as column names (1 -> 1.1, empty -> Unnamed: N).
    const first = exampleLine();
    const names = pandasColumnNames(first.split(','));
    assert.match(names, /,1\.1,.*Unnamed: 14/);
    const second = exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' });
    const doc = new CsvDocument('file:///t.csv', 'csv', 1, `${names}\n${second}\n`, coreEngine, options);
    while (!doc.validateSome(1000));
    const serious = () => doc.findings().filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId);
    assert.deepEqual(serious(), ['FILE-header']);
    assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings));
    const line = (n: number) => ({ start: { line: n, character: 0 }, end: { line: n, character: doc.text.getText().split('\n')[n].length } });
    // Restored, named again, its serial made 3 (a gap), a row put above it (now a data row), that row taken away again.
    const edits: [ReturnType<typeof line>, string][] = [
      [line(0), first], [line(0), names], [line(0), names.replace(',1.1,', ',3,')], [line(0), names],
      [{ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `${exampleLine({ 11: '3', 14: 'DCF3501200000_C00000000003.7z' })}\n`],
    ];
    edits.forEach(([range, text], k) => {
      doc.applyChanges([{ range, text }], k + 2);
      while (!doc.validateSome(1000));
      assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings), `after edit ${k + 1}`);
    });
    doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }], 9);
    while (!doc.validateSome(1000));
    assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings));
    assert.deepEqual(serious(), ['FILE-header']);
  });

  it('a file separated by semicolons, then a row of it by commas: the findings of a full validation', () => {
    const lines = [exampleLine(), exampleLine({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' })];
    const doc = new CsvDocument('file:///t.csv', 'csv', 1, lines.map((l) => l.split(',').join(';')).join('\n') + '\n', coreEngine, options);
    while (!doc.validateSome(1000));
    assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings));
    assert.ok(doc.findings().some((f) => f.ruleId === 'FILE-separator'));
    doc.applyChanges([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: lines[1].length } }, text: lines[1] }], 2);
    while (!doc.validateSome(1000));
    assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings));
    assert.ok(!doc.findings().some((f) => f.ruleId === 'FILE-separator'));
  });
});
