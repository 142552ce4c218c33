/**
 * `nhi-imaging check --format sarif` read by Microsoft's SARIF Multitool (`validate`: the SARIF 2.1.0 schema
 * and the SARIF SDK's rules), on the bundled samples: text findings, and archive findings on field 14. Runs the
 * built CLI (dist/cli.js: `npm run build`).
 * .ci/run installs the Multitool into .cache/sarif-multitool (npm @microsoft/sarif-multitool-linux); a missing
 * tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '../../server/src/cli/output';
import { SarifReporter } from '../../server/src/cli/report/sarif';
import { runCli } from '../cli/helpers';

const ROOT = resolve(__dirname, '..', '..');
const MULTITOOL = join(ROOT, '.cache', 'sarif-multitool', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

function sarifOf(args: string[]): string {
  const run = runCli(['check', '--format', 'sarif', '--lang', 'en', '--now', '2026-11-25T18:00', ...args]);
  assert.equal(run.status, 1, `the samples have errors on purpose: ${run.stderr}`);
  return run.stdout;
}

interface ValidationResult {
  ruleId: string;
  level: string;
  message: { arguments?: string[] };
}

function validate(sarif: string, dir: string, name: string): ValidationResult[] {
  const input = join(dir, `${name}.sarif`);
  const output = join(dir, `${name}.validation.sarif`);
  writeFileSync(input, sarif);
  execFileSync(MULTITOOL, ['validate', '--level', 'Error;Warning;Note', '--output', output, input], {
    stdio: 'pipe', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  return (JSON.parse(readFileSync(output, 'utf8')).runs[0].results ?? []) as ValidationResult[];
}

describe('interop: our SARIF validated by Microsoft\'s SARIF Multitool', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(MULTITOOL), `SARIF Multitool missing at ${MULTITOOL}: see .ci/run`);
    dir = mkdtempSync(join(tmpdir(), 'nhi-sarif-'));
  });
  // The before hook stops before making the folder when the Multitool is missing.
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  for (const [label, args] of [
    ['the sample batch (text findings)', ['samples/batch']],
    ['the archive sample with --archives (findings on field 14)', ['--archives', 'samples/batch-archives']],
  ] as const) {
    it(`${label}: no errors or warnings; every rule has a friendly name and a help URI`, async () => {
      const sarif = sarifOf([...args]);
      const log = JSON.parse(sarif);
      assert.ok(log.runs[0].results.length > 0, 'the run has results');
      const results = validate(sarif, dir, label.replace(/\W+/g, '-'));
      const serious = results.filter((r) => r.level === 'error' || r.level === 'warning');
      assert.deepEqual(serious.map((r) => `${r.ruleId}: ${r.message.arguments?.join(' | ')}`), []);
      // SARIF2012: rules should have a Pascal-case friendly name and a help URI.
      assert.deepEqual(results.filter((r) => r.ruleId === 'SARIF2012').map((r) => r.message.arguments?.join(' | ')), []);
    });
  }

  it('a run on Windows from a share root, with files on the share, on another share and on a drive: no errors or warnings', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const out = new Output(stream);
    const reporter = new SarifReporter(out, { lang: 'en', cwd: '\\\\fileserver\\radiology\\', version: '0.0.0', rulesDocUrl: 'https://example.org/rules.md', platform: 'win32' });
    reporter.begin();
    for (const file of ['\\\\fileserver\\radiology\\11月\\3501200000_20251125_001.csv', '\\\\archive\\old\\3501200000_20251125_002.csv', 'C:\\batches\\3501200000_20251125_003.csv']) {
      reporter.beginFile(file);
      reporter.finding({
        ruleId: 'F05-visit-type', severity: 'error', field: 5, row: 0, message: { 'zh-TW': '就醫類別錯誤', en: 'unknown visit type' },
        range: { start: { line: 0, character: 32 }, end: { line: 0, character: 34 } },
      });
      reporter.endFile();
    }
    reporter.end();
    await out.flush();
    const sarif = Buffer.concat(chunks).toString('utf8');
    const uris = JSON.parse(sarif).runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['11%E6%9C%88/3501200000_20251125_001.csv', 'file://archive/old/3501200000_20251125_002.csv', 'file:///C:/batches/3501200000_20251125_003.csv']);
    const results = validate(sarif, dir, 'windows-share');
    assert.deepEqual(results.filter((r) => r.level === 'error' || r.level === 'warning').map((r) => `${r.ruleId}: ${r.message.arguments?.join(' | ')}`), []);
  });
});
