import { strict as assert } from 'node:assert';
import { archiveReport, formatBytes } from '../../../server/src/core/images/report';
import type { ArchiveSummary } from '../../../server/src/core/archive/check';
import type { Finding } from '../../../server/src/core/types';

const summary = (row: number, patch: Partial<ArchiveSummary> = {}): ArchiveSummary => ({
  row, line: row, archive: `DCF3501200000_C0000000000${row}.7z`, path: `/x/DCF3501200000_C0000000000${row}.7z`, bytes: 3 * 1024 * 1024,
  kind: '7z', entries: 4, uncompressedBytes: 3 * 1024 * 1024, instances: 3, dicomInstances: 3, jpegImages: 0, series: 1, studies: 1,
  modalities: ['CT'], sizes: [{ width: 512, height: 512, count: 3 }], transferSyntaxes: ['1.2.840.10008.1.2.1'], worst: null, findings: 0, elapsedMs: 1200, ...patch,
});

const finding = (row: number, ruleId: string, severity: Finding['severity'], en: string): Finding => ({
  ruleId, severity, row, field: 14, range: { start: { line: row, character: 0 }, end: { line: row, character: 1 } }, message: { 'zh-TW': `中文 ${en}`, en },
});

describe('images/report', () => {
  it('lists every row with its summary and findings, in the chosen language', () => {
    const md = archiveReport(
      [summary(0), summary(1, { path: null, bytes: null, kind: null, instances: 0, worst: 'error', findings: 1 })],
      [finding(1, 'A14-missing', 'error', 'DCF3501200000_C00000000001.7z is not in /x')],
      'en',
    );
    assert.match(md, /^# Archive check report/);
    assert.match(md, /2 rows, 2 archives: 1 error, 0 warnings, 0 info\./);
    assert.match(archiveReport([summary(0)], [finding(0, 'A14-name-case', 'warning', 'case')], 'en'), /1 row, 1 archive: 0 errors, 1 warning, 0 info\./);
    assert.match(md, /## ✅ Row 1 \(line 1\): `DCF3501200000_C00000000000\.7z`/);
    assert.match(md, /\| 3\.00 MiB \| 7z \| 4 \| 3 \| 1 \| 1 \| CT \| 512x512 \(3\) \| 1\.2 s \|/);
    assert.match(md, /## ❌ Row 2 \(line 2\)[\s\S]*- Archive: not found[\s\S]*\*\*error\*\* `A14-missing`: DCF3501200000\\_C00000000001\.7z is not in \/x/);
    const zh = archiveReport([summary(0)], [], 'zh-TW');
    assert.match(zh, /# 影像壓縮檔檢查報告/);
    assert.match(zh, /沒有問題/);
    // Every column of the zh-TW table is named in Chinese (a DICOM term may follow in brackets).
    const header = zh.split('\n').find((l) => l.startsWith('| 大小'));
    assert.ok(header, zh);
    for (const column of header.split('|').map((c) => c.trim()).filter(Boolean)) assert.match(column, /^[\u4e00-\u9fff]/, `column ${column} of ${header}`);
  });

  it('says so when no row names an archive, and formats byte counts', () => {
    assert.match(archiveReport([], [], 'en'), /No row of this file names an archive/);
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.50 KiB');
    assert.equal(formatBytes(5 * 1024 ** 3), '5.00 GiB');
  });

  it('reads the findings a bounded number of times whatever the number of rows, in row order per row', () => {
    const n = 2000;
    const summaries = Array.from({ length: n }, (_, row) => summary(row, { path: null, bytes: null, kind: null, worst: 'error', findings: 2 }));
    const plain = summaries.flatMap((s) => [finding(s.row, 'A14-missing', 'error', `first ${s.row}`), finding(s.row, 'A14-name-case', 'warning', `second ${s.row}`)]);
    let reads = 0;
    // Counts each element read: a search of the findings per row reads n × 2n of them.
    const findings = new Proxy(plain, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const md = archiveReport(summaries, findings, 'en');
    assert.ok(reads <= 10 * plain.length, `${reads} reads of ${plain.length} findings`);
    assert.match(md, /## ❌ Row 2000 \(line 2000\)[^#]*\*\*error\*\* `A14-missing`: first 1999\n- \*\*warning\*\* `A14-name-case`: second 1999\n/);
    assert.match(md, /2000 rows, 2000 archives: 2000 errors, 2000 warnings, 0 info\./);
  });
});
