import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendRecords,
  csvFileName,
  csvSha256,
  findLedger,
  makeCaseNumber,
  parseLedger,
  readLedger,
  reserve,
  rowKey,
  type RowRecord,
} from '../../../server/src/core/build/ledger';
import { acquireLock, LockTimeoutError } from '../../../server/src/core/build/lock';

const HOSP = '3501200000';

function runWorker(ledgerPath: string, count: number, startAt: number): Promise<{ cases: string[]; sequence: number }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'reserve-worker.ts'), ledgerPath, String(count), String(startAt)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exit ${code}`))));
  });
}

describe('ledger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is found at the nearest .nhi-imaging folder at or above the draft, else beside it', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    assert.equal(await findLedger(deep), join(deep, '.nhi-imaging', 'ledger.jsonl'));
    mkdirSync(join(dir, 'a', '.nhi-imaging'));
    assert.equal(await findLedger(deep), join(dir, 'a', '.nhi-imaging', 'ledger.jsonl'));
    mkdirSync(join(deep, '.nhi-imaging'));
    assert.equal(await findLedger(deep), join(deep, '.nhi-imaging', 'ledger.jsonl'));
  });

  it('makes 12-character case numbers from the date and an unambiguous alphabet', () => {
    const c = makeCaseNumber('20261125');
    assert.match(c, /^261125[A-Z2-9]{6}$/);
    assert.doesNotMatch(c.slice(6), /[01OI]/);
  });

  it('never hands out a case number twice and continues sequence numbers per hospital and date', async () => {
    const ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    const constant = (): number => 0;
    const a = await reserve(ledger, { hospital: HOSP, date: '20261125', caseCount: 1, build: 'a', random: constant });
    let calls = 0;
    const secondTry = (max: number): number => (calls++ < 6 ? 0 : 1 % max);
    const b = await reserve(ledger, { hospital: HOSP, date: '20261125', caseCount: 1, build: 'b', random: secondTry });
    assert.notEqual(a.cases[0], b.cases[0]);
    assert.equal(a.sequence, 1);
    assert.equal(b.sequence, 2);
    assert.equal(b.csvName, `${HOSP}_20261125_002.csv`);
    const other = await reserve(ledger, { hospital: HOSP, date: '20261126', caseCount: 0, build: 'c' });
    assert.equal(other.sequence, 1);
    const outDirTaken = await reserve(ledger, { hospital: HOSP, date: '20261125', caseCount: 0, build: 'd', minSequence: 7 });
    assert.equal(outDirTaken.sequence, 8);
    const another = await reserve(ledger, { hospital: '3501200001', date: '20261125', caseCount: 1, build: 'e', random: constant });
    assert.equal(another.cases[0], a.cases[0], 'case numbers are per hospital');
  });

  it('ignores a torn last line left by a killed writer and appends after it on a new line', async () => {
    const ledger = join(dir, 'ledger.jsonl');
    await appendRecords(ledger, [{ t: 'case', hospital: HOSP, case: '261125AAAAAA', build: 'x', at: '' }]);
    appendFileSync(ledger, '{"t":"case","hospital":"3501200000","ca');
    const state = await readLedger(ledger);
    assert.equal(state.unreadableLines, 1);
    assert.ok(state.cases.get(HOSP)!.has('261125AAAAAA'));
    await appendRecords(ledger, [{ t: 'case', hospital: HOSP, case: '261125BBBBBB', build: 'x', at: '' }]);
    const again = await readLedger(ledger);
    assert.equal(again.cases.get(HOSP)!.size, 2);
    assert.equal(again.unreadableLines, 1);
  });

  it('refuses a file that is not a ledger (a draft CSV given as --ledger) and leaves it unchanged', async () => {
    const csv = join(dir, 'draft.csv');
    const text = '3501200000,12,11511,1151125093000,01,0001,1,A123456789,0750312,33070B,1,11511250930,H,./ct1,,,\r\n';
    writeFileSync(csv, text);
    await assert.rejects(readLedger(csv), (e: Error) => /is not a ledger \(line 1 is no ledger record\); nothing was changed/.test(e.message));
    await assert.rejects(reserve(csv, { hospital: HOSP, date: '20261125', caseCount: 1, build: 'x' }), /is not a ledger/);
    assert.equal(readFileSync(csv, 'utf8'), text);
    assert.equal(existsSync(`${csv}.lock`), false);
    const records = [JSON.stringify({ t: 'case', hospital: HOSP, case: '261125AAAAAA', build: 'x', at: '' })];
    assert.equal(parseLedger([...records, 'not json'].join('\n')).foreignLine, 2);
    assert.equal(parseLedger([...records, '42'].join('\n')).foreignLine, 2, 'JSON that is no record');
    assert.equal(parseLedger([...records, '{"t":"case","hosp', ...records, '{"t'].join('\n')).foreignLine, undefined, 'torn records, last or not');
  });

  it('takes a claim record of another kind than build or re-send for a damaged record, as a refusal would name the other batch by it', () => {
    const claim = { t: 'claim', kind: 'build', build: 'b', keys: ['k'], lock: '/l.lock', token: 't', at: '' };
    assert.equal(parseLedger(JSON.stringify(claim)).damaged, undefined);
    assert.equal(parseLedger(JSON.stringify({ ...claim, kind: 'resend' })).claims.length, 1);
    assert.deepEqual(parseLedger(JSON.stringify({ ...claim, kind: undefined })).damaged, { line: 1, field: 'kind' });
    assert.deepEqual(parseLedger(JSON.stringify({ ...claim, kind: 'copy' })).damaged, { line: 1, field: 'kind' });
  });

  it('keeps the last row record per key and the exact row text', () => {
    const values = [HOSP, '12', '11511', '1151125093000', '01', '0001', '1', 'A123456789', '0750312', '33070B', '1', '11511250930', 'H', `DCF${HOSP}_261125AAAAAA.7z`, '', '', ''];
    const key = rowKey(values);
    const row = (text: string, c: string): RowRecord => ({
      t: 'row', hospital: HOSP, case: c, key, text, csv: '/x.csv', archive: '/a.7z', archiveSize: 1, archiveMtimeMs: 1, sources: [], format: '7z', build: 'b', at: '',
    });
    const state = parseLedger([JSON.stringify(row('first', 'C1')), JSON.stringify(row('second', 'C2'))].join('\n'));
    assert.equal(state.rowsByKey.get(key)!.text, 'second');
    assert.ok(state.cases.get(HOSP)!.has('C1'));
    assert.equal(key, `${HOSP}|1151125093000|01|0001|A123456789|33070B|1||`);
  });

  describe('pending batches (rows recorded before their CSV is published)', () => {
    const csvText = 'row one\r\nrow two\r\n';
    const records = (csv: string, build = 'b1'): string[] => {
      const row = (text: string, c: string): RowRecord => ({
        t: 'row', hospital: HOSP, case: c, key: `k-${c}`, text, csv, archive: '/a.7z', archiveSize: 1, archiveMtimeMs: 1, sources: [], format: '7z', build, at: '', pending: true,
      });
      return [
        JSON.stringify(row('row one', `${build}-C1`)),
        JSON.stringify(row('row two', `${build}-C2`)),
        JSON.stringify({ t: 'batch', kind: 'build', build, csv, rows: 2, bytes: 2, at: '', pending: true, csvBytes: Buffer.byteLength(csvText), csvSha256: csvSha256(csvText) }),
      ];
    };
    const published = (csv: string, build = 'b1'): string => JSON.stringify({ t: 'published', build, csv, at: '' });

    it('counts a published one, and one whose CSV is in place with the recorded content', async () => {
      const csv = join(dir, 'sent.csv');
      const other = join(dir, 'other.csv');
      writeFileSync(other, csvText);
      const ledger = join(dir, 'ledger.jsonl');
      writeFileSync(ledger, [...records(csv), published(csv), ...records(other, 'b2')].join('\n') + '\n');
      const state = await readLedger(ledger);
      assert.deepEqual(state.rows.map((r) => r.case), ['b1-C1', 'b1-C2', 'b2-C1', 'b2-C2']);
      assert.deepEqual(state.batches.map((b) => b.csv), [csv, other]);
      assert.deepEqual(state.recovered.map((b) => b.csv), [other], 'found in place without its published record');
      assert.deepEqual(state.unpublished, []);
      assert.equal(state.unreadableLines, 0, "'published' records are known");
    });

    it('drops one whose CSV is missing or holds other content, but keeps its case numbers used', async () => {
      const missing = join(dir, 'missing.csv');
      const changed = join(dir, 'changed.csv');
      writeFileSync(changed, csvText.replace('two', 'TWO'));
      const ledger = join(dir, 'ledger.jsonl');
      writeFileSync(ledger, [...records(missing), ...records(changed, 'b2')].join('\n') + '\n');
      const state = await readLedger(ledger);
      assert.deepEqual(state.rows, []);
      assert.equal(state.rowsByKey.size, 0);
      assert.deepEqual(state.batches, []);
      assert.deepEqual(state.unpublished.map((b) => b.csv), [missing, changed]);
      assert.deepEqual([...state.cases.get(HOSP)!].sort(), ['b1-C1', 'b1-C2', 'b2-C1', 'b2-C2']);
    });

    it('drops pending rows whose batch record was torn off by a kill, even when a CSV of that name exists', async () => {
      const csv = join(dir, 'sent.csv');
      writeFileSync(csv, csvText);
      const [one, two, batch] = records(csv);
      const ledger = join(dir, 'ledger.jsonl');
      writeFileSync(ledger, [one, two, batch.slice(0, 40)].join('\n'));
      const state = await readLedger(ledger);
      assert.deepEqual(state.rows, []);
      assert.equal(state.unreadableLines, 1);
    });

    it('parseLedger alone (no files looked at) counts only published ones', () => {
      const state = parseLedger([...records('/a.csv'), published('/a.csv'), ...records('/b.csv', 'b2')].join('\n'));
      assert.deepEqual(state.rows.map((r) => r.csv), ['/a.csv', '/a.csv']);
      assert.deepEqual(state.unpublished.map((b) => b.csv), ['/b.csv']);
    });
  });

  it('gives distinct case numbers and sequences to two processes building at once', async function () {
    this.timeout(60_000);
    const ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
    const startAt = Date.now() + 3000;
    const [a, b] = await Promise.all([runWorker(ledger, 60, startAt), runWorker(ledger, 60, startAt)]);
    const cases = [...a, ...b].flatMap((r) => r.cases);
    assert.equal(cases.length, 240);
    assert.equal(new Set(cases).size, 240, 'no case number handed out twice');
    const seqs = [...a, ...b].map((r) => r.sequence).sort((x, y) => x - y);
    assert.deepEqual(seqs, Array.from({ length: 120 }, (_, i) => i + 1));
    const onDisk = await readLedger(ledger);
    assert.equal(onDisk.cases.get(HOSP)!.size, 240);
  });

  it('takes over a lock left by a dead process, and one older than the stale limit', async () => {
    const lock = join(dir, 'ledger.jsonl.lock');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(lock, JSON.stringify({ pid: dead.pid, host: require('node:os').hostname(), at: Date.now(), token: 'dead' }));
    const release = await acquireLock(lock, { timeoutMs: 2000 });
    assert.notEqual(JSON.parse(readFileSync(lock, 'utf8')).token, 'dead');
    await release();
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: 'elsewhere', at: Date.now() - 120_000, token: 'old' }));
    const release2 = await acquireLock(lock, { timeoutMs: 2000 });
    await release2();
  });

  it('removes the private names of lock writers killed mid-way, not those of live processes', async () => {
    const lock = join(dir, 'ledger.jsonl.lock');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const deadTemp = `${lock}.${dead.pid}-k1ll3d`;
    const liveTemp = `${lock}.${process.pid}-l1ve`;
    const other = join(dir, 'ledger.jsonl.lock-notes');
    for (const f of [deadTemp, liveTemp, other]) writeFileSync(f, '{}');
    const release = await acquireLock(lock, { timeoutMs: 2000 });
    await release();
    assert.equal(existsSync(deadTemp), false);
    assert.equal(existsSync(liveTemp), true);
    assert.equal(existsSync(other), true);
  });

  it('waits for a live holder and times out with a clear error', async () => {
    const lock = join(dir, 'ledger.jsonl.lock');
    const release = await acquireLock(lock);
    await assert.rejects(acquireLock(lock, { timeoutMs: 200 }), (e: unknown) => {
      assert.ok(e instanceof LockTimeoutError);
      const who = `process ${process.pid} on ${require('node:os').hostname()}`;
      assert.equal(e.bilingual.en, `The ledger is in use by another build (lock ${lock}, ${who}); the ledger was not changed. Build again when that build has finished`);
      assert.match(e.bilingual['zh-TW'], new RegExp(`^帳冊正由另一個建置使用（鎖定檔 .*，電腦 .* 的處理程序 ${process.pid}），帳冊未做任何變更。請待該建置完成後再建置一次$`));
      return true;
    });
    setTimeout(() => void release(), 100);
    const again = await acquireLock(lock, { timeoutMs: 5000 });
    await again();
  });

  it('names CSVs with a zero-padded sequence', () => {
    assert.equal(csvFileName(HOSP, '20261125', 1), `${HOSP}_20261125_001.csv`);
    assert.equal(csvFileName(HOSP, '20261125', 1234), `${HOSP}_20261125_1234.csv`);
  });
});
