// Two builds of one draft at once must not both send its rows; builds of other drafts still run side by side.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, BuildError, type BuildSummary } from '../../../server/src/core/build/batch';
import { draftLockPath } from '../../../server/src/core/build/draft-lock';
import { readLedger } from '../../../server/src/core/build/ledger';
import { holdLock } from '../../../server/src/core/build/lock';
import { SAMPLE_ROWS, writeSampleDraft } from '../../../samples/draft/generate';
import { deadPid } from './interrupted';

const DATE = '20261125';
const vopts = { now: Date.parse('2026-11-26T12:00:00+08:00') };

describe('builds of one draft at once', function () {
  this.timeout(120_000);
  let dir: string;
  let draft: string;
  let ledger: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'draft-lock-'));
    draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 2));
    ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the rows once: the second build is refused, naming the build that holds the draft, and leaves nothing', async () => {
    const [a, b] = await Promise.allSettled([buildBatch(draft, { date: DATE, validation: vopts }), buildBatch(draft, { date: DATE, validation: vopts })]);
    const built = [a, b].filter((r): r is PromiseFulfilledResult<BuildSummary> => r.status === 'fulfilled');
    const refused = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(built.length, 1, 'one build completes');
    assert.equal(refused.length, 1, 'the other is refused');
    const e = refused[0].reason as BuildError;
    assert.ok(e instanceof BuildError, String(e));
    assert.equal(e.reason, 'busy');
    assert.match(e.bilingual.en, new RegExp(`^The draft .*draft\\.csv is being built by another build \\(process ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(\\w+\\)\\); so that no exam is sent twice, this build did nothing\\.`));
    assert.match(e.bilingual['zh-TW'], new RegExp(`^草稿 .*draft\\.csv 正由另一個建置處理中（電腦 .* 的處理程序 ${process.pid}，自 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d（週.）起），為免同一筆檢查重複送出，本建置未做任何事。`));

    const state = await readLedger(ledger);
    assert.equal(state.batches.length, 1, 'one batch in the ledger');
    assert.equal(state.rows.length, 2, 'each row recorded once');
    assert.equal(state.sequences.get(`3501200000_${DATE}`), 1, 'the refused build reserved no sequence');
    const out = readdirSync(join(dir, 'upload'));
    assert.deepEqual(out.filter((n) => n.endsWith('.csv')), [built[0].value.csvName]);
    assert.equal(out.filter((n) => n.endsWith('.7z')).length, 2, 'only the archives of the build that completed');
    assert.deepEqual(readdirSync(join(dir, '.nhi-imaging')), ['ledger.jsonl'], 'no lock left behind');

    const again = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(again.warnings.filter((w) => w.ruleId === 'LEDGER-already-sent').length, 2, 'built again afterwards, as a build of rows sent before');
  });

  it('builds two different drafts of one folder and one ledger side by side', async () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, readFileSync(draft, 'utf8').split('\r\n')[1] + '\r\n');
    writeFileSync(draft, readFileSync(draft, 'utf8').split('\r\n')[0] + '\r\n');
    const [a, b] = await Promise.all([buildBatch(draft, { date: DATE, validation: vopts }), buildBatch(other, { date: DATE, validation: vopts })]);
    assert.deepEqual([a.csvName, b.csvName].sort(), [`3501200000_${DATE}_001.csv`, `3501200000_${DATE}_002.csv`]);
    assert.equal((await readLedger(ledger)).batches.length, 2);
  });

  it('takes over the lock of a build killed on this computer at once, and of one on another computer once its time is a minute old', async () => {
    const lock = await draftLockPath(draft, ledger);
    mkdirSync(join(dir, '.nhi-imaging'));
    const since = Date.now() - 3_600_000;
    writeSampleLock(lock, { pid: await deadPid(), host: hostname(), at: Date.now(), since, token: 'killed' });
    await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(existsSync(lock), false);

    writeSampleLock(lock, { pid: process.pid, host: 'ward-pc', at: Date.now(), since, token: 'running' });
    await assert.rejects(buildBatch(draft, { date: DATE, validation: vopts }), (e: BuildError) => e.reason === 'busy' && /process \d+ on ward-pc/.test(e.bilingual.en));
    assert.equal((await readLedger(ledger)).batches.length, 1, 'the refused build recorded nothing');

    writeSampleLock(lock, { pid: process.pid, host: 'ward-pc', at: Date.now() - 61_000, since, token: 'gone' });
    await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal((await readLedger(ledger)).batches.length, 2);
  });

  it('renews a lock held for a whole build, and tells when another process took it over', async () => {
    const lock = join(dir, 'held.lock');
    const held = await holdLock(lock, { renewMs: 50 });
    const first = JSON.parse(readFileSync(lock, 'utf8'));
    await new Promise((r) => setTimeout(r, 300));
    const later = JSON.parse(readFileSync(lock, 'utf8'));
    assert.ok(later.at > first.at, 'its time is renewed');
    assert.equal(later.since, first.since, 'the time it was taken stays');
    assert.equal(await held.stillHeld(), true);
    await held.release();
    assert.equal(existsSync(lock), false);

    const overtaken = await holdLock(lock, { renewMs: 60_000 });
    writeSampleLock(lock, { ...JSON.parse(readFileSync(lock, 'utf8')), token: 'another' });
    assert.equal(await overtaken.stillHeld(), false);
    await overtaken.release();
    assert.equal(JSON.parse(readFileSync(lock, 'utf8')).token, 'another', 'another process\'s lock is left alone');
  });
});

function writeSampleLock(path: string, content: { pid: number; host: string; at: number; since: number; token: string }): void {
  writeFileSync(path, JSON.stringify(content));
}
