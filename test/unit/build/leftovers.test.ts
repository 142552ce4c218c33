// Leftovers of killed builds: removed by a later build only when provably ours and abandoned.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentOwner, ownerIsGone, ownerStamp, parseOwnerStamp, partialPathFor, processStart, type TempOwner } from '../../../server/src/core/archive/atomic';
import { removeLeftovers } from '../../../server/src/core/build/leftovers';
import { buildBatch } from '../../../server/src/core/build/batch';
import { writeSampleDraft } from '../../../samples/draft/generate';

const DATE = '20261125';
const NOW = Date.parse('2025-11-25T12:00:00+08:00');

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  assert.ok(r.pid);
  return r.pid;
}

describe('leftovers of killed builds', function () {
  this.timeout(60_000);
  let dir: string;
  let out: string;
  let dead: TempOwner;
  let live: TempOwner;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-leftovers-'));
    out = join(dir, 'upload');
    mkdirSync(out);
    live = currentOwner();
    dead = { pid: deadPid(), start: 'x', host: live.host };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A partial file and a work folder (with a temporary DICOMDIR) of `owner`; returns their names. */
  function leftoversOf(owner: TempOwner, archive: string): string[] {
    const partial = partialPathFor(join(out, archive), owner);
    writeFileSync(partial, 'half an archive');
    const csv = partialPathFor(join(out, `3501200000_${DATE}_009.csv`), owner);
    writeFileSync(csv, 'half a csv');
    const work = join(out, `.nhi-build-${ownerStamp(owner)}`);
    mkdirSync(work);
    writeFileSync(join(work, '0123456789ab.DICOMDIR'), 'dicomdir');
    return [partial, csv, work].map((p) => p.slice(out.length + 1));
  }

  it('names temporary files after their owner, and tells a gone owner from a live one', () => {
    const stamp = ownerStamp(live);
    assert.deepEqual(parseOwnerStamp(stamp), live);
    assert.equal(parseOwnerStamp('0123456789ab'), undefined, 'the older random-only form has no owner');
    assert.equal(ownerIsGone(live), false, 'this process');
    assert.equal(ownerIsGone(dead), true, 'an exited process on this host');
    assert.equal(ownerIsGone({ ...dead, host: live.host === 'abcdef' ? '012345' : 'abcdef' }), false, 'another host: cannot tell');
    assert.equal(ownerIsGone({ pid: process.ppid, start: 'x', host: live.host }), false, 'a live process whose start time is unknown');
    assert.equal(ownerIsGone({ pid: process.ppid, start: processStart(process.ppid) ?? 'x', host: live.host }), false, 'a live process');
    if (live.start !== 'x') {
      assert.equal(ownerIsGone({ ...live, start: 'zzzz' }), true, 'a process that had this pid before (recycled pid)');
      assert.equal(ownerIsGone({ pid: process.ppid, start: 'zzzz', host: live.host }), true, 'another process that had the parent\'s pid');
    }
  });

  it('a build removes the leftovers of a dead build and keeps those of a live one', async () => {
    const draft = writeSampleDraft(dir);
    const deadOnes = leftoversOf(dead, 'DCF3501200000_261125AAAAAA.7z');
    const liveOnes = leftoversOf(live, 'DCF3501200000_261125BBBBBB.7z');
    const s = await buildBatch(draft, { outDir: out, date: DATE, validation: { now: NOW } });
    const left = readdirSync(out);
    for (const n of deadOnes) assert.ok(!left.includes(n), `${n} (dead owner) removed`);
    for (const n of liveOnes) assert.ok(left.includes(n), `${n} (this live process) kept`);
    assert.ok(existsSync(join(out, liveOnes[2], '0123456789ab.DICOMDIR')), 'the live work folder is untouched');
    assert.deepEqual([...(s.leftoversRemoved ?? [])].sort(), [...deadOnes].sort());
    assert.ok(existsSync(s.csvPath));
  });

  it('never touches final names, user files, symbolic links or owner-less temporary names', async () => {
    const finalArchive = 'DCF3501200000_261125CCCCCC.7z';
    writeFileSync(join(out, finalArchive), 'a complete archive of a killed build');
    const userFile = `notes.txt.partial-${ownerStamp(dead)}`; // not a name a build writes
    writeFileSync(join(out, userFile), 'mine');
    const older = `${finalArchive}.partial-0123456789ab`; // written before owners were named
    writeFileSync(join(out, older), 'old');
    const target = join(dir, 'precious');
    writeFileSync(target, 'precious');
    const link = `DCF3501200000_261125DDDDDD.7z.partial-${ownerStamp(dead)}`;
    symlinkSync(target, join(out, link));
    const busyWork = `.nhi-build-${ownerStamp(dead)}`;
    mkdirSync(join(out, busyWork));
    writeFileSync(join(out, busyWork, '0123456789ab.DICOMDIR'), 'ours');
    writeFileSync(join(out, busyWork, 'user.txt'), 'not ours');
    const otherHost = `DCF3501200000_261125EEEEEE.7z.partial-${ownerStamp({ ...dead, host: live.host === 'abcdef' ? '012345' : 'abcdef' })}`;
    writeFileSync(join(out, otherHost), 'another machine on a shared folder');

    const removed = await removeLeftovers(out);
    assert.deepEqual(removed, []);
    const left = readdirSync(out);
    for (const n of [finalArchive, userFile, older, link, busyWork, otherHost]) assert.ok(left.includes(n), `${n} kept`);
    assert.ok(existsSync(target), 'the link target is untouched');
    assert.deepEqual(readdirSync(join(out, busyWork)), ['user.txt'], 'only our temporary DICOMDIR left the folder; the folder stays');
    assert.deepEqual(await removeLeftovers(join(dir, 'missing')), [], 'a missing folder is not an error');
  });
});
