import { strict as assert } from 'node:assert';
import { buildProgressText, timeLeft } from '../../../client/src/buildProgressText';
import type { BuildProgressParams } from '../../../server/src/shared/build';

const packing: BuildProgressParams = {
  uri: 'file:///x/draft.csv', phase: 'pack', row: 1, rowCount: 1, bytesDone: 50_300_000, bytesTotal: 100_700_000, etaMs: 65_000, message: '打包第 1 列',
};

describe('client: the build progress text', () => {
  it('says the time left in the display language, units and all', () => {
    assert.equal(timeLeft(800, 'zh-TW'), '約剩 1 秒');
    assert.equal(timeLeft(65_000, 'zh-TW'), '約剩 1 分 5 秒');
    assert.equal(timeLeft(800, 'en'), 'about 1 s left');
    assert.equal(timeLeft(65_000, 'en'), 'about 1 min 5 s left');
  });

  it('adds the bytes written and the time left while packing, with the punctuation of the language', () => {
    assert.equal(buildProgressText(packing, 'zh-TW'), '打包第 1 列 — 50.3 MB / 100.7 MB，約剩 1 分 5 秒');
    assert.equal(buildProgressText({ ...packing, message: 'packing row 1' }, 'en'), 'packing row 1 — 50.3 MB / 100.7 MB, about 1 min 5 s left');
    assert.equal(buildProgressText({ ...packing, etaMs: undefined }, 'zh-TW'), '打包第 1 列 — 50.3 MB / 100.7 MB');
    assert.equal(buildProgressText({ ...packing, phase: 'verify', message: '驗證' }, 'zh-TW'), '驗證');
  });
});
