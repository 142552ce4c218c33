import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { documentCounts, omittedLabel, rowDescription, rowLabel, rowTooltip, stoppedMessage, timeLeftText, urgencyOf } from '../../../client/src/deadlineText';
import type { DeadlineRow } from '../../../server/src/shared/protocol';

const MINUTE = 60_000;
const row: DeadlineRow = {
  row: 11,
  line: 11,
  deadline: '2026-11-26T01:00:00.000Z',
  msLeft: (3 * 60 + 12) * MINUTE,
  basis: '24 h after the exam',
  orderCode: '33070B',
  orderName: 'CT without contrast',
  maskedId: 'A12****789',
};

describe('client deadlines view text', function () {
  it('names a row as its symbol does, with the time left or since it was missed', function () {
    assert.equal(rowLabel(row, row.msLeft, 'en'), '3 h 12 min left · row 12');
    assert.equal(rowLabel(row, row.msLeft, 'zh-TW'), '尚餘 3 小時 12 分鐘 · 第 12 列');
    assert.equal(rowLabel(row, -25 * MINUTE, 'en'), 'missed 25 min ago · row 12');
    assert.equal(rowDescription(row), '33070B CT without contrast · A12****789');
    assert.equal(rowDescription({ ...row, orderName: '電腦斷層造影—無造影劑' }), '33070B 電腦斷層造影—無造影劑 · A12****789');
    assert.equal(rowDescription({ ...row, orderCode: '99999Z', orderName: '', maskedId: '' }), '99999Z');
    assert.equal(timeLeftText(-(2 * 60 + 5) * MINUTE, 'zh-TW'), '已逾期 2 小時 5 分鐘');
    assert.equal(timeLeftText(30_000, 'en'), 'under 1 min left');
  });

  it('gives the deadline in Taiwan time and its basis as the tooltip', function () {
    assert.equal(rowTooltip(row, 'en'), 'Incentive deadline 2026-11-26 09:00 (UTC+8)\n24 h after the exam');
    assert.equal(rowTooltip({ ...row, basis: '實際檢查後 24 小時' }, 'zh-TW'), '上傳獎勵期限 2026-11-26 09:00 (UTC+8)\n實際檢查後 24 小時');
  });

  it('is urgent under 3 hours and an error once missed', function () {
    assert.deepEqual([-1, 0, 3 * 60 * MINUTE - 1, 3 * 60 * MINUTE].map(urgencyOf), ['missed', 'soon', 'soon', 'open']);
  });

  it('counts a document\'s open and missed deadlines, and the rows left out', function () {
    assert.equal(documentCounts({ open: 5, missed: 2 }, 'en'), '5 open · 2 missed');
    assert.equal(documentCounts({ open: 5, missed: 2 }, 'zh-TW'), '未逾期 5 · 已逾期 2');
    assert.equal(omittedLabel(1, 200, 'en'), '1 more row not listed (only the earliest 200 are)');
    assert.equal(omittedLabel(300, 200, 'zh-TW'), '另有 300 列未列出（只列出最早的 200 列）');
  });

  it('says, while the server is stopped, which command starts it again, by its title in each language', function () {
    const root = join(__dirname, '..', '..', '..');
    for (const [lang, file] of [['en', 'package.nls.json'], ['zh-TW', 'package.nls.zh-tw.json']] as const) {
      const nls = JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string>;
      assert.ok(stoppedMessage(lang).includes(`${nls['command.category']}：${nls['command.restartServer']}`) || stoppedMessage(lang).includes(`${nls['command.category']}: ${nls['command.restartServer']}`), stoppedMessage(lang));
    }
  });
});
