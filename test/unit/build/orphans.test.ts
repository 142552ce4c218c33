// Archives a killed build left under their final names, which no sent row names: named by the next build, never removed.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRecords, type LedgerRecord } from '../../../server/src/core/build/ledger';
import { holdLock } from '../../../server/src/core/build/lock';
import { orphanArchives, orphanWarning } from '../../../server/src/core/build/orphans';

const HOSP = '3501200000';
const AT = '2026-11-25T00:00:00.000Z';
const archive = (caseNo: string) => `DCF${HOSP}_${caseNo}.7z`;

describe('orphan archives in an output folder', () => {
  let dir: string;
  let out: string;
  let ledger: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orphans-'));
    out = join(dir, 'upload');
    mkdirSync(out);
    ledger = join(dir, '.nhi-imaging', 'ledger.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const reserved = (build: string, ...cases: string[]): LedgerRecord[] => cases.map((c) => ({ t: 'case', hospital: HOSP, case: c, build, at: AT }));
  const row = (build: string, caseNo: string, pending?: true): LedgerRecord => ({
    t: 'row', hospital: HOSP, case: caseNo, key: `k${caseNo}`, text: 't', csv: join(out, `${HOSP}_20261125_001.csv`), archive: join(out, archive(caseNo)),
    archiveSize: 1, archiveMtimeMs: 0, sources: [], format: '7z', build, at: AT, ...(pending ? { pending } : {}),
  });
  const files = (...names: string[]) => names.forEach((n) => writeFileSync(join(out, n), 'x'));

  it('names archives whose case is reserved and named by no sent row, and none other; removes nothing', async () => {
    await appendRecords(ledger, [
      ...reserved('sent', '261125AAAAAA'),
      row('sent', '261125AAAAAA'),
      ...reserved('killed', '261125BBBBBB', '261125CCCCCC'),
      // Killed after recording its rows, before publishing its CSV: no CSV names them.
      ...reserved('unpublished', '261125DDDDDD'),
      row('unpublished', '261125DDDDDD', true),
      { t: 'batch', kind: 'build', build: 'unpublished', csv: join(out, `${HOSP}_20261125_002.csv`), rows: 1, bytes: 1, at: AT, pending: true, csvBytes: 10, csvSha256: '0' },
    ]);
    // 261125EEEEEE: never reserved in this ledger (another ledger's, a copy by hand).
    files(archive('261125AAAAAA'), archive('261125BBBBBB'), archive('261125DDDDDD'), archive('261125EEEEEE'), `${HOSP}_20261125_001.csv`, 'notes.txt');
    assert.deepEqual(await orphanArchives(out, ledger), [archive('261125BBBBBB'), archive('261125DDDDDD')]);
    assert.equal(readdirSync(out).length, 6, 'nothing removed');
  });

  it('leaves out the archives of a build still in flight (its claim\'s lock held), and names them once it is gone', async () => {
    const lock = await holdLock(join(dir, 'draft.lock'), { staleMs: 60_000 });
    await appendRecords(ledger, [...reserved('running', '261125FFFFFF'), { t: 'claim', kind: 'build', build: 'running', keys: ['k'], lock: lock.path, token: lock.token, at: AT }]);
    files(archive('261125FFFFFF'));
    assert.deepEqual(await orphanArchives(out, ledger), []);
    await lock.release();
    assert.deepEqual(await orphanArchives(out, ledger), [archive('261125FFFFFF')]);
  });

  it('a folder or ledger that is not there names nothing', async () => {
    assert.deepEqual(await orphanArchives(join(dir, 'none'), ledger), []);
    files(archive('261125BBBBBB'));
    assert.deepEqual(await orphanArchives(out, ledger), []);
  });

  it('the warning says what they are, not to upload them without rows, how to remove them and how to send the exams', () => {
    assert.equal(orphanWarning(out, []), undefined);
    const w = orphanWarning(out, [archive('261125BBBBBB'), archive('261125DDDDDD')])!;
    assert.match(w.en, /^The output folder .*upload holds 2 archives an interrupted build left: DCF3501200000_261125BBBBBB\.7z, DCF3501200000_261125DDDDDD\.7z\. /);
    assert.match(w.en, /do not upload them without their rows/);
    assert.match(w.en, /delete these files or move them out of this folder/);
    assert.match(w.en, /build the draft again, which gives them new case numbers/);
    assert.match(w['zh-TW'], /中斷的建置留下的：DCF3501200000_261125BBBBBB\.7z、DCF3501200000_261125DDDDDD\.7z。/);
    assert.match(w['zh-TW'], /不可在沒有對應列的情況下上傳/);
    assert.match(w['zh-TW'], /再建置一次草稿/);
  });
});
