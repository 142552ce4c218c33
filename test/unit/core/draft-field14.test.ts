// An empty field 14 in a draft for Build (its first data row names an image folder) asks for the path of the
// row's images, not for an archive name; in an upload CSV it still asks for the archive name.
import assert from 'node:assert/strict';
import { validateText } from '../../../server/src/core/validate';
import { defaultOptions } from '../../../server/src/core/options';
import { sampleDraftText } from '../../../samples/draft/generate';

const options = defaultOptions({ now: Date.parse('2025-11-25T04:00:00Z') });

function requiredOn14(text: string): { row: number | null; en: string; zh: string }[] {
  return validateText(text, options).findings
    .filter((f) => f.ruleId === 'F-required' && f.field === 14)
    .map((f) => ({ row: f.row, en: f.message.en, zh: f.message['zh-TW'] }));
}

describe('F-required on field 14 of a draft', () => {
  const lines = sampleDraftText().split('\r\n');

  it('asks a draft row for the path of its image folder, in both languages', () => {
    const draft = [...lines];
    draft[1] = draft[1].replace('./mr1', '');
    assert.deepEqual(requiredOn14(draft.join('\r\n')), [{
      row: 1,
      en: 'Field 14 is required; in a draft it holds the path of the row\'s image folder or files (e.g. ./row1), which Build packs',
      zh: '序號14為必填，不可空白；草稿應填該次檢查影像資料夾或檔案的路徑（例如 ./row1），由「建置上傳批次」打包',
    }]);
  });

  it('asks a row of an upload CSV for its archive name', () => {
    const upload = lines.map((l, i) => l.replace(/\.\/\w+/, `DCF3501200000_C0000000000${i}.7z`));
    upload[1] = upload[1].replace(/DCF\w+\.7z/, '');
    const [f] = requiredOn14(upload.join('\r\n'));
    assert.equal(f.row, 1);
    assert.match(f.en, /\(field 14\) is required; expected DCF or ATT/);
  });
});
