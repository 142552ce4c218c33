import { strict as assert } from 'node:assert';
import { IssueList } from '../../../server/src/core/images/issues';

describe('images/issues', () => {
  it('counts distinct files in a folded message, not issues', () => {
    const list = new IssueList();
    const detail = { 'zh-TW': '壞', en: 'bad' };
    for (const file of ['A', 'B', 'A', 'B', null]) list.add('R', file, detail);
    assert.match(list.issues()[0].message.en, /^2 files: A: bad; B: bad; A: bad; and 2 more$/);
    assert.match(list.issues()[0].message['zh-TW'], /^2 個檔案：/);
  });
});
