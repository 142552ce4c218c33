// A build killed while finishing its batch (between recording the rows and publishing the CSV, in either
// order) leaves the ledger and the output folder agreeing: the rows count as sent exactly when the CSV is there.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleDraft } from '../../../samples/draft/generate';
import { buildBatch } from '../../../server/src/core/build/batch';
import { resendRows } from '../../../server/src/core/build/resend';
import { readLedger } from '../../../server/src/core/build/ledger';

const HOSP = '3501200000';
const NOW = Date.parse('2025-11-25T12:00:00+08:00');
const vopts = { now: NOW };

function killedBuild(draft: string, out: string, ledgerPath: string, moment: 'after-publish' | 'before-publish'): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'finish-kill-worker.ts'), draft, out, ledgerPath, moment, String(NOW)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (_code, signal) => done({ signal, stdout, stderr }));
  });
}

function csvsIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.csv')) : [];
}

describe('a build killed while finishing its batch', function () {
  this.timeout(120_000);
  let dir: string;
  let draft: string;
  let ledgerPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'publish-order-'));
    draft = writeSampleDraft(dir);
    ledgerPath = join(dir, '.nhi-imaging', 'ledger.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('right after publishing the CSV: its rows count as sent, the next build warns, and resend finds them', async () => {
    const out = join(dir, 'upload');
    const run = await killedBuild(draft, out, ledgerPath, 'after-publish');
    assert.equal(run.signal, 'SIGKILL', run.stdout + run.stderr);
    const [csv] = csvsIn(out);
    assert.ok(csv, 'the CSV was published before the kill');
    const rows = readFileSync(join(out, csv), 'utf8').trim().split(/\r?\n/);

    const ledger = await readLedger(ledgerPath);
    assert.deepEqual(ledger.rows.map((r) => r.text), rows, 'every row of the published CSV is in the ledger');
    assert.deepEqual(ledger.batches.map((b) => b.csv), [join(out, csv)]);

    const again = await resendRows({ ledgerPath, rows: [ledger.rows[0].case], outDir: join(dir, 'resend'), date: '20261126', validation: vopts });
    assert.equal(again.rows[0].text, ledger.rows[0].text);
    assert.deepEqual(again.recoveredBatches, [join(out, csv)], 'the re-send records the batch published and says so');
    const recorded = await readLedger(ledgerPath);
    assert.deepEqual(recorded.recovered, [], 'recorded: no longer found by looking at the folder');
    rmSync(join(out, csv));
    assert.equal((await readLedger(ledgerPath)).rows.filter((r) => r.csv === join(out, csv)).length, rows.length, 'sent, even once the CSV is moved away');
    const next = await buildBatch(draft, { outDir: join(dir, 'again'), ledgerPath, date: '20261125', validation: vopts });
    assert.deepEqual(next.warnings.filter((f) => f.ruleId === 'LEDGER-already-sent').map((f) => f.row), next.rows.map((r) => r.row));
    assert.deepEqual(next.recoveredBatches, []);
  });

  it('after recording the rows but before publishing the CSV: no CSV, no row counts as sent, resend finds none', async () => {
    const out = join(dir, 'upload');
    const run = await killedBuild(draft, out, ledgerPath, 'before-publish');
    assert.equal(run.signal, 'SIGKILL', run.stdout + run.stderr);
    assert.deepEqual(csvsIn(out), []);

    const ledger = await readLedger(ledgerPath);
    assert.equal(ledger.rows.length, 0);
    assert.equal(ledger.batches.length, 0);
    const reserved = [...(ledger.cases.get(HOSP) ?? [])];
    assert.equal(reserved.length, 4, 'the case numbers stay used');

    const next = await buildBatch(draft, { outDir: join(dir, 'again'), ledgerPath, date: '20261125', validation: vopts });
    assert.deepEqual(next.warnings.filter((f) => f.ruleId === 'LEDGER-already-sent'), []);
    assert.ok(next.rows.every((r) => !reserved.includes(r.caseNumber)), 'no case number is handed out again');
    assert.ok(next.csvName.endsWith('_002.csv'), `the next sequence: ${next.csvName}`);
    await assert.rejects(resendRows({ ledgerPath, rows: [reserved[0]], outDir: join(dir, 'resend'), validation: vopts }), /built, but its batch was never published .* so it was not sent/);
  });
});
