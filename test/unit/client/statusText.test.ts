import assert from 'node:assert/strict';
import { checkingView, countsDown, formatDuration, formatTaipeiTime, statusItemNames, statusView, stoppedView } from '../../../client/src/statusText';
import type { StatusParams } from '../../../server/src/shared/protocol';

const base: StatusParams = {
  uri: 'file:///x/3501200000_20261125_001.csv',
  opening: 1,
  version: 1,
  rows: 120,
  errors: 3,
  warnings: 2,
  infos: 1,
  nearestDeadline: { row: 11, line: 11, deadline: '2026-11-26T01:00:00.000Z', msLeft: (5 * 60 + 7) * 60_000 },
  truncated: false,
};

describe('client status-bar text', function () {
  it('formats the time left coarsely', function () {
    assert.equal(formatDuration(0), '0m');
    assert.equal(formatDuration(-5000), '0m');
    assert.equal(formatDuration(59_999), '0m');
    assert.equal(formatDuration(12 * 60_000), '12m');
    assert.equal(formatDuration((5 * 60 + 7) * 60_000), '5h 07m');
    assert.equal(formatDuration((2 * 1440 + 3 * 60 + 59) * 60_000), '2d 3h');
  });

  it('shows deadlines in Taiwan time', function () {
    assert.equal(formatTaipeiTime('2026-11-26T01:00:00.000Z'), '2026-11-26 09:00 (UTC+8)');
    assert.equal(formatTaipeiTime('2026-12-31T16:30:00Z'), '2027-01-01 00:30 (UTC+8)');
    assert.equal(formatTaipeiTime('not a time'), 'not a time');
  });

  it('puts rows, errors, warnings and time left in the item, details in the tooltip (en)', function () {
    const v = statusView(base, 'en');
    assert.equal(v.text, '$(table) 120 rows  $(error) 3  $(warning) 2  $(clock) 5h 07m');
    assert.equal(v.level, 'error');
    assert.equal(
      v.tooltip,
      'NHI imaging upload CSV\n120 rows · 3 errors · 2 warnings · 1 info\nNearest incentive deadline: 2026-11-26 09:00 (UTC+8) (row 12, left 5h 07m)',
    );
  });

  it('speaks Traditional Chinese and says when no deadline is open or diagnostics were capped', function () {
    const v = statusView({ ...base, errors: 0, nearestDeadline: null, truncated: true }, 'zh-TW');
    assert.equal(v.text, '$(table) 120 列  $(error) 0  $(warning) 2  $(ellipsis)');
    assert.equal(v.level, 'warning');
    assert.match(v.tooltip, /沒有未到期的上傳獎勵期限/);
    assert.match(v.tooltip, /maxDiagnostics/);
  });

  it('counts down from the deadline itself when given the clock ("now" reference)', function () {
    const deadline = Date.parse('2026-11-26T01:00:00.000Z');
    assert.match(statusView(base, 'en', deadline - 90 * 60_000).text, /\$\(clock\) 1h 30m$/);
    assert.match(statusView(base, 'en', deadline + 60_000).text, /\$\(clock\) 0m$/);
    assert.match(statusView(base, 'en', deadline - 90 * 60_000).tooltip, /left 1h 30m/);
  });

  it('counts down as the server reckons ("now"), whatever the deadline reference setting holds', function () {
    for (const now of ['now', ' now ', '', '   ', 'tomorrow', '2026-13-45', undefined, null, 20261125, true, {}, []]) assert.equal(countsDown(now), true, JSON.stringify(now));
    for (const fixed of ['2026-11-25', '2026-11-25T09:00', ' 2026-11-25T09:00:00+08:00 ']) assert.equal(countsDown(fixed), false, fixed);
  });

  it('is "ok" without errors or warnings', function () {
    assert.equal(statusView({ ...base, errors: 0, warnings: 0 }, 'en').level, 'ok');
  });

  it('says the server is stopped, with no counts and the error background, in both languages', function () {
    for (const lang of ['en', 'zh-TW'] as const) {
      const v = stoppedView(lang);
      assert.equal(v.level, 'error');
      assert.doesNotMatch(v.text, /\d/, 'no stale counts');
    }
    assert.equal(stoppedView('en').text, '$(error) NHI: server stopped');
    assert.match(stoppedView('en').tooltip, /restart/i);
    assert.match(stoppedView('zh-TW').text, /伺服器已停止/);
  });

  it('names its two status items in the display language (the status bar\'s context menu lists them to hide)', function () {
    assert.deepEqual(statusItemNames('en'), { status: 'NHI Imaging Upload', field: 'NHI Imaging Upload: Field' });
    assert.deepEqual(statusItemNames('zh-TW'), { status: '健保影像上傳', field: '健保影像上傳：欄位' });
  });

  it('says what the spinner before the first counts is doing, in both languages', function () {
    assert.equal(checkingView('en').text, '$(sync~spin) NHI');
    assert.equal(checkingView('en').tooltip, 'NHI Imaging Upload: checking this file…');
    assert.equal(checkingView('zh-TW').tooltip, '健保影像上傳：正在檢查此檔案…');
  });

  it('says "1 row", "1 error", "1 warning" in English, and the same words in Chinese', function () {
    const one = { ...base, rows: 1, errors: 1, warnings: 1 };
    assert.match(statusView(one, 'en').text, /^\$\(table\) 1 row  /);
    assert.match(statusView(one, 'en').tooltip, /\n1 row · 1 error · 1 warning · 1 info\n/);
    assert.match(statusView({ ...base, warnings: 1 }, 'en').tooltip, /120 rows · 3 errors · 1 warning ·/);
    assert.match(statusView(one, 'zh-TW').tooltip, /\n1 列 · 1 錯誤 · 1 警告 · 1 資訊\n/);
  });
});
