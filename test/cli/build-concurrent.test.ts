/**
 * `nhi-imaging build` started while another build of the same draft, or of a copy of it, is packing (two terminals,
 * the editor and a CI job): it is refused and writes nothing. The other build runs in this process and stands still
 * while the command runs (spawnSync from its progress callback), so the two overlap on every run.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { buildBatch } from '../../server/src/core/build/batch';
import { readLedger } from '../../server/src/core/build/ledger';
import { removeDir, runCli, tempDir, type CliRun } from './helpers';

const DATE = '20261125';

/** Builds `draft` here and, once it packs, runs `nhi-imaging build` of `other` to its end; the command's result. */
async function buildWhilePacking(draft: string, other: string, out: string): Promise<CliRun> {
  let run: CliRun | undefined;
  await buildBatch(draft, {
    date: DATE,
    outDir: out,
    validation: { now: Date.parse('2026-11-25T12:00:00+08:00') },
    onProgress: (p) => {
      if (p.phase === 'pack' && !run) run = runCli(['build', other, '--out', join(out, 'other'), '--date', DATE, '--lang', 'en']);
    },
  });
  assert.ok(run, 'the build packed');
  return run;
}

describe('nhi-imaging build while another build of the draft is running', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('of the same draft: exits 2 naming the process that builds it, and writes nothing', async () => {
    const draft = writeSampleDraft(dir);
    const out = join(dir, 'out');
    const refused = await buildWhilePacking(draft, draft, out);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^nhi-imaging: The draft .*draft\\.csv is being built by another build \\(process ${process.pid} on .*, since .*\\); so that no exam is sent twice, this build did nothing\\.`, 'm'));

    const ledger = await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'));
    assert.equal(ledger.batches.length, 1);
    assert.equal(ledger.rows.length, 4, 'each of the 4 rows recorded once');
    assert.equal(readdirSync(out).filter((n) => n.endsWith('.7z')).length, 4, 'one archive per row');
    assert.deepEqual(readdirSync(out).filter((n) => n === 'other'), [], 'the refused build left no output folder');
  });

  it('of a copy of the draft: exits 2 naming the rows and the other process, and reserves nothing', async () => {
    const draft = writeSampleDraft(dir);
    const copy = join(dir, 'copy.csv');
    copyFileSync(draft, copy);
    const out = join(dir, 'out');
    const refused = await buildWhilePacking(draft, copy, out);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^nhi-imaging: row 1, row 2, row 3, row 4: the same exams as rows that another build \\(batch \\S+, process ${process.pid} on .*, since .*\\) is sending and has not finished; so that no exam is sent twice, this build reserved and wrote nothing\\.`, 'm'));

    const ledger = await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'));
    assert.equal(ledger.batches.length, 1);
    assert.equal(ledger.rows.length, 4, 'each of the 4 rows recorded once');
    assert.equal(ledger.sequences.get(`3501200000_${DATE}`), 1, 'the refused build reserved no sequence');
    assert.equal(readdirSync(out).filter((n) => n.endsWith('.7z')).length, 4, 'one archive per row');
  });
});
