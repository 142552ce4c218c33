import { strict as assert } from 'node:assert';
import { buildProgressText, buildRequestParams, buildSummaryText, REFUSAL_DETAIL_LINES, refusalDetail, REMEDIES, REMEDIES_TAKEN, remedyOffered } from '../../../client/src/buildTexts';
import { timeLeft } from '../../../server/src/core/build/progressText';
import type { BuildProgressParams, BuildResultSummary } from '../../../server/src/shared/build';

const packing: BuildProgressParams = {
  uri: 'file:///x/draft.csv', phase: 'pack', row: 1, rowCount: 1, bytesDone: 50_300_000, bytesTotal: 100_700_000, etaMs: 65_000, message: '打包第 1 列',
};

describe('client: the texts of the build commands', () => {
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

  it('shows the bytes of a small archive in a unit that fits, not 0.0 MB', () => {
    const reused = { ...packing, message: 'Preparing row 1', bytesDone: 0, bytesTotal: 4_200, etaMs: undefined };
    assert.equal(buildProgressText(reused, 'en'), 'Preparing row 1 — 0.0 KB / 4.2 KB');
    assert.equal(buildProgressText({ ...reused, bytesDone: 512, bytesTotal: 900 }, 'en'), 'Preparing row 1 — 512 B / 900 B');
    assert.equal(buildProgressText({ ...reused, bytesDone: 2_500_000_000, bytesTotal: 4_400_000_000 }, 'en'), 'Preparing row 1 — 2.50 GB / 4.40 GB');
    const one = buildSummaryText({ csvPath: '/x/upload/a.csv', outDir: '/x/upload', ledgerPath: '/x/l', rows: 1, archives: 1, bytes: 38_400, warnings: [], notes: [] }, 'en');
    assert.equal(one.message, 'Built a.csv: 1 row, 1 archive, 38.4 KB');
  });

  it('sums a finished build up on one short line, leaving its warnings and notes to Show Details', () => {
    const sentBefore = (row: number) =>
      `第 ${row} 列：此筆紀錄已於 3501200000_20261127_006.csv 以 DCF3501200000_2611276T2FDE.7z 送出；建置會給它新的案件編號與壓縮檔名。若原送已收檔而要重送，請用「重送列」（nhi-imaging resend --rows 2611276T2FDE），文字檔內容與原資料完全相同（五）；若原送被退件或未上傳，可照常建置`;
    const summary: BuildResultSummary = {
      csvPath: '/x/upload/3501200000_20261127_007.csv', outDir: '/x/upload', ledgerPath: '/x/.nhi-imaging/ledger.jsonl', rows: 4, archives: 4, bytes: 1_289_823,
      earliestDeadlineText: '2025-11-25 19:52（週二）（已過）', warnings: [1, 2, 3, 4].map(sentBefore), notes: ['第 1 列：已重建 DICOMDIR'],
    };
    const zh = buildSummaryText(summary, 'zh-TW');
    assert.equal(zh.message, '已建置 3501200000_20261127_007.csv：4 列、4 個壓縮檔、1.3 MB，最早上傳獎勵期限 2025-11-25 19:52（週二）（已過）；另有 4 個警告、1 則說明，按「顯示詳細資料」查看');
    assert.deepEqual(zh.details, [...summary.warnings, ...summary.notes]);
    const en = buildSummaryText({ ...summary, earliestDeadlineText: undefined, notes: [] }, 'en');
    assert.equal(en.message, 'Built 3501200000_20261127_007.csv: 4 rows, 4 archives, 1.3 MB; 4 warnings: Show Details lists them');
    const one = buildSummaryText({ ...summary, rows: 1, archives: 1, bytes: 1_100_000, earliestDeadlineText: undefined, warnings: [], notes: [] }, 'en');
    assert.equal(one.message, 'Built 3501200000_20261127_007.csv: 1 row, 1 archive, 1.1 MB', 'a re-send of one row');
    const single = buildSummaryText({ ...summary, earliestDeadlineText: undefined, warnings: ['w'], notes: ['n'] }, 'en');
    assert.equal(single.message, 'Built 3501200000_20261127_007.csv: 4 rows, 4 archives, 1.3 MB; 1 warning, 1 note: Show Details lists them');
    const clean = buildSummaryText({ ...summary, warnings: [], notes: [] }, 'en');
    assert.deepEqual(clean, { message: 'Built 3501200000_20261127_007.csv: 4 rows, 4 archives, 1.3 MB, earliest incentive deadline 2025-11-25 19:52（週二）（已過）', details: [] });
  });
});

describe('client: the level and the remedies of a build', () => {
  it('asks for a 7z at the level of the setting, store when the setting holds another value, and a CAB without one', () => {
    assert.deepEqual(buildRequestParams('7z', 0), { format: '7z', level: 0 });
    assert.deepEqual(buildRequestParams('7z', 5), { format: '7z', level: 5 });
    assert.deepEqual(buildRequestParams('7z', undefined), { format: '7z', level: 0 });
    assert.deepEqual(buildRequestParams('7z', 2), { format: '7z', level: 0 });
    assert.deepEqual(buildRequestParams('7z', '1'), { format: '7z', level: 0 });
    assert.deepEqual(buildRequestParams('cab', 1), { format: 'cab' });
  });

  it('offers a row over 4.5 GiB refused in store a button building the same draft as 7z at level 1, in the display language', () => {
    assert.deepEqual(remedyOffered('compress', ['rebuild-dicomdir', 'compress'], 'en'), { remedy: 'compress', button: 'Build compressed (LZMA2 level 1)' });
    assert.deepEqual(remedyOffered('compress', ['rebuild-dicomdir', 'compress'], 'zh-TW'), { remedy: 'compress', button: '以壓縮方式建置（LZMA2 等級 1）' });
    assert.deepEqual(REMEDIES.compress.params, { format: '7z', level: 1 });
    assert.deepEqual(remedyOffered('rebuild-dicomdir', ['rebuild-dicomdir'], 'zh-TW'), { remedy: 'rebuild-dicomdir', button: '重建 DICOMDIR' });
    assert.deepEqual(REMEDIES['rebuild-dicomdir'].params, { rebuildDicomdir: true });
  });

  it('offers a compressed archive that passed the limit a button building it again as 7z at level 5; the build takes it, a re-send does not', () => {
    assert.deepEqual(remedyOffered('compress-most', REMEDIES_TAKEN.build, 'en'), { remedy: 'compress-most', button: 'Build with the most compression (LZMA2 level 5)' });
    assert.deepEqual(remedyOffered('compress-most', REMEDIES_TAKEN.build, 'zh-TW'), { remedy: 'compress-most', button: '以最高壓縮建置（LZMA2 等級 5）' });
    assert.deepEqual(REMEDIES['compress-most'].params, { format: '7z', level: 5 });
    assert.deepEqual([...REMEDIES_TAKEN.build].sort(), ['compress', 'compress-most', 'rebuild-dicomdir']);
    assert.equal(remedyOffered('compress-most', REMEDIES_TAKEN.resend, 'en'), undefined);
    assert.equal(remedyOffered('compress', REMEDIES_TAKEN.resend, 'en'), undefined);
  });

  it('offers no button for a refusal without a remedy, or with one the command does not take (a re-send takes no level)', () => {
    assert.equal(remedyOffered(undefined, ['rebuild-dicomdir', 'compress'], 'en'), undefined);
    assert.equal(remedyOffered('compress', ['rebuild-dicomdir'], 'en'), undefined);
  });

  it('shows a refused build\'s first reasons in its dialog and counts the rest, which Show Details lists', () => {
    const reasons = Array.from({ length: 31 }, (_, i) => `row ${i + 1}: Field 14 must be the path of the row's image folder or files (e.g. ./row1)`);
    const en = refusalDetail(reasons, 'en');
    assert.equal(en.cut, true);
    assert.deepEqual(en.detail.split('\n'), [...reasons.slice(0, REFUSAL_DETAIL_LINES), `… and ${31 - REFUSAL_DETAIL_LINES} more: Show Details lists them all`]);
    const zh = refusalDetail(reasons, 'zh-TW');
    assert.equal(zh.detail.split('\n').pop(), `…另有 ${31 - REFUSAL_DETAIL_LINES} 項，按「顯示詳細資料」查看全部`);
    const few = reasons.slice(0, REFUSAL_DETAIL_LINES);
    assert.deepEqual(refusalDetail(few, 'en'), { detail: few.join('\n'), cut: false });
    assert.deepEqual(refusalDetail([], 'en'), { detail: '', cut: false });
  });
});
