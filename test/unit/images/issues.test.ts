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

  it('counts entries, not files, when a folder is among the places named', () => {
    const list = new IssueList();
    const detail = { 'zh-TW': '壞', en: 'bad' };
    list.add('R', 'CON', detail, undefined, true);
    list.add('R', 'CON/A.jpg', detail);
    list.add('R', 'AUX/', detail, undefined, true);
    assert.equal(list.issues()[0].message.en, '3 entries: CON: bad; CON/A.jpg: bad; AUX/: bad');
    assert.equal(list.issues()[0].message['zh-TW'], '3 個項目：CON: 壞；CON/A.jpg: 壞；AUX/: 壞');
    assert.equal(IssueList.from(list.records()).issues()[0].message.en, '3 entries: CON: bad; CON/A.jpg: bad; AUX/: bad');
  });
});

describe('images/issues: what to do', () => {
  const detail = { 'zh-TW': '壞', en: 'bad' };
  const advice = { 'zh-TW': '請重新匯出', en: 'export it again' };

  it('is said once, after the files of a folded message, not after each file', () => {
    const list = new IssueList();
    for (const file of ['A', 'B', 'C', 'D']) list.add('R', file, detail, advice);
    assert.equal(list.issues()[0].message.en, '4 files: A: bad; B: bad; C: bad; and 1 more: export it again');
    assert.equal(list.issues()[0].message['zh-TW'], '4 個檔案：A: 壞；B: 壞；C: 壞；另有 1 處；請重新匯出');
  });

  it('names each distinct advice of a rule once, in the order its causes came', () => {
    const other = { 'zh-TW': '請重新打包', en: 'pack it again' };
    const list = new IssueList();
    list.add('R', 'A', detail, advice);
    list.add('R', 'B', detail, other);
    list.add('R', 'C', detail, advice);
    assert.equal(list.issues()[0].message.en, '3 files: A: bad; B: bad; C: bad: export it again; pack it again');
    assert.equal(list.issues()[0].message['zh-TW'], '3 個檔案：A: 壞；B: 壞；C: 壞；請重新匯出；請重新打包');
  });

  it('is said of them all after several files, where its words for several differ ("remove them"), and of one file alone as it is', () => {
    const remove = { 'zh-TW': '請移除', en: 'remove it', many: { 'zh-TW': '請移除這些', en: 'remove them' } };
    const list = new IssueList();
    for (const file of ['A', 'B', 'C', 'D']) list.add('R', file, detail, remove);
    list.add('S', 'A', detail, remove);
    list.add('S', 'A', { 'zh-TW': '又壞', en: 'bad again' }, remove);
    list.add('T', 'A', detail, remove);
    list.add('T', 'B', detail, advice);
    list.add('T', 'C', detail, advice);
    assert.deepEqual(IssueList.from(list.records()).issues().map((i) => i.message), [
      { 'zh-TW': '4 個檔案：A: 壞；B: 壞；C: 壞；另有 1 處；請移除這些', en: '4 files: A: bad; B: bad; C: bad; and 1 more: remove them' },
      { 'zh-TW': 'A: 壞；A: 又壞；請移除', en: 'A: bad; A: bad again: remove it' },
      { 'zh-TW': '3 個檔案：A: 壞；B: 壞；C: 壞；請移除；請重新匯出', en: '3 files: A: bad; B: bad; C: bad: remove it; export it again' },
    ]);
  });

  it('follows a single file\'s message, and survives the records a worker sends', () => {
    const list = new IssueList();
    list.add('R', 'A', detail, advice);
    list.add('S', 'B', detail);
    const again = IssueList.from(list.records());
    assert.deepEqual(again.issues().map((i) => i.message), [
      { 'zh-TW': 'A: 壞；請重新匯出', en: 'A: bad: export it again' },
      { 'zh-TW': 'B: 壞', en: 'B: bad' },
    ]);
  });
});
