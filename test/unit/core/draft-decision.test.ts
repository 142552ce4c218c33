// Whether a file is a draft for Build is said by the first data row whose field 14 is filled in, so that a draft
// whose first row has no image folder yet is still a draft.
import assert from 'node:assert/strict';
import {
  BatchValidator, defaultOptions, DRAFT_DECIDING_ROWS, draftDecision, draftSaidBy, draftSignOf, isDraftText, parseCsv, validateText,
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

/** The findings of `text` as a stream of rows gives them (BatchValidator, as `nhi-imaging check` reads a file). */
function streamedFlat(text: string): Finding[] {
  const model = parseCsv(text);
  const batch = new BatchValidator(options, { streaming: true });
  return [...model.rows.flatMap((row) => batch.addRow(row)), ...batch.finish({ bom: model.bom, lineCount: model.lineCount, fileName: options.fileName })];
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
    assert.equal(draftDecision(rows, coreEngine.isDataRow).by?.line, 2);
  });

  it('a folder without a name of its own (".", "~") only leans: a row naming an archive below it decides', () => {
    const sign = (v: string) => draftSignOf(parseCsv(exampleLine({ 14: v })).rows[0]);
    for (const v of ['.', '..', './', '~', '~/', '%USERPROFILE%', '%USERPROFILE%\\']) assert.deepEqual(sign(v), { draft: true, firm: false }, v);
    assert.deepEqual(sign('./ct1'), { draft: true, firm: true });
    assert.deepEqual(sign('~/images/ct1'), { draft: true, firm: true });
    assert.deepEqual(sign('DCF3501200000_C00000000001.7z'), { draft: false, firm: true });
    assert.deepEqual(sign('DCF3501200000_C0000000001.7z'), { draft: false, firm: true }, 'a mistyped archive name');
    assert.deepEqual(sign('D:\\NHI\\DCF3501200000_C00000000001.7z'), { draft: false, firm: true }, 'the path of an archive');
    assert.deepEqual(sign('row1'), { draft: false, firm: false });
    const archive = (n: number) => `DCF3501200000_C0000000000${n}.7z`;
    // An upload CSV with a stray "." row: an upload CSV, decided by the row naming an archive.
    const stray = parseCsv(exampleText({ 14: '.' }, { 6: '0002', 14: archive(2) }, { 6: '0003', 14: archive(3) })).rows;
    assert.deepEqual(draftDecision(stray, coreEngine.isDataRow), { draft: false, by: stray[1] });
    // A draft of "." rows (and empty ones) stays a draft; so does one whose next row names a folder, or holds a folder's name alone.
    assert.equal(decided(exampleText({ 14: '.' }, { 6: '0002', 14: '' })), true);
    assert.deepEqual(draftDecision(parseCsv(exampleText({ 14: '.' }, { 6: '0002', 14: '..' })).rows, coreEngine.isDataRow), { draft: true });
    assert.equal(decided(exampleText({ 14: '.' }, { 6: '0002', 14: './mr1' })), true);
    assert.equal(decided(exampleText({ 14: '~' }, { 6: '0002', 14: 'row2' })), true, 'no row says it firmly: the first that leans decides');
    assert.equal(decided(exampleText({ 14: 'row2' }, { 6: '0002', 14: '.' })), false);
  });

  it('an upload CSV with a stray "." row gets its FILE-name check, and the "." row its F14-pattern error', () => {
    const text = exampleText({ 14: '.' }, { 6: '0002', 14: 'DCF3501200000_C00000000002.7z' });
    for (const list of [findings(text), streamedFlat(text)]) {
      assert.ok(list.some((f) => f.ruleId === 'FILE-name'), list.map((f) => f.ruleId).join(' '));
      assert.deepEqual(list.filter((f) => f.field === 14).map((f) => [f.row, f.ruleId, f.message.en]), [
        [0, 'F14-pattern', 'archive name (field 14) . is the path of an image folder, but the file is an upload CSV, whose rows name their archives (a draft for Build names a folder on every row); expected DCF or ATT + hospital code + _ + 12-character case number + .CAB or .7z'],
      ]);
    }
    // A draft of one "." row: a draft, any name, its folder packaged by Build.
    const draft = findings(exampleText({ 14: '.' }));
    assert.ok(!draft.some((f) => f.ruleId === 'FILE-name'));
    assert.deepEqual(draft.filter((f) => f.field === 14).map((f) => f.ruleId), ['DRAFT-path']);
  });

  it('the home folder or a variable\'s alone is no draft path: the draft is told to write the full path, not to write ./~', () => {
    for (const [v, en, zh] of [
      ['~', /^field 14 ~ alone is a whole folder, the home folder, which Build does not expand \(it would pack every image in it\): write the full path of the row's image folder, e\.g\. ~\/images\/row1 or D:\\images\\row1$/, /整個家目錄，建置不展開它.*例如 ~\/影像\/row1/],
      ['%USERPROFILE%', /^field 14 %USERPROFILE% alone is a whole folder, %USERPROFILE%'s, which Build does not expand .*e\.g\. %USERPROFILE%\\images\\row1 or/, /整個 %USERPROFILE% 的資料夾/],
      ['~/', /^field 14 ~\/ alone is a whole folder, the home folder/, /整個家目錄/],
    ] as const) {
      const found = findings(exampleText({ 14: v }, { 6: '0002', 14: './mr1' })).filter((f) => f.field === 14 && f.row === 0);
      assert.deepEqual(found.map((f) => [f.ruleId, f.severity]), [['F14-pattern', 'error']], v);
      assert.match(found[0].message.en, en, v);
      assert.match(found[0].message['zh-TW'], zh, v);
    }
    // Under such a folder the path is expanded as documented: a draft path.
    assert.deepEqual(findings(exampleText({ 14: '%USERPROFILE%\\images' })).filter((f) => f.field === 14).map((f) => f.ruleId), ['DRAFT-path']);
    // In an upload CSV it is a folder where an archive name belongs.
    const upload = findings(exampleText({ 14: '~' }, { 6: '0002', 14: 'DCF3501200000_C00000000002.7z' })).filter((f) => f.field === 14);
    assert.match(upload[0].message.en, /~ is the path of an image folder, but the file is an upload CSV/);
  });

  it('the home folder or a variable\'s alone on two rows is one F14-pattern each, not an archive name two rows use', () => {
    for (const v of ['~', '~/', '%USERPROFILE%', '%USERPROFILE%\\']) {
      const draft = exampleText({ 14: v }, { 6: '0002', 14: v });
      const upload = exampleText({ 14: 'DCF3501200000_C00000000001.7z' }, { 6: '0002', 14: v }, { 6: '0003', 14: v });
      for (const text of [draft, upload]) {
        assert.deepEqual(findings(text).filter((f) => f.field === 14).map((f) => f.ruleId), ['F14-pattern', 'F14-pattern'], `${v}: ${text}`);
      }
    }
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
