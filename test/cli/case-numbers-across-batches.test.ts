/** 四、(二)1.(2)E(c): batches checked together do not share a case number, but for a re-sent row (五). */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { checkJson, removeDir, runCli, tempDir } from './helpers';

const row = (patch: Record<number, string>) => EXAMPLE_ROW.map((v, i) => patch[i + 1] ?? v).join(',');
const NOW = ['--now', '2025-11-25T12:00'];

describe('nhi-imaging check: case numbers across batches', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  const write = (name: string, ...rows: string[]) => writeFileSync(join(dir, name), rows.join('\r\n') + '\r\n');
  const rule = 'R14-case-number-other-batch';

  it('flags a later batch\'s row that names an earlier batch\'s case number with other text, on field 14', () => {
    write('3501200000_20251125_001.csv', row({}), row({ 11: '2', 14: 'DCF3501200000_C00000000002.7z' }));
    // Another visit's exam, packed under the first batch's case number (as a .CAB, in lower case).
    write('3501200000_20251125_002.csv', row({ 6: '0002' }), row({ 6: '0003', 14: 'DCF3501200000_c00000000002.CAB' }));
    const { run, report } = checkJson([dir], NOW);
    assert.deepEqual(report.files[0].diagnostics.filter((d) => d.code === rule), []);
    const hits = report.files[1].diagnostics.filter((d) => d.code === rule);
    assert.deepEqual(hits.map((d) => [d.line, d.field, d.severity]), [[1, 14, 'warning'], [2, 14, 'warning']]);
    assert.match(hits[0].message, /C00000000001 .*3501200000_20251125_001\.csv line 1/);
    assert.equal(hits[0].column, EXAMPLE_ROW.slice(0, 13).join(',').length + 2);
    assert.equal(run.status, 0);
  });

  it('an archive name that differs from an earlier batch\'s only in letter case is said to be the same file, its case number as written', () => {
    write('3501200000_20251125_001.csv', row({}));
    write('3501200000_20251125_002.csv', row({ 6: '0002', 14: 'DCF3501200000_c00000000001.7z' }), row({ 6: '0003', 14: 'DCF3501200000_c00000000001.CAB' }));
    const hits = checkJson([dir], NOW).report.files[1].diagnostics.filter((d) => d.code === rule);
    assert.equal(hits[0].message, 'case number c00000000001 is already used in the earlier batch 3501200000_20251125_001.csv line 1, with other row text; the archive names differ only in letter case, which Windows takes for one file; batches never share a case number (a re-send repeats the original exactly)');
    assert.equal(hits[1].message, 'case number c00000000001 is already used in the earlier batch 3501200000_20251125_001.csv line 1, with other row text; batches never share a case number (a re-send repeats the original exactly)');
    const zh = checkJson([dir], [...NOW, '--lang', 'zh-TW']).report.files[1].diagnostics.find((d) => d.code === rule)!;
    assert.match(zh.message, /壓縮檔名稱只差在英文字母大小寫，Windows 會把兩者當成同一個檔/);
  });

  it('a re-sent row, the same text byte for byte, is no finding; nor one file alone', () => {
    write('3501200000_20251125_001.csv', row({}));
    write('3501200000_20251125_002.csv', row({}), row({ 6: '0002', 14: 'DCF3501200000_C00000000009.7z' }));
    assert.deepEqual(checkJson([dir], NOW).report.files.flatMap((f) => f.diagnostics.filter((d) => d.code === rule)), []);
    const single = checkJson([join(dir, '3501200000_20251125_002.csv')], NOW).report;
    assert.deepEqual(single.files[0].diagnostics.filter((d) => d.code === rule), []);
  });

  it('a batch named twice (its folder and its own name, or two spellings of its path) is checked once', () => {
    write('3501200000_20251125_001.csv', row({}));
    const file = join(dir, '3501200000_20251125_001.csv');
    const { run, report } = checkJson([dir, file, join(dir, '.', '3501200000_20251125_001.csv')], NOW);
    assert.deepEqual(report.files.map((f) => f.path), [file]);
    const text = runCli(['check', '--lang', 'en', ...NOW, file, dir]);
    assert.match(text.stdout, /^1 file checked: /m);
    assert.equal(run.status, text.status);
  });
});
