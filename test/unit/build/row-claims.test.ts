// An exam is sent once even when two drafts hold it (a copy, a draft exported again under another name), or when
// re-sends and builds of it run at once: the second to reserve is refused while the first is in flight.
import { strict as assert } from 'node:assert';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, BuildError, type BuildSummary } from '../../../server/src/core/build/batch';
import { resendRows } from '../../../server/src/core/build/resend';
import { readLedger, rowKey, type ClaimRecord } from '../../../server/src/core/build/ledger';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { writeSampleDraft, SAMPLE_ROWS } from '../../../samples/draft/generate';
import { deadPid } from './interrupted';

const DATE = '20261125';
const vopts = { now: Date.parse('2026-11-26T12:00:00+08:00') };
const HOSPITAL = '3501200000';

/** MR images below 512x512 for a CT order: the build asks (onDecision) before it reserves anything. */
function askingRow(images: number): (typeof SAMPLE_ROWS)[number] {
  return { fixture: 0, folder: 'small', images: Array.from({ length: images }, () => ({ modality: 'MR' as const, rows: 256, columns: 256, series: 1 })) };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function refusal(p: Promise<unknown>): Promise<BuildError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BuildError, String(e));
    return e;
  }
  assert.fail('it should have been refused');
}

describe('rows held by two builds or re-sends at once', function () {
  this.timeout(120_000);
  let dir: string;
  let ledger: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'row-claims-'));
    ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The draft and a copy of it under another name, with the same rows and images. */
  function draftAndCopy(images: number): [string, string] {
    const draft = writeSampleDraft(dir, [askingRow(images)]);
    const copy = join(dir, 'copy.csv');
    copyFileSync(draft, copy);
    return [draft, copy];
  }

  it('refuses a copy of the draft built while the first build is between its reservation and its recording, reserving nothing', async () => {
    const [draft, copy] = draftAndCopy(40);
    const firstPacking = deferred();
    const first = buildBatch(draft, { date: DATE, validation: vopts, onDecision: () => 'continue', onProgress: (p) => p.phase === 'pack' && firstPacking.resolve() });
    const second = buildBatch(copy, { date: DATE, outDir: join(dir, 'copy-upload'), validation: vopts, onDecision: async () => (await firstPacking.promise, 'continue' as const) });
    const e = await refusal(second);
    const built = await first;
    assert.equal(e.reason, 'busy');
    assert.match(e.bilingual.en, new RegExp(`^row 1: the same exams as rows that another build \\(batch \\S+, process ${process.pid} on ${hostname()}, since .+\\) is sending and has not finished; so that no exam is sent twice, this build reserved and wrote nothing\\.`));
    assert.match(e.bilingual['zh-TW'], new RegExp(`^第 1 列：與另一個建置（批次 \\S+，電腦 .+ 的處理程序 ${process.pid}，自 .+起）正在送出的列是同一筆檢查`));

    const state = await readLedger(ledger);
    assert.equal(state.batches.length, 1, 'one batch');
    assert.equal(state.rows.length, 1, 'the row recorded once');
    assert.equal(state.sequences.get(`${HOSPITAL}_${DATE}`), 1, 'the refused build reserved no sequence');
    assert.equal(state.cases.get(HOSPITAL)!.size, 1, 'nor a case number');
    assert.equal(state.claims.length, 1, 'nor claimed the row');
    const out = readdirSync(join(dir, 'upload'));
    assert.deepEqual(out.filter((n) => n.endsWith('.csv')), [built.csvName]);
    assert.equal(out.length, 2, 'the CSV and archive of the first build alone');
    assert.equal(existsSync(join(dir, 'copy-upload')), false, 'nor the output folder of the refused build');
    assert.deepEqual(readdirSync(join(dir, '.nhi-imaging')), ['ledger.jsonl'], 'no lock left behind');

    const again = await buildBatch(copy, { date: DATE, validation: vopts, onDecision: () => 'continue' });
    assert.equal(again.warnings.filter((w) => w.ruleId === 'LEDGER-already-sent').length, 1, 'built afterwards as rows sent before');
  });

  it('warns of rows another draft sent after this build read the ledger, as a build started later would', async () => {
    const [draft, copy] = draftAndCopy(1);
    const secondAsked = deferred();
    const first = buildBatch(draft, { date: DATE, validation: vopts, onDecision: async () => (await secondAsked.promise, 'continue' as const) });
    const second = await buildBatch(copy, {
      date: DATE,
      validation: vopts,
      onDecision: async () => {
        secondAsked.resolve();
        await first;
        return 'continue' as const;
      },
    });
    const sent = await first;
    const warned = second.warnings.filter((w) => w.ruleId === 'LEDGER-already-sent');
    assert.equal(warned.length, 1);
    assert.ok(warned[0].message.en.includes(`This record was sent in ${sent.csvName}`), warned[0].message.en);
    assert.notEqual(second.csvName, sent.csvName);
  });

  it('refuses a re-send of rows another re-send is sending, naming them by case number', async () => {
    const draft = writeSampleDraft(dir);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const cases = s.rows.map((r) => r.caseNumber);
    const firstPacking = deferred();
    const first = resendRows({ ledgerPath: ledger, rows: cases, outDir: join(dir, 'resend1'), date: '20261126', validation: vopts, onProgress: (p) => p.phase === 'pack' && firstPacking.resolve() });
    await firstPacking.promise;
    const e = await refusal(resendRows({ ledgerPath: ledger, rows: [cases[2], cases[0]], outDir: join(dir, 'resend2'), date: '20261126', validation: vopts }));
    const resent = await first;
    assert.equal(e.reason, 'busy');
    assert.match(e.bilingual.en, new RegExp(`^case ${cases[2]}, case ${cases[0]}: the same exams as rows that another re-send \\(batch \\S+, process ${process.pid} on `));
    assert.match(e.bilingual.en, /this re-send reserved and wrote nothing/);
    const state = await readLedger(ledger);
    assert.equal(state.batches.length, 2, 'the build and one re-send');
    assert.equal(state.sequences.get(`${HOSPITAL}_20261126`), 1, 'the refused re-send reserved no sequence');
    assert.equal(existsSync(join(dir, 'resend2')), false, 'and wrote nothing, not even its output folder');
    assert.ok(existsSync(resent.csvPath));
    assert.deepEqual(readdirSync(join(dir, '.nhi-imaging')), ['ledger.jsonl'], 'no lock left behind');
  });

  it('refuses a re-send of a row another re-send sent after this one read the ledger, under the lock of its reservation', async () => {
    const s = await buildBatch(writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 2)), { date: DATE, validation: vopts });
    const [rec, other] = (await readLedger(ledger)).rows;
    const otherCsv = join(dir, 'upload', `${HOSPITAL}_20261126_001.csv`);
    let appended = '';
    const out = join(dir, 'resend');
    // While this re-send checks its rows (it has read the ledger, and not reserved yet), another batch re-sends the first one and is done.
    const e = await refusal(resendRows({
      ledgerPath: ledger,
      rows: [other.case, rec.case],
      outDir: out,
      date: '20261126',
      validation: vopts,
      onProgress: (p) => {
        if (p.phase !== 'scan' || appended) return;
        const at = new Date().toISOString();
        appended = [
          { ...rec, csv: otherCsv, build: 'another-resend', at, pending: undefined },
          { t: 'batch', kind: 'resend', build: 'another-resend', csv: otherCsv, rows: 1, bytes: rec.archiveSize, at },
        ].map((r) => `${JSON.stringify(r)}\n`).join('');
        appendFileSync(ledger, appended);
      },
    }));
    assert.equal(e.reason, 'busy');
    assert.equal(e.bilingual.en, `case ${rec.case}: sent again by another batch (${HOSPITAL}_20261126_001.csv) after this re-send read the ledger; so that no exam is sent twice, this re-send reserved and wrote nothing. Look at that batch's result before re-sending the row again`);
    assert.match(e.bilingual['zh-TW'], new RegExp(`^案件編號 ${rec.case}：在本重送讀取帳冊之後，已由另一個批次（${HOSPITAL}_20261126_001\\.csv）重送；`));
    assert.ok(readFileSync(ledger, 'utf8').endsWith(appended), 'nothing appended after the other batch');
    assert.equal(existsSync(out), false);
    assert.ok(existsSync(s.rows[0].archivePath));
  });

  it('refuses a build of rows a re-send is sending', async () => {
    const [draft, copy] = draftAndCopy(120);
    const s = await buildBatch(draft, { date: DATE, validation: vopts, onDecision: () => 'continue' });
    let resend: Promise<BuildSummary> | undefined;
    const e = await refusal(buildBatch(copy, {
      date: '20261126',
      validation: vopts,
      // The re-send starts once this build has read the ledger, and this build reserves while the re-send is under way.
      onDecision: async () => {
        const resendPacking = deferred();
        resend = resendRows({ ledgerPath: ledger, rows: [s.rows[0].caseNumber], outDir: join(dir, 'resend'), date: '20261126', validation: vopts, onProgress: (p) => p.phase === 'pack' && resendPacking.resolve() });
        await resendPacking.promise;
        return 'continue' as const;
      },
    }));
    await resend;
    assert.equal(e.reason, 'busy');
    assert.match(e.bilingual.en, /^row 1: the same exams as rows that another re-send \(batch /);
    assert.equal((await readLedger(ledger)).batches.length, 2, 'the build and the re-send');
  });

  it('is not held up by the claim of a build killed, failed or gone from another computer; is by one still renewed there', async () => {
    const [draft] = draftAndCopy(1);
    const key = rowKey(parseCsv(readFileSync(draft, 'utf8')).rows[0].cells.map((c) => c.value));
    mkdirSync(join(dir, '.nhi-imaging'));
    const lock = join(dir, '.nhi-imaging', 'ledger.jsonl.resend-0123456789ab.lock');
    const claim = (build: string, token: string): void => {
      const rec: ClaimRecord = { t: 'claim', kind: 'resend', build, keys: [key], lock, token, at: new Date().toISOString() };
      appendFileSync(ledger, JSON.stringify(rec) + '\n');
    };
    const holder = (pid: number, host: string, at: number, token: string): void => writeFileSync(lock, JSON.stringify({ pid, host, at, since: at, token }));
    const build = (): Promise<BuildSummary> => buildBatch(draft, { date: DATE, validation: vopts, onDecision: () => 'continue' });

    claim('failed', 'released');
    await build();
    claim('killed', 'dead');
    holder(await deadPid(), hostname(), Date.now(), 'dead');
    await build();
    claim('elsewhere', 'renewed');
    holder(process.pid, 'ward-pc', Date.now(), 'renewed');
    const e = await refusal(build());
    assert.equal(e.reason, 'busy');
    assert.match(e.bilingual.en, /another re-send \(batch elsewhere, process \d+ on ward-pc, since /);
    holder(process.pid, 'ward-pc', Date.now() - 61_000, 'renewed');
    await build();
    assert.equal(existsSync(lock), false, 'the lock file of the re-send gone from the other computer is removed');
    assert.equal((await readLedger(ledger)).batches.length, 3);
  });

  it('stops a build whose rows another build claimed while it stood still past the stale limit, recording nothing', async () => {
    const [draft] = draftAndCopy(1);
    const key = rowKey(parseCsv(readFileSync(draft, 'utf8')).rows[0].cells.map((c) => c.value));
    const lock = join(dir, '.nhi-imaging', 'ledger.jsonl.build-0123456789abcdef.lock');
    // Written while this build packs, as a build on another computer that judged it gone would write them.
    const takeOver = (): void => {
      if (existsSync(lock)) return;
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: 'ward-pc', at: Date.now(), since: Date.now(), token: 'over' }));
      const rec: ClaimRecord = { t: 'claim', kind: 'build', build: 'ward-pc-build', keys: [key], lock, token: 'over', at: new Date().toISOString() };
      appendFileSync(ledger, JSON.stringify(rec) + '\n');
    };
    const e = await refusal(buildBatch(draft, { date: DATE, validation: vopts, onDecision: () => 'continue', onProgress: (p) => p.phase === 'pack' && takeOver() }));
    assert.equal(e.reason, 'busy');
    assert.match(e.bilingual.en, /^This build stood still for over a minute .* another build \(batch ward-pc-build, process \d+ on ward-pc, since .*\) took row 1 over; so that no exam is sent twice, this build stopped, removed its output and recorded nothing in the ledger/);
    const state = await readLedger(ledger);
    assert.equal(state.rows.length + state.unsentRows.length, 0, 'no row recorded');
    assert.deepEqual(readdirSync(join(dir, 'upload')), [], 'its output removed');
  });
});
