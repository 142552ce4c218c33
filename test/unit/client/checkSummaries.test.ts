import { strict as assert } from 'node:assert';
import { archiveCheckSummary, largeFileSummary } from '../../../client/src/checkSummaries';
import type { CheckFileResult } from '../../../server/src/shared/fileCheck';

const checked: CheckFileResult = { uri: 'file:///x/big%20one.csv', ran: true, diagnostics: [], rows: 1, errors: 1, warnings: 0, infos: 2, truncated: false };

describe('client: the summaries of the large-file and archive checks', () => {
  it('counts in English with the plural a count takes, and in Chinese with its measure words', () => {
    assert.equal(largeFileSummary(checked, 'en'), 'big one.csv: 1 row, 1 error, 0 warnings, 2 information.');
    assert.equal(largeFileSummary({ ...checked, rows: 120, errors: 3, warnings: 1, truncated: true }, 'en'),
      'big one.csv: 120 rows, 3 errors, 1 warning, 2 information (the Problems panel lists the most severe only).');
    assert.equal(largeFileSummary(checked, 'zh-TW'), 'big one.csv：1 列，1 個錯誤、0 個警告、2 個資訊。');
    const archives = { rows: 1, findings: { errors: 0, warnings: 1, infos: 0 } };
    assert.equal(archiveCheckSummary(archives, 'en'), 'Checked the archives of 1 row: 0 errors, 1 warning.');
    assert.equal(archiveCheckSummary({ ...archives, rows: 3, findings: { ...archives.findings, errors: 2, warnings: 0 } }, 'en'), 'Checked the archives of 3 rows: 2 errors, 0 warnings.');
    assert.equal(archiveCheckSummary(archives, 'zh-TW'), '已檢查 1 列的壓縮檔：0 個錯誤、1 個警告。');
  });
});
