import { strict as assert } from 'node:assert';
import { existsSync, promises as fsp, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { AtomicOutput } from '../../../server/src/core/archive/atomic';
import { toArchiveError } from '../../../server/src/core/archive/errors';
import { publishCopy, publishText } from '../../../server/src/core/build/output';
import { buildBatch } from '../../../server/src/core/build/batch';
import { readLedger, reserve } from '../../../server/src/core/build/ledger';
import { LockTimeoutError, withLock } from '../../../server/src/core/build/lock';
import { asBuildError, BuildError } from '../../../server/src/core/build/types';
import { validateCsvFile } from '../../../server/src/core/validateFile';
import { checkDraftRows } from '../../../server/src/core/build/draft-check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import type { Finding } from '../../../server/src/core/types';
import { writeSampleDraft } from '../../../samples/draft/generate';
import { lzxCabinet, tempDir } from '../archive/helpers';
import { openArchive } from '../../../server/src/core/archive';

/**
 * How Windows treats a freshly written file that a virus scanner, the search indexer or a sync client
 * holds open for a moment: deleting or renaming it fails with EPERM, EBUSY or EACCES, and hard links are
 * unsupported on FAT and exFAT (USB drives). Simulated by making the same fs.promises calls the product
 * makes fail that way.
 */
type Patched = 'link' | 'rename' | 'unlink' | 'rm' | 'rmdir' | 'open' | 'readFile' | 'writeFile' | 'readdir';

function errno(code: string, call: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: (simulated) ${call} '${path}'`), { code, syscall: call, path });
}

let restoreActive: (() => void) | undefined;

function simulate(failures: Partial<Record<Patched, (path: string) => string | undefined>>): void {
  const fs = fsp as unknown as Record<Patched, (...args: unknown[]) => Promise<unknown>>;
  const originals = new Map<Patched, (...args: unknown[]) => Promise<unknown>>();
  for (const [call, fail] of Object.entries(failures) as [Patched, (path: string) => string | undefined][]) {
    const original = fs[call];
    originals.set(call, original);
    fs[call] = (...args: unknown[]) => {
      const code = fail(String(args[0]));
      return code ? Promise.reject(errno(code, call, String(args[0]))) : original.apply(fsp, args);
    };
  }
  restoreActive = () => {
    for (const [call, original] of originals) fs[call] = original;
  };
}

function stopSimulating(): void {
  restoreActive?.();
  restoreActive = undefined;
}

/** A fresh folder for each test of the suite; the simulation stops after each test. */
function scratchFolder(prefix: string): { dir: string } {
  const folder = { dir: '' };
  let cleanup = () => {};
  beforeEach(() => ({ dir: folder.dir, cleanup } = tempDir(prefix)));
  afterEach(() => {
    stopSimulating();
    cleanup();
  });
  return folder;
}

/** Fails the first `times` calls on a partial file with `code`, then lets them through. */
function busyFor(times: number, code = 'EBUSY'): (path: string) => string | undefined {
  let left = times;
  return (path) => (path.includes('.partial-') && left-- > 0 ? code : undefined);
}

/** Fails the first call on each partial file with EPERM, as a scan that ends a moment later. */
function busyOncePerFile(): (path: string) => string | undefined {
  const seen = new Set<string>();
  return (path) => (path.includes('.partial-') && !seen.has(path) ? (seen.add(path), 'EPERM') : undefined);
}

describe('publishing outputs where Windows holds a fresh file open', () => {
  const scratch = scratchFolder('nhi-win-');

  it('an archive linked into place is done even when its partial name cannot be deleted yet', async () => {
    simulate({ unlink: busyOncePerFile(), rm: busyOncePerFile() });
    const out = await AtomicOutput.create(join(scratch.dir, 'a.7z'));
    await out.handle.writeFile('archive bytes');
    await out.commit();
    stopSimulating();
    assert.equal(readFileSync(join(scratch.dir, 'a.7z'), 'utf8'), 'archive bytes');
    assert.deepEqual(readdirSync(scratch.dir), ['a.7z']);
  });

  it('the CSV and a copied archive are published even when their partial names cannot be deleted yet', async () => {
    simulate({ rm: busyOncePerFile(), unlink: busyOncePerFile() });
    await publishText(join(scratch.dir, 'b.csv'), 'row\r\n');
    writeFileSync(join(scratch.dir, 'source.7z'), 'copied');
    await publishCopy(join(scratch.dir, 'source.7z'), join(scratch.dir, 'c.7z'));
    stopSimulating();
    assert.equal(readFileSync(join(scratch.dir, 'b.csv'), 'utf8'), 'row\r\n');
    assert.equal(readFileSync(join(scratch.dir, 'c.7z'), 'utf8'), 'copied');
    assert.deepEqual(readdirSync(scratch.dir).sort(), ['b.csv', 'c.7z', 'source.7z']);
  });

  it('without hard links (FAT, exFAT), a rename refused while the file is busy is tried again', async () => {
    simulate({ link: () => 'EPERM', rename: busyFor(2) });
    const out = await AtomicOutput.create(join(scratch.dir, 'd.7z'));
    await out.handle.writeFile('on a USB drive');
    await out.commit();
    await publishText(join(scratch.dir, 'e.csv'), 'text');
    stopSimulating();
    assert.equal(readFileSync(join(scratch.dir, 'd.7z'), 'utf8'), 'on a USB drive');
    assert.equal(readFileSync(join(scratch.dir, 'e.csv'), 'utf8'), 'text');
    assert.deepEqual(readdirSync(scratch.dir).sort(), ['d.7z', 'e.csv']);
  });

  it('a rename that stays refused fails with the system error and leaves no partial file and no final file', async () => {
    simulate({ link: () => 'EPERM', rename: busyFor(Infinity, 'EACCES') });
    await assert.rejects(publishText(join(scratch.dir, 'f.csv'), 'text'), /EACCES/);
    const out = await AtomicOutput.create(join(scratch.dir, 'g.7z'));
    await out.handle.writeFile('x');
    await assert.rejects(out.commit(), (e: Error & { cause?: { code?: string } }) => e.cause?.code === 'EACCES' && /g\.7z: permission denied$/.test(e.message));
    stopSimulating();
    assert.deepEqual(readdirSync(scratch.dir), []);
  });

  it('an existing file is still never overwritten when the rename path is taken', async () => {
    writeFileSync(join(scratch.dir, 'h.csv'), 'first');
    simulate({ link: () => 'EPERM' });
    await assert.rejects(publishText(join(scratch.dir, 'h.csv'), 'second'), /not overwritten/);
    stopSimulating();
    assert.equal(readFileSync(join(scratch.dir, 'h.csv'), 'utf8'), 'first');
    assert.deepEqual(readdirSync(scratch.dir), ['h.csv']);
  });
});

describe('a build where Windows holds its temporary files open at the end', function () {
  this.timeout(60_000);
  const scratch = scratchFolder('nhi-win-build-');

  it('is reported built when its work folder cannot be removed and the ledger lock only after a while: the batch is complete and recorded', async () => {
    const draft = writeSampleDraft(scratch.dir);
    let lockBusy = 0;
    simulate({
      rm: (path) => {
        if (path.includes('.nhi-build-')) return 'EBUSY';
        return path.includes('ledger.jsonl.lock') && lockBusy++ % 3 < 2 ? 'EPERM' : undefined;
      },
    });
    const summary = await buildBatch(draft, { date: '20261125', validation: { now: Date.parse('2026-11-25T12:00:00+08:00') } });
    stopSimulating();
    assert.ok(readFileSync(summary.csvPath, 'utf8').length > 0);
    const ledger = await readLedger(join(scratch.dir, '.nhi-imaging', 'ledger.jsonl'));
    assert.equal(ledger.batches.length, 1);
  });
});

describe('a build whose output folder Windows keeps busy for a moment after it was made (a sync client, the indexer)', function () {
  this.timeout(60_000);
  const scratch = scratchFolder('nhi-win-build-probe-');

  it('is built: the folder made to see that the output folder takes new entries is removed once Windows lets it', async () => {
    const draft = writeSampleDraft(scratch.dir);
    const refused = new Set<string>();
    const onceEach = (path: string) => (path.includes('.nhi-build-') && !refused.has(path) ? (refused.add(path), 'EPERM') : undefined);
    simulate({ rm: onceEach, rmdir: onceEach });
    const summary = await buildBatch(draft, { date: '20261125', validation: { now: Date.parse('2026-11-25T12:00:00+08:00') } });
    stopSimulating();
    assert.ok(refused.size > 0);
    assert.deepEqual(readdirSync(join(scratch.dir, 'upload')).filter((n) => n.startsWith('.')), []);
    assert.ok(readFileSync(summary.csvPath, 'utf8').length > 0);
  });
});

describe('the ledger lock on a drive without hard links', () => {
  const scratch = scratchFolder('nhi-win-lock-');

  // Windows answers CreateHardLink on FAT and exFAT with ERROR_INVALID_FUNCTION, which Node reports as EISDIR;
  // an SMB share without links answers ERROR_NOT_SUPPORTED (ENOTSUP).
  for (const code of ['EISDIR', 'ENOTSUP']) {
    it(`is taken and released when creating a hard link fails with ${code}`, async () => {
      simulate({ link: () => code });
      const lock = join(scratch.dir, 'ledger.jsonl.lock');
      assert.equal(await withLock(lock, async () => JSON.parse(readFileSync(lock, 'utf8')).pid), process.pid);
      assert.equal(await withLock(lock, async () => 'again'), 'again');
      assert.deepEqual(readdirSync(scratch.dir), []);
    });
  }
});

describe('the ledger and its lock while Windows keeps their files busy', function () {
  // A lock spun on forever shows as this timeout.
  this.timeout(10_000);
  const scratch = scratchFolder('nhi-win-lock-busy-');
  const reserveOne = (ledger: string) => reserve(ledger, { hospital: '3501200000', date: '20261125', caseCount: 1, build: 'b', lock: { timeoutMs: 300 } });

  for (const code of ['EBUSY', 'EPERM']) {
    it(`a lock file whose reads fail with ${code} is waited for until the timeout, then a bilingual error that says what to do; nothing runs under it`, async () => {
      const lock = join(scratch.dir, 'ledger.jsonl.lock');
      writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: 'elsewhere', at: Date.now(), token: 'other' }));
      simulate({ readFile: (path) => (path === lock ? code : undefined) });
      let ran = false;
      const e = await withLock(lock, async () => (ran = true), { timeoutMs: 300 }).then(() => undefined, (err: unknown) => err);
      assert.ok(e instanceof LockTimeoutError, String(e));
      assert.equal(ran, false);
      assert.match(e.bilingual.en, /^The ledger lock .*ledger\.jsonl\.lock stayed busy, held open by another program .*; the ledger was not changed\. Build again in a moment; if it persists, exclude the \.nhi-imaging folder from scanning and syncing/);
      assert.match(e.bilingual['zh-TW'], /帳冊鎖定檔 .* 一直被其他程式佔用.*帳冊未做任何變更。請稍候再建置一次/);
    });

    it(`a lock that cannot be created (${code}: a released lock not yet gone) ends the build with that error, the ledger as it was`, async () => {
      const ledger = join(scratch.dir, 'ledger.jsonl');
      await reserveOne(ledger);
      const before = readFileSync(ledger);
      const lock = `${ledger}.lock`;
      simulate({ open: (path) => (path === lock ? code : undefined), link: (path) => (path.startsWith(`${lock}.`) ? code : undefined) });
      // An unhandled rejection ends a process with the raw error and its stack: the CLI, or the language server.
      const unhandled: unknown[] = [];
      const record = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', record);
      const e = await asBuildError(undefined, () => reserveOne(ledger)).then(() => undefined, (err: unknown) => err);
      process.off('unhandledRejection', record);
      stopSimulating();
      assert.deepEqual(unhandled, []);
      assert.ok(e instanceof BuildError, String(e));
      assert.match(e.bilingual.en, /stayed busy.*the ledger was not changed\. Build again in a moment/);
      assert.deepEqual(readFileSync(ledger), before);
      assert.deepEqual(readdirSync(scratch.dir).sort(), ['ledger.jsonl']);
    });
  }

  it('a ledger busy for a moment (its read and its opening for append refused twice) is read and appended to once free', async () => {
    const ledger = join(scratch.dir, 'ledger.jsonl');
    await reserveOne(ledger);
    const busy = { readFile: 2, open: 2 };
    simulate({
      readFile: (path) => (path === ledger && busy.readFile-- > 0 ? 'EBUSY' : undefined),
      open: (path) => (path === ledger && busy.open-- > 0 ? 'EPERM' : undefined),
    });
    await reserveOne(ledger);
    stopSimulating();
    assert.equal((await readLedger(ledger)).sequences.get('3501200000_20261125'), 2);
  });

  it('a ledger that stays busy ends the build with a bilingual error that says what to do; the ledger as it was', async () => {
    const ledger = join(scratch.dir, 'ledger.jsonl');
    await reserveOne(ledger);
    const before = readFileSync(ledger);
    simulate({ open: (path) => (path === ledger ? 'EBUSY' : undefined) });
    const e = await asBuildError(undefined, () => reserveOne(ledger)).then(() => undefined, (err: unknown) => err);
    stopSimulating();
    assert.ok(e instanceof BuildError, String(e));
    assert.match(e.bilingual.en, /^The ledger .*ledger\.jsonl is held open by another program .*; the ledger was not changed\. Try again in a moment/);
    assert.match(e.bilingual['zh-TW'], /帳冊 .* 被其他程式佔用.*帳冊未做任何變更。請稍候再試/);
    assert.deepEqual(readFileSync(ledger), before);
  });
});

describe('a ledger lock released while Windows keeps its file busy', function () {
  this.timeout(10_000);
  const scratch = scratchFolder('nhi-win-lock-release-');
  const lockIn = (dir: string) => join(dir, 'ledger.jsonl.lock');
  /** Deleting the lock file (and, with `writes`, writing it) fails with `code` while `busy.on` is true. */
  const busyLock = (lock: string, code = 'EBUSY', writes = false) => {
    const busy = { on: true };
    const fail = (path: string) => (busy.on && path === lock ? code : undefined);
    simulate({ rm: fail, unlink: fail, ...(writes ? { writeFile: fail } : {}) });
    return busy;
  };
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => process.off('unhandledRejection', record));

  const waitUntil = async (done: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    return done();
  };

  for (const code of ['EBUSY', 'EPERM']) {
    it(`returns within a moment when the lock file cannot be deleted (${code}), and removes it in the background once Windows lets it`, async () => {
      const lock = lockIn(scratch.dir);
      const busy = busyLock(lock, code);
      const started = Date.now();
      assert.equal(await withLock(lock, async () => 'built'), 'built');
      assert.ok(Date.now() - started < 1_000, `release took ${Date.now() - started} ms`);
      assert.equal(JSON.parse(readFileSync(lock, 'utf8')).pid, process.pid);
      busy.on = false;
      assert.ok(await waitUntil(() => !readdirSync(scratch.dir).includes('ledger.jsonl.lock'), 3_000), 'the lock file is removed in the background');
      assert.deepEqual(unhandled, []);
    });
  }

  it('a lock file busy for a moment is deleted before the build that held it goes on', async () => {
    const lock = lockIn(scratch.dir);
    let refusals = 2;
    simulate({ rm: (path) => (path === lock && refusals-- > 0 ? 'EBUSY' : undefined) });
    await withLock(lock, async () => undefined);
    assert.deepEqual(readdirSync(scratch.dir), []);
  });

  it("does not hold up this process's next build, which takes the released lock again", async () => {
    const lock = lockIn(scratch.dir);
    const busy = busyLock(lock);
    const firstAt = await withLock(lock, async () => JSON.parse(readFileSync(lock, 'utf8')).at);
    await new Promise((r) => setTimeout(r, 20));
    const again = await withLock(lock, async () => JSON.parse(readFileSync(lock, 'utf8')), { timeoutMs: 500 });
    assert.equal(again.pid, process.pid);
    assert.ok(again.at > firstAt, 'its time is renewed, so that other processes do not judge it stale while it is held');
    assert.equal(await withLock(lock, async () => 'third', { timeoutMs: 500 }), 'third');
    busy.on = false;
    assert.ok(await waitUntil(() => readdirSync(scratch.dir).length === 0, 3_000), readdirSync(scratch.dir).join());
    assert.deepEqual(unhandled, []);
  });

  it('lets only one of several builds of this process take the released lock again; the others wait their turn', async () => {
    const lock = lockIn(scratch.dir);
    busyLock(lock);
    await withLock(lock, async () => undefined);
    const inside: string[] = [];
    let holders = 0;
    const build = (name: string) => withLock(lock, async () => {
      holders++;
      inside.push(`${name}:${holders}`);
      await new Promise((r) => setTimeout(r, 50));
      holders--;
    }, { timeoutMs: 2_000 });
    await Promise.all(['a', 'b', 'c', 'd'].map(build));
    assert.deepEqual(inside.sort(), ['a:1', 'b:1', 'c:1', 'd:1']);
    assert.deepEqual(unhandled, []);
  });

  it('a released lock that can be neither deleted nor renewed, and is too old to be held safely, is waited for and still deleted once Windows lets it', async () => {
    const lock = lockIn(scratch.dir);
    const busy = busyLock(lock, 'EPERM', true);
    await withLock(lock, async () => undefined);
    const held = JSON.parse(readFileSync(lock, 'utf8'));
    writeFileSync(lock, JSON.stringify({ ...held, at: Date.now() - 40_000 }));
    const e = await withLock(lock, async () => 'ran', { timeoutMs: 300 }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof LockTimeoutError, String(e));
    assert.equal(e.holder?.pid, process.pid);
    busy.on = false;
    assert.ok(await waitUntil(() => readdirSync(scratch.dir).length === 0, 3_000), readdirSync(scratch.dir).join());
    assert.deepEqual(unhandled, []);
  });

  it('a stale lock that cannot be deleted ends in the busy error at the timeout instead of being tried forever', async () => {
    const lock = lockIn(scratch.dir);
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere', at: Date.now() - 120_000, token: 'old' }));
    busyLock(lock, 'EPERM');
    const e = await withLock(lock, async () => 'ran', { timeoutMs: 300 }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof LockTimeoutError, String(e));
    assert.match(e.bilingual.en, /stayed busy, held open by another program/);
    assert.deepEqual(unhandled, []);
  });
});

describe('a CSV that another program holds open and locked, as Excel does with the files it opens', () => {
  // Windows answers a sharing violation with ERROR_SHARING_VIOLATION, which Node reports as EBUSY.
  const scratch = scratchFolder('nhi-win-excel-');
  const locked = /another program \(Excel, for one\) has the file open and locked; close it there first/;
  const lockedZh = /檔案正被其他程式（例如 Excel）開啟並鎖定，請先在該程式中關閉它/;

  it('a draft is refused in both languages, saying to close it, instead of the system error', async () => {
    const draft = writeSampleDraft(scratch.dir);
    simulate({ readFile: (path) => (path === draft ? 'EBUSY' : undefined) });
    const e = await buildBatch(draft, { date: '20261125' }).then(() => undefined, (err: unknown) => err);
    stopSimulating();
    assert.ok(e instanceof BuildError, String(e));
    assert.match(e.bilingual.en, new RegExp(`^Cannot read the draft .*draft\\.csv: ${locked.source}$`));
    assert.match(e.bilingual['zh-TW'], new RegExp(`^無法讀取草稿 .*draft\\.csv：${lockedZh.source}$`));
    assert.doesNotMatch(e.bilingual['zh-TW'], /EBUSY|simulated/);
  });

  it('a CSV checked from disk (the command line, the editor\'s check of a large file) gets its one finding in both languages', async () => {
    const csv = join(scratch.dir, '3501200000_20261125_001.csv');
    writeFileSync(csv, 'a,b\r\n');
    simulate({ open: (path) => (path === csv ? 'EBUSY' : undefined) });
    const found: Finding[] = [];
    const summary = await validateCsvFile(csv, defaultOptions(), (f) => found.push(f));
    stopSimulating();
    assert.equal(summary.unreadable, true);
    assert.deepEqual(found.map((f) => f.ruleId), ['FILE-unreadable']);
    assert.match(found[0].message.en, new RegExp(`^Cannot read the file: ${locked.source}\\.$`));
    assert.match(found[0].message['zh-TW'], new RegExp(`^無法讀取檔案：${lockedZh.source}。$`));
  });
});

describe('another file that another program holds open and locked', () => {
  it('is named with the reason in both languages, which names Excel for CSVs alone', () => {
    const e = toArchiveError(errno('EBUSY', 'open', 'D:\\PACS\\CT\\IM0001'), 'D:\\PACS\\CT\\IM0001', 'source');
    assert.deepEqual(e.bilingual, {
      'zh-TW': '無法打包：D:\\PACS\\CT\\IM0001：檔案正被其他程式開啟並鎖定，請先在該程式中關閉它',
      en: 'Cannot pack: D:\\PACS\\CT\\IM0001: another program has the file open and locked; close it there first',
    });
  });
});

describe('a draft image folder that cannot be listed', () => {
  const scratch = scratchFolder('nhi-win-draft-folder-');

  it('is DRAFT-missing with the reason in both languages and the folder it names, instead of the system error', async () => {
    const draft = writeSampleDraft(scratch.dir);
    const rows = parseCsv(readFileSync(draft, 'utf8')).rows;
    const folder = join(scratch.dir, rows[0].cells[13].value);
    simulate({ readdir: (path) => (path === folder ? 'EACCES' : undefined) });
    const found = await checkDraftRows(draft, rows.slice(0, 1), defaultOptions());
    stopSimulating();
    const missing = found.filter((f) => f.ruleId === 'DRAFT-missing');
    assert.equal(missing.length, 1, JSON.stringify(found.map((f) => f.message.en)));
    assert.equal(missing[0].message.en, `Cannot read the draft image path "${rows[0].cells[13].value}": permission denied (${folder})`);
    assert.equal(missing[0].message['zh-TW'], `無法讀取草稿影像路徑「${rows[0].cells[13].value}」：沒有存取權限（${folder}）`);
  });
});

describe('the temporary folders of an archive read through 7-Zip WebAssembly while Windows holds their files open', function () {
  this.timeout(60_000);
  const scratch = scratchFolder('nhi-win-extract-');
  // The folders hold the patient's images: one left in the temporary folder is a copy nobody removes.
  const extracted = () => readdirSync(tmpdir()).filter((n) => n.startsWith('nhi-archive-x-'));
  const earlier = new Set<string>();
  beforeEach(() => extracted().forEach((n) => earlier.add(n)));
  // What a failure of this test would leave.
  afterEach(() => Promise.all(extracted().filter((n) => !earlier.has(n)).map((n) => fsp.rm(join(tmpdir(), n), { recursive: true, force: true }))));

  it('are removed on close once the scan lets go, not left behind', async () => {
    const data = Buffer.from('DICM LZX '.repeat(3_000));
    const cab = join(scratch.dir, 'LZX.CAB');
    writeFileSync(cab, lzxCabinet('DICOM\\IM1', data));
    const refusals = new Map<string, number>();
    simulate({
      rm: (path) => {
        if (!path.includes('nhi-archive-x-')) return undefined;
        refusals.set(path, (refusals.get(path) ?? 0) + 1);
        return refusals.get(path)! <= 2 ? 'EBUSY' : undefined;
      },
    });
    const reader = await openArchive(cab);
    try {
      const [entry] = reader.entries();
      assert.ok(Buffer.from(await reader.readEntry(entry, { maxBytes: 4 })).equals(data.subarray(0, 4)));
      assert.ok(Buffer.from(await reader.readEntry(entry)).equals(data));
    } finally {
      await reader.close();
    }
    stopSimulating();
    assert.ok(refusals.size > 0, 'a folder was extracted');
    // The folders this read made are gone (other processes on the machine may make and remove such folders meanwhile).
    const made = new Set([...refusals.keys()].map((p) => join(tmpdir(), relative(tmpdir(), p).split(sep)[0])));
    for (const folder of made) assert.equal(existsSync(folder), false, `${folder} is left behind`);
  });
});
