import * as assert from 'node:assert/strict';
import { FIX_ALL_TITLES, fixAllUncountedTitle, type FixKind } from '../../../server/src/core/fixKinds';

describe('core/fixKinds: titles of "fix all of this kind"', () => {
  it('each kind has a title without its count, for when the places are not counted yet', () => {
    for (const kind of Object.keys(FIX_ALL_TITLES) as FixKind[]) {
      const { 'zh-TW': zh, en } = fixAllUncountedTitle(kind);
      assert.match(en, /\S in this file$/, kind);
      assert.doesNotMatch(en, /-1| \(.*in this file\)/, kind);
      assert.match(zh, /本檔所有/, kind);
      assert.doesNotMatch(zh, /-1/, kind);
    }
    assert.deepEqual(fixAllUncountedTitle('roc-date'), { 'zh-TW': '將本檔所有西元日期改為民國日期', en: 'Write all Gregorian dates as ROC dates in this file' });
    assert.deepEqual(fixAllUncountedTitle('remove-fields'), { 'zh-TW': '移除本檔所有列多餘的空白欄位', en: 'Remove the extra empty fields from all rows in this file' });
    assert.equal(fixAllUncountedTitle('remove-bom')['zh-TW'], '移除本檔所有 BOM');
  });
});
