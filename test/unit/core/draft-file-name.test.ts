import assert from 'node:assert/strict';
import { validateText } from '../../../server/src/core/validate';
import { defaultOptions } from '../../../server/src/core/options';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { exampleText, EXAMPLE_NOW } from '../../../server/src/core/spec/example';
import { coreEngine } from '../../../server/src/lsp/coreEngine';

const ids = (findings: { ruleId: string }[]): string[] => findings.map((f) => f.ruleId);

describe('file name of a draft', () => {
  const draft = exampleText({ 14: './ct1' }, { 14: 'images/mr1', 6: '0002' });
  const upload = exampleText({}, { 6: '0002', 14: 'DCF3501200000_C00000000002.7z' });

  it('a draft (field 14 names image folders) may have any file name', () => {
    const { findings } = validateText(draft, defaultOptions({ now: EXAMPLE_NOW, fileName: 'draft.csv' }));
    assert.ok(!ids(findings).includes('FILE-name'), ids(findings).join(' '));
    assert.ok(ids(findings).includes('DRAFT-path'));
  });

  it('an upload CSV with a wrong name still gets FILE-name', () => {
    const { findings } = validateText(upload, defaultOptions({ now: EXAMPLE_NOW, fileName: 'draft.csv' }));
    assert.ok(ids(findings).includes('FILE-name'), ids(findings).join(' '));
  });

  it('the language server engine decides the same way, also after a header row', () => {
    const options = defaultOptions({ now: EXAMPLE_NOW, fileName: 'draft.csv' });
    const withHeader = '醫事機構代碼,醫事類別,執行年月\n' + draft;
    for (const [text, expected] of [[draft, false], [withHeader, false], [upload, true]] as const) {
      const model = parseCsv(text);
      const found = ids(coreEngine.fileFindings({ rows: model.rows, bom: model.bom, lineCount: model.lineCount }, options));
      assert.equal(found.includes('FILE-name'), expected, `${JSON.stringify(text.slice(0, 40))}: ${found.join(' ')}`);
    }
  });
});
