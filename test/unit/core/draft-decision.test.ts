// Whether a file is a draft for Build is said by the first data row whose field 14 is filled in, so that a draft
// whose first row has no image folder yet is still a draft.
import assert from 'node:assert/strict';
import {
  BatchValidator, defaultOptions, DRAFT_DECIDING_ROWS, draftDecidingRow, draftSaidBy, isDraftText, parseCsv, validateText,
  type Finding, type ValidationOptions,
} from '../../../server/src/core/index';
import { exampleLine, exampleText, EXAMPLE_NOW } from '../../../server/src/core/spec/example';
import { coreEngine } from '../../../server/src/lsp/coreEngine';

const options = defaultOptions({ now: EXAMPLE_NOW, fileName: 'draft.csv' });
const DRAFT_ADVICE = /in a draft it holds the path of the row's image folder/;

function decided(text: string): boolean {
  return isDraftText(parseCsv(text).rows, coreEngine.isDataRow);
}

function findings(text: string, o: ValidationOptions = options): Finding[] {
  return validateText(text, o).findings;
}

function requiredOn14(list: Finding[]): { row: number | null; en: string }[] {
  return list.filter((f) => f.ruleId === 'F-required' && f.field === 14).map((f) => ({ row: f.row, en: f.message.en }));
}

describe('which row says whether a file is a draft', () => {
  it('a row says draft, upload or nothing by its field 14', () => {
    const said = (v: string) => draftSaidBy(parseCsv(exampleLine({ 14: v })).rows[0]);
    assert.equal(said('./ct1'), true);
    assert.equal(said('D:\\影像\\王小明\\'), true);
    assert.equal(said('DCF3501200000_C00000000001.7z'), false);
    assert.equal(said('DCF?'), false, 'anything else filled in says upload CSV');
    assert.equal(said(''), undefined);
    assert.equal(said('   '), undefined);
    assert.equal(said('N/A'), undefined, 'an export\'s null literal is no value yet');
    // The CSV's folder and the one above it, as ./ and ../ are: no archive name is either.
    assert.equal(said('.'), true);
    assert.equal(said('..'), true);
    assert.equal(said('"."'), true, 'quoted, as Explorer\'s Copy as path writes it');
    // A folder's name alone reads as a mistyped archive name: it does not make an upload CSV a draft.
    assert.equal(said('row1'), false);
    assert.equal(said('...'), false);
  });

  it('in a draft, a folder\'s name alone in field 14 is said to be no path, with the path to write, not an archive name\'s form', () => {
    const found = findings(exampleText({ 14: './ct1' }, { 6: '0002', 14: 'row1' })).filter((f) => f.field === 14 && f.row === 1);
    assert.deepEqual(found.map((f) => [f.ruleId, f.message.en]), [['F14-pattern', "field 14 row1 is no path: a draft's field 14 holds the path of the row's image folder or files, and a folder beside the draft is written ./row1"]]);
    assert.match(found[0].message['zh-TW'], /草稿旁的資料夾寫成 \.\/row1$/);
    // A mistyped archive name in a draft is still told what an archive name is.
    const archive = findings(exampleText({ 14: './ct1' }, { 6: '0002', 14: 'DCF3501200000_C0000000001.7z' })).filter((f) => f.field === 14 && f.row === 1);
    assert.deepEqual(archive.map((f) => f.ruleId), ['F14-pattern']);
    assert.match(archive[0].message.en, /expected DCF or ATT/);
  });

  it('a draft row whose field 14 is "." is a draft path, as "./" is, with no archive-name finding', () => {
    for (const path of ['.', './', '..']) {
      const found = findings(exampleText({ 14: path }));
      assert.deepEqual(found.filter((f) => f.field === 14).map((f) => f.ruleId), ['DRAFT-path'], path);
    }
  });

  it('the first data row whose field 14 is filled in decides', () => {
    assert.equal(decided(exampleText({ 14: '' }, { 14: './mr1' }, { 14: './ct1' })), true);
    assert.equal(decided(exampleText({ 14: '' }, { 14: '' }, { 14: 'DCF3501200000_C00000000003.7z' }, { 14: './ct1' })), false);
    assert.equal(decided(exampleText({ 14: 'DCF3501200000_C00000000001.7z' }, { 14: './ct1' })), false);
    assert.equal(decided(exampleText({ 14: '' }, { 14: '' })), false, 'no row says: no draft');
    // A header row and empty rows say nothing.
    assert.equal(decided('醫事機構代碼,醫事類別,執行年月\n,,,\n' + exampleText({ 14: '' }, { 14: 'images/mr1' })), true);
    const rows = parseCsv('\n' + exampleText({ 14: '' }, { 14: './ct1' })).rows;
    assert.equal(draftDecidingRow(rows, coreEngine.isDataRow)?.line, 2);
  });

  it(`only the first ${DRAFT_DECIDING_ROWS} rows may decide`, () => {
    const empty = exampleLine({ 14: '' }) + '\n';
    assert.equal(decided(empty.repeat(DRAFT_DECIDING_ROWS - 1) + exampleLine({ 14: './ct1' }) + '\n'), true);
    assert.equal(decided(empty.repeat(DRAFT_DECIDING_ROWS) + exampleLine({ 14: './ct1' }) + '\n'), false);
  });

  it('a draft whose first row has no folder yet is told so: its empty field 14 asks for a path, and any file name will do', () => {
    const text = exampleText({ 14: '' }, { 14: './mr1', 6: '0002' }, { 14: '', 6: '0003' });
    const list = findings(text);
    assert.deepEqual(requiredOn14(list).map((f) => f.row), [0, 2]);
    for (const f of requiredOn14(list)) assert.match(f.en, DRAFT_ADVICE);
    assert.ok(!list.some((f) => f.ruleId === 'FILE-name'), list.map((f) => f.ruleId).join(' '));
    const upload = findings(exampleText({ 14: '' }, { 14: 'DCF3501200000_C00000000002.7z', 6: '0002' }));
    assert.doesNotMatch(requiredOn14(upload)[0].en, DRAFT_ADVICE);
    assert.ok(upload.some((f) => f.ruleId === 'FILE-name'));
  });

  it('the language server\'s file-level findings decide the same way', () => {
    for (const [text, named] of [
      [exampleText({ 14: '' }, { 14: './mr1' }), false],
      [exampleText({ 14: '' }, { 14: 'DCF3501200000_C00000000002.7z' }), true],
    ] as const) {
      const model = parseCsv(text);
      const ids = coreEngine.fileFindings({ rows: model.rows, bom: model.bom, lineCount: model.lineCount }, options).map((f) => f.ruleId);
      assert.equal(ids.includes('FILE-name'), named, ids.join(' '));
    }
  });
});

describe('a stream of rows before the one that decides', () => {
  const key = (f: Finding) => `${f.row}|${f.ruleId}|${JSON.stringify(f.range)}|${f.message.en}`;

  function streamed(text: string, o: ValidationOptions = options): Finding[][] {
    const model = parseCsv(text);
    const batch = new BatchValidator(o, { streaming: true });
    const perRow = model.rows.map((row) => batch.addRow(row));
    return [...perRow, batch.finish({ bom: model.bom, lineCount: model.lineCount })];
  }

  it('holds their findings back until a row decides, then gives them in order, as validateText does', () => {
    const text = ',,,\n' + exampleText({ 14: '' }, { 14: '', 6: '0002' }, { 14: './ct1', 6: '0003' }, { 14: '', 6: '0004' });
    const got = streamed(text);
    assert.deepEqual(got.slice(0, 3).map((l) => l.length), [0, 0, 0], 'nothing before the deciding row');
    assert.deepEqual(got[3].map((f) => f.row).filter((r, i, all) => all.indexOf(r) === i), [0, 1, 2, 3]);
    assert.deepEqual(requiredOn14(got.flat()).map((f) => f.row), [1, 2, 4]);
    for (const f of requiredOn14(got.flat())) assert.match(f.en, DRAFT_ADVICE);
    assert.deepEqual(got.flat().map(key).sort(), findings(text).map(key).sort());
  });

  it('gives them from finish when no row decides, as an upload CSV\'s', () => {
    const text = exampleText({ 14: '' }, { 14: '', 6: '0002' });
    const got = streamed(text);
    assert.deepEqual(got.slice(0, 2).map((l) => l.length), [0, 0]);
    assert.deepEqual(requiredOn14(got[2]).map((f) => f.row), [0, 1]);
    for (const f of requiredOn14(got[2])) assert.doesNotMatch(f.en, DRAFT_ADVICE);
    assert.deepEqual(got.flat().map(key).sort(), findings(text).map(key).sort());
  });

  it(`holds no more than the first ${DRAFT_DECIDING_ROWS} rows, and none when told whether the file is a draft`, () => {
    const text = (exampleLine({ 14: '' }) + '\n').repeat(DRAFT_DECIDING_ROWS + 1) + exampleLine({ 14: './ct1' }) + '\n';
    const got = streamed(text);
    assert.equal(got.slice(0, DRAFT_DECIDING_ROWS).flat().length, 0);
    assert.equal(requiredOn14(got[DRAFT_DECIDING_ROWS]).length, DRAFT_DECIDING_ROWS + 1, 'the row past them decides: no draft');
    assert.doesNotMatch(requiredOn14(got[DRAFT_DECIDING_ROWS])[0].en, DRAFT_ADVICE);
    const told = streamed(exampleText({ 14: '' }, { 14: './ct1' }), { ...options, draft: true });
    assert.match(requiredOn14(told[0])[0].en, DRAFT_ADVICE, 'the first row\'s findings come with it');
  });
});
