/**
 * An open document is a draft for Build as the first data row whose field 14 is filled in says. Edits that change
 * which row that is, or what it says, give the findings of a full validation; every row is validated again only
 * when the answer changes, and an edit below the deciding row reads no other row.
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/types';
import { defaultOptions } from '../../server/src/core/options';
import { validateText } from '../../server/src/core/validate';
import { CsvDocument } from '../../server/src/lsp/csvDocument';
import type { ValidationEngine } from '../../server/src/lsp/engine';
import { coreEngine } from '../../server/src/lsp/coreEngine';
import { exampleLine, EXAMPLE_NOW } from '../../server/src/core/spec/example';

const options = defaultOptions({ now: EXAMPLE_NOW, fileName: 'draft.csv', lang: 'en' });
const keys = (fs: readonly Finding[]): string[] =>
  fs.map((f) => `${f.ruleId} ${f.row} ${f.range.start.line}:${f.range.start.character} ${f.message.en}`).sort();
const DRAFT_ADVICE = /in a draft it holds the path of the row's image folder/;
const ARCHIVE = (n: number) => `DCF3501200000_C0000000000${n}.7z`;

/** coreEngine, counting the rows it validates. */
function countingEngine(): { engine: ValidationEngine; validated: () => number } {
  let n = 0;
  const engine: ValidationEngine = { ...coreEngine, validateRow: (...args) => (n++, coreEngine.validateRow(...args)) };
  return { engine, validated: () => { const k = n; n = 0; return k; } };
}

describe('the row that says whether an open document is a draft', () => {
  const lines = [
    exampleLine({ 14: '' }),
    exampleLine({ 6: '0002', 14: '' }),
    exampleLine({ 6: '0003', 14: './ct1' }),
    exampleLine({ 6: '0004', 14: '' }),
    exampleLine({ 6: '0005', 14: './mr1' }),
    ...Array.from({ length: 15 }, (_, k) => exampleLine({ 6: String(k + 6).padStart(4, '0'), 14: `./r${k + 6}` })),
  ];

  function open(): { doc: CsvDocument; validated: () => number } {
    const { engine, validated } = countingEngine();
    const doc = new CsvDocument('file:///drafts/draft.csv', 'csv', 1, lines.join('\n') + '\n', engine, options);
    while (!doc.validateSome(1000));
    validated();
    return { doc, validated };
  }

  const field14 = (doc: CsvDocument, line: number) => {
    const cell = doc.rowAt(line)!.cells[13];
    return { start: cell.range.start, end: cell.range.end };
  };
  const isDraft = (doc: CsvDocument): boolean => {
    const required = doc.findings().filter((f) => f.ruleId === 'F-required' && f.field === 14);
    assert.ok(required.length > 0, 'some field 14 is empty');
    return required.every((f) => DRAFT_ADVICE.test(f.message.en)) && !doc.findings().some((f) => f.ruleId === 'FILE-name');
  };

  it('is the third row when the first two have no folder yet: opened as a draft', () => {
    const { doc } = open();
    assert.equal(isDraft(doc), true);
    assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings));
  });

  it('follows edits above, at and below it; all rows are validated again only when the answer changes', () => {
    const { doc, validated } = open();
    let version = 1;
    // An edit parses again and validates the rows it touched, a few; `all`: every row is validated again.
    const edit = (range: ReturnType<typeof field14>, text: string, draft: boolean, all: boolean, what: string) => {
      doc.applyChanges([{ range, text }], ++version);
      while (!doc.validateSome(1000));
      assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), options).findings), what);
      assert.equal(isDraft(doc), draft, what);
      const n = validated();
      assert.ok(all ? n >= doc.rows.length : n <= 3, `${n} rows validated of ${doc.rows.length}: ${what}`);
    };
    edit(field14(doc, 4), ARCHIVE(5), true, false, 'a row below the deciding one says otherwise: it does not decide');
    edit(field14(doc, 0), ARCHIVE(1), false, true, 'the first row filled in with an archive name decides');
    edit(field14(doc, 0), '', true, true, 'the first row emptied again: the third decides');
    edit(field14(doc, 2), ARCHIVE(3), false, true, 'the deciding row changes form');
    edit(field14(doc, 2), '.\\ct1', true, true, 'and back');
    edit(field14(doc, 2), 'images/ct1', true, false, 'it changes, keeping its form');
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    edit(top, exampleLine({ 6: '0006', 14: ARCHIVE(6) }) + '\n', false, true, 'a row put in above it decides');
    edit({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, '', true, true, 'that row taken out again');
    edit({ start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, '', false, true, 'the deciding row deleted: the next filled in decides');
    edit(field14(doc, 3), '', true, true, 'that one emptied: the next decides');
    edit(field14(doc, 10), ARCHIVE(9), true, false, 'a row far below it');
  });

  it('takes a "." row for a draft\'s only while no row below it names an archive or a folder, and follows edits of the rows below', () => {
    const { engine } = countingEngine();
    const text = [exampleLine({ 14: '.' }), exampleLine({ 6: '0002', 14: ARCHIVE(2) }), exampleLine({ 6: '0003', 14: ARCHIVE(3) })].join('\n') + '\n';
    const doc = new CsvDocument('file:///drafts/3501200000_20251125_001.csv', 'csv', 1, text, engine, { ...options, fileName: 'x.csv' });
    while (!doc.validateSome(1000));
    const named = () => doc.findings().some((f) => f.ruleId === 'FILE-name');
    const same = (what: string) => assert.deepEqual(keys(doc.findings()), keys(validateText(doc.text.getText(), { ...options, fileName: 'x.csv' }).findings), what);
    same('opened');
    assert.equal(named(), true, 'an upload CSV with a stray "." row: its name is checked');
    let version = 1;
    const edit = (line: number, value: string, upload: boolean, what: string) => {
      doc.applyChanges([{ range: field14(doc, line), text: value }], ++version);
      while (!doc.validateSome(1000));
      same(what);
      assert.equal(named(), upload, what);
    };
    edit(1, '', true, 'the next row naming an archive decides');
    edit(2, '', false, 'no row names an archive: the "." row makes it a draft');
    edit(2, './ct3', false, 'a folder below it');
    edit(2, ARCHIVE(3), true, 'an archive below it again');
  });
});
