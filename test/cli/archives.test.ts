/** `nhi-imaging check --archives`: archive findings on field 14 of their row, in json and sarif. */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { writeSampleDraft } from '../../samples/draft/generate';
import { writeDcfArchive } from '../fixtures/archives';
import { checkJson, removeDir, ROOT, runCli, tempDir, type JsonReport } from './helpers';

const GOOD = 'DCF3501200000_C00000000001.7z';
const SMALL = 'DCF3501200000_C00000000002.7z';
const MISSING = 'DCF3501200000_C00000000003.7z';

function writeDcf(dir: string, name: string, rows: number): Promise<string> {
  return writeDcfArchive(dir, name, { rows, columns: rows, studyDate: '20251125', birthDate: '19860312' });
}

describe('nhi-imaging check --archives', function () {
  this.timeout(60000);
  let dir: string;
  let csv: string;
  before(async () => {
    dir = tempDir();
    mkdirSync(join(dir, 'archives'));
    await writeDcf(join(dir, 'archives'), GOOD, 512);
    await writeDcf(join(dir, 'archives'), SMALL, 256);
    csv = join(dir, '3501200000_20251125_001.csv');
    const rows = [GOOD, SMALL, MISSING].map((name, i) => EXAMPLE_ROW.map((v, k) => (k === 13 ? name : k === 5 ? `000${i + 1}` : v)).join(','));
    writeFileSync(csv, rows.join('\r\n') + '\r\n');
  });
  after(() => removeDir(dir));

  it('reports each archive finding on field 14 of its row (json), exit 1', () => {
    const { run, report } = checkJson([csv], ['--now', '2025-11-25T12:00:00+08:00', '--archives', '--archive-dir', join(dir, 'archives')]);
    assert.equal(run.status, 1, run.stderr);
    const a14 = report.files[0].diagnostics.filter((d) => d.code.startsWith('A14-'));
    assert.deepEqual(a14.map((d) => [d.line, d.field, d.code, d.severity]), [[2, 14, 'A14-image-size', 'error'], [3, 14, 'A14-missing', 'error']]);
    assert.match(a14[0].message, /256x256 is below the CT minimum of 512x512/);
    assert.equal(a14[0].column, EXAMPLE_ROW.slice(0, 13).join(',').length + 2);
    // Progress on standard error, apart from the findings: the start, and the last archive counted.
    assert.match(run.stderr, /^checking 3 archives…\n(?:archives checked: [12]\/3 \(DCF[^)]+\)\n)*archives checked: 3\/3 \(DCF3501200000_C0000000000[123]\.7z\)\n$/);
  });

  it('looks beside the CSV without --archive-dir, and lists the archive rules in SARIF', () => {
    const run = runCli(['check', '--format', 'sarif', '--lang', 'en', '--archives', csv]);
    assert.equal(run.status, 1);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    const results = sarif.runs[0].results.filter((r) => r.ruleId.startsWith('A14-'));
    assert.deepEqual(results.map((r) => r.ruleId), ['A14-missing', 'A14-missing', 'A14-missing']);
    assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === 'A14-missing'));
  });

  it('without --archives reads no archive', () => {
    const { report } = checkJson([csv], ['--now', '2025-11-25T12:00:00+08:00']);
    assert.equal(report.files[0].diagnostics.filter((d) => d.code.startsWith('A14-')).length, 0);
  });

  it('gives a folder in an upload CSV its F14-pattern error alone: no image-folder check of a draft', () => {
    const upload = join(dir, '3501200000_20251125_002.csv');
    mkdirSync(join(dir, 'empty-folder'));
    const rows = [GOOD, './empty-folder', './gone'].map((value, i) => EXAMPLE_ROW.map((v, k) => (k === 13 ? value : k === 5 ? `000${i + 1}` : v)).join(','));
    writeFileSync(upload, rows.join('\r\n') + '\r\n');
    const { run, report } = checkJson([upload], ['--now', '2025-11-25T12:00:00+08:00', '--archives', '--archive-dir', join(dir, 'archives')]);
    assert.equal(run.status, 1, run.stderr);
    const on14 = report.files[0].diagnostics.filter((d) => d.field === 14).map((d) => [d.line, d.code]);
    assert.deepEqual(on14, [[2, 'F14-pattern'], [3, 'F14-pattern']]);
  });

  it('reads the home folder or a variable alone in field 14 as a folder, not an archive to look for: its F14-pattern error alone, in an upload CSV and in a draft', () => {
    const rowsOf = (values: string[]) => values.map((value, i) => EXAMPLE_ROW.map((v, k) => (k === 13 ? value : k === 5 ? `000${i + 1}` : v)).join(',')).join('\r\n') + '\r\n';
    const upload = join(dir, '3501200000_20251125_003.csv');
    writeFileSync(upload, rowsOf([GOOD, '~', '%USERPROFILE%']));
    const draft = join(dir, 'home-draft.csv');
    writeFileSync(draft, rowsOf(['~', '%USERPROFILE%']));
    for (const csv of [upload, draft]) {
      const { run, report } = checkJson([csv], ['--now', '2025-11-25T12:00:00+08:00', '--archives', '--archive-dir', join(dir, 'archives')]);
      assert.equal(run.status, 1, run.stderr);
      const on14 = report.files[0].diagnostics.filter((d) => d.field === 14 && d.line > (csv === upload ? 1 : 0)).map((d) => [d.line, d.code]);
      assert.deepEqual(on14, csv === upload ? [[2, 'F14-pattern'], [3, 'F14-pattern']] : [[1, 'F14-pattern'], [2, 'F14-pattern']], csv);
    }
  });

  it('finds on the archive sample what its README describes', () => {
    const { report } = checkJson([join(ROOT, 'samples', 'batch-archives')], ['--now', '2026-11-25T18:00:00+08:00', '--archives']);
    const a14 = report.files[0].diagnostics.filter((d) => d.code.startsWith('A14-')).map((d) => [d.line, d.code]);
    assert.deepEqual(a14, [[2, 'A14-image-size'], [2, 'A14-study-date'], [3, 'A14-att-not-jpeg'], [4, 'A14-dicomdir-missing'], [5, 'A14-missing']]);
  });
});

describe('nhi-imaging check --archives of a draft', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('looks at the image folders of field 14 as the editor and the build do: a folder gone, a PNG saved as .jpg', () => {
    const draft = writeSampleDraft(dir);
    rmSync(join(dir, 'us1'), { recursive: true });
    rmSync(join(dir, 'pano', 'pano1.jpg'));
    writeFileSync(join(dir, 'pano', 'pano1.jpg'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const lines = readFileSync(draft, 'utf8').split('\n').filter(Boolean);
    const row = (folder: string) => lines.findIndex((l) => l.includes(`,./${folder},`)) + 1;
    const codes = (report: JsonReport) => report.files[0].diagnostics.filter((d) => d.code.startsWith('DRAFT-') && d.code !== 'DRAFT-path').map((d) => [d.line, d.field, d.code, d.severity]);
    for (const mode of ['--archives', '--full']) {
      const { run, report } = checkJson([draft], ['--now', '2025-11-25T12:00:00+08:00', mode]);
      assert.equal(run.status, 1, mode + run.stderr);
      assert.deepEqual(codes(report), [
        [row('pano'), 14, 'DRAFT-no-images', 'error'],
        [row('us1'), 14, 'DRAFT-missing', 'error'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])), mode);
    }
    // Without --archives only the CSV is read, as for a batch.
    const { run, report } = checkJson([draft], ['--now', '2025-11-25T12:00:00+08:00']);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(codes(report), []);
    // SARIF lists the rules it reports.
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '--lang', 'en', '--archives', draft]).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === 'DRAFT-missing'));
  });
});
