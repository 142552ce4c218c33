/**
 * Two `nhi-imaging build` of one draft, or of a draft and its copy, started at once (two terminals, the editor and a
 * CI job): one builds, the other is refused.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { readLedger } from '../../server/src/core/build/ledger';
import { CLI, removeDir, tempDir, type CliRun } from './helpers';

function startCli(args: string[]): { pid: number; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { pid: child.pid!, done: new Promise((r) => child.on('close', (status) => r({ status, stdout, stderr }))) };
}

describe('nhi-imaging build of one draft in two processes at once', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('sends each row once: the other build exits 2 naming the process that builds the draft, and writes nothing', async () => {
    const draft = writeSampleDraft(dir);
    const args = ['build', draft, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en'];
    const runs = [startCli(args), startCli(args)];
    const results = await Promise.all(runs.map((r) => r.done));
    const built = results.findIndex((r) => r.status === 0);
    assert.notEqual(built, -1, results.map((r) => r.stderr).join('\n'));
    const refused = results[1 - built];
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^nhi-imaging: The draft .*draft\\.csv is being built by another build \\(process ${runs[built].pid} on .*, since .*\\); so that no exam is sent twice, this build did nothing\\.`, 'm'));

    const ledger = await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'));
    assert.equal(ledger.batches.length, 1);
    assert.equal(ledger.rows.length, 4, 'each of the 4 rows recorded once');
    assert.equal(readdirSync(join(dir, 'out')).filter((n) => n.endsWith('.7z')).length, 4, 'one archive per row');
  });

  it('sends each row once when a copy of the draft is built at the same time: the later to reserve exits 2 naming the rows and the other process', async () => {
    // 24 MB of images per row: the first build to reserve is still packing when the other, started with it, reserves.
    const images = (modality: 'CT' | 'MR') => Array.from({ length: 12 }, () => ({ modality, rows: 1024, columns: 1024, series: 1 }));
    const draft = writeSampleDraft(dir, [{ fixture: 0, folder: 'ct', images: images('CT') }, { fixture: 3, folder: 'mr', images: images('MR') }]);
    const copy = join(dir, 'copy.csv');
    copyFileSync(draft, copy);
    const args = (csv: string): string[] => ['build', csv, '--out', join(dir, 'out'), '--date', '20261125', '--lang', 'en'];
    const runs = [startCli(args(draft)), startCli(args(copy))];
    const results = await Promise.all(runs.map((r) => r.done));
    const built = results.findIndex((r) => r.status === 0);
    assert.notEqual(built, -1, results.map((r) => r.stderr).join('\n'));
    const refused = results[1 - built];
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^nhi-imaging: row 1, row 2: the same exams as rows that another build \\(batch \\S+, process ${runs[built].pid} on .*, since .*\\) is sending and has not finished; so that no exam is sent twice, this build reserved and wrote nothing\\.`, 'm'));

    const ledger = await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'));
    assert.equal(ledger.batches.length, 1);
    assert.equal(ledger.rows.length, 2, 'each of the 2 rows recorded once');
    assert.equal(ledger.sequences.get('3501200000_20261125'), 1, 'the refused build reserved no sequence');
    assert.equal(readdirSync(join(dir, 'out')).filter((n) => n.endsWith('.7z')).length, 2, 'one archive per row');
  });
});
