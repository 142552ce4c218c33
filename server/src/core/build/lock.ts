import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { processExists, removeQuietly } from '../archive/atomic';
import { bi } from '../i18n';
import { formatGregorian } from '../roc';
import type { Bilingual } from '../types';

/**
 * An exclusive lock file beside the ledger. The ledger's own lock is held only while the ledger is read and
 * appended to (milliseconds), never while archives are written, so a lock older than `staleMs` or held by a
 * process that no longer exists on this host is safe to take over. A lock held longer (a draft's build,
 * holdLock) is renewed while held, so that the same test of staleness applies to it.
 */
export interface LockOptions {
  /** A lock older than this is stale whatever its pid says. */
  staleMs?: number;
  /** Give up after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A lock held by a live process is refused at once (LockTimeoutError naming it) instead of waited for. */
  refuseHeld?: boolean;
}

interface LockContent {
  pid: number;
  host: string;
  /** When the lock was taken or last renewed (holdLock); its age decides staleness. */
  at: number;
  /** When the lock was taken; absent in locks written before it was recorded. */
  since?: number;
  token: string;
}

/** Who holds a lock, as LockTimeoutError names it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock, ms since epoch. */
  since: number;
}

/** When a holder took its lock, as messages name it: date, time and weekday. */
export function holderSince(holder: LockHolder): Bilingual {
  return { 'zh-TW': formatGregorian(holder.since, 'zh-TW', true, true), en: formatGregorian(holder.since, 'en', true, true) };
}

/** The lock stayed taken, or its file stayed busy, until the timeout; nothing was read or written under it. */
export class LockTimeoutError extends Error {
  readonly bilingual: Bilingual;

  /** holder: who holds the lock, or undefined when the lock file could not be created or read at all. */
  constructor(readonly lockPath: string, readonly holder: LockHolder | undefined) {
    super(holder === undefined ? `ledger lock ${lockPath} stayed busy` : `ledger lock ${lockPath} is held by pid ${holder.pid} on ${holder.host}`);
    this.bilingual = holder === undefined
      ? bi(
        `帳冊鎖定檔 ${lockPath} 一直被其他程式佔用（防毒軟體、OneDrive 等同步程式或備份程式），帳冊未做任何變更。請稍候再建置一次；若仍如此，請將 .nhi-imaging 資料夾排除於掃描與同步之外，或關閉佔用的程式`,
        `The ledger lock ${lockPath} stayed busy, held open by another program (a virus scanner, a sync client such as OneDrive, a backup); the ledger was not changed. Build again in a moment; if it persists, exclude the .nhi-imaging folder from scanning and syncing, or close that program`,
      )
      : bi(
        `帳冊正由另一個建置使用（鎖定檔 ${lockPath}，電腦 ${holder.host} 的處理程序 ${holder.pid}），帳冊未做任何變更。請待該建置完成後再建置一次`,
        `The ledger is in use by another build (lock ${lockPath}, process ${holder.pid} on ${holder.host}); the ledger was not changed. Build again when that build has finished`,
      );
  }
}

/**
 * What Windows answers while another program holds a file open or a deleted one is not yet gone (a lock just
 * released, scanned by a virus scanner): worth trying again until the timeout.
 */
const BUSY_CODES = new Set(['EBUSY', 'EPERM']);

const DEFAULT_STALE_MS = 60_000;
/** The stale limit of locks held for a whole build or re-send (renewed every quarter of it): a draft's lock, a re-send's. */
export const HELD_LOCK_STALE_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;

export async function withLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const token = await takeLock(lockPath, options);
  return () => release(lockPath, token);
}

/** A lock held for as long as a whole build: renewed while held, so that only a holder gone or stopped is judged stale. */
export interface HeldLock {
  readonly path: string;
  /** What the lock file holds while it is this one (liveHolder). */
  readonly token: string;
  /** Whether the lock file is still this one: false once another process judged it stale and took it over. */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Takes a lock to hold for longer than the stale limit: its time is renewed every `renewMs` (a quarter of
 * the stale limit by default), so it turns stale only when its process is gone or stops running (killed on
 * another host, a machine asleep) for longer than that limit.
 */
export async function holdLock(lockPath: string, options: LockOptions & { renewMs?: number } = {}): Promise<HeldLock> {
  const token = await takeLock(lockPath, options);
  const renewMs = options.renewMs ?? (options.staleMs ?? DEFAULT_STALE_MS) / 4;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(() => renew(lockPath, token));
  }, renewMs);
  // A command line that has finished does not wait for it.
  timer.unref();
  return {
    path: lockPath,
    token,
    stillHeld: async () => (await readLock(lockPath))?.token === token,
    release: async () => {
      clearInterval(timer);
      await renewing;
      await release(lockPath, token);
    },
  };
}

/**
 * Writes the lock again with the time now, if it still is this one: under a private name, then renamed over
 * it, so that no reader ever sees it half written. Done holding the breaker (breakStaleLock), so that a lock
 * judged stale is never renewed after it was taken over, nor removed after it was renewed. A failure (the
 * breaker taken, Windows refusing the rename of a file another process reads) waits for the next renewal.
 */
async function renew(lockPath: string, token: string): Promise<void> {
  const breaker = breakerOf(lockPath);
  if (!(await tryCreate(breaker, String(process.pid)).catch(() => false))) return;
  const tmp = privateName(lockPath);
  try {
    const current = await readLock(lockPath);
    if (current?.token !== token) return;
    await fsp.writeFile(tmp, JSON.stringify({ ...current, at: Date.now() }));
    await fsp.rename(tmp, lockPath);
  } catch {
    // the next renewal
  } finally {
    await removeQuietly(tmp);
    await removeQuietly(breaker);
  }
}

function breakerOf(lockPath: string): string {
  return `${lockPath}.break`;
}

function privateName(path: string): string {
  return `${path}.${process.pid}-${Math.random().toString(36).slice(2)}`;
}

/** Creates the lock, waiting for a live holder (or refusing it, refuseHeld) and taking over a stale one; returns its token. */
async function takeLock(lockPath: string, options: LockOptions): Promise<string> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const now = Date.now();
  const content: LockContent = { pid: process.pid, host: hostname(), at: now, since: now, token };
  let delay = 5;
  for (;;) {
    options.signal?.throwIfAborted();
    const created = await tryCreate(lockPath, JSON.stringify(content)).catch((e: NodeJS.ErrnoException) => {
      if (BUSY_CODES.has(e.code ?? '')) return 'busy' as const;
      throw e;
    });
    if (created === true) {
      await removeDeadTemps(lockPath);
      return token;
    }
    // A lock that is there but cannot be read (busy) is waited for like a held one, never spun on.
    const holder = created === 'busy' ? undefined : await readLock(lockPath);
    if (holder !== undefined && (await takeBackReleased(lockPath, holder, staleMs))) return holder.token;
    if (holder !== undefined && isStale(holder, staleMs)) {
      await breakStaleLock(lockPath, holder, staleMs);
      // A stale lock that Windows will not let go of is, to the caller, a busy lock file.
      if (Date.now() > deadline && (await readLock(lockPath))?.token === holder.token) throw new LockTimeoutError(lockPath, undefined);
      continue;
    }
    // A torn lock (no holder to name) turns stale within seconds: waited for even when refusing.
    if (holder !== undefined && holder.pid >= 0 && options.refuseHeld) throw new LockTimeoutError(lockPath, holderOf(holder));
    if (Date.now() > deadline) throw new LockTimeoutError(lockPath, holder && holderOf(holder));
    await sleep(delay);
    delay = Math.min(delay * 2, 100);
  }
}

/** Who holds the lock at `lockPath` while it is the one with `token` and not stale; undefined once released, taken over or stale. */
export async function liveHolder(lockPath: string, token: string, staleMs: number): Promise<LockHolder | undefined> {
  const lock = await readLock(lockPath);
  return lock?.token === token && !isStale(lock, staleMs) ? holderOf(lock) : undefined;
}

/** Removes the lock at `lockPath` if it is still the one with `token` and is stale (its holder killed); never rejects. */
export async function removeStaleLock(lockPath: string, token: string, staleMs: number): Promise<void> {
  const lock = await readLock(lockPath);
  if (lock?.token === token && isStale(lock, staleMs)) await breakStaleLock(lockPath, lock, staleMs).catch(() => undefined);
}

function holderOf(lock: LockContent): LockHolder {
  return { pid: lock.pid, host: lock.host, since: lock.since ?? lock.at };
}

/**
 * Locks this process released whose file Windows would not let it delete yet (a virus scanner or the
 * search indexer holding it open), by lock path. Such a file still names this process as the holder, so
 * other processes wait for it until it is stale; this process takes it back instead (takeBackReleased).
 */
const releasedButThere = new Map<string, ReleasedLock>();

interface ReleasedLock {
  token: string;
  /** The removal attempt in flight, if any; it never rejects. */
  attempt: Promise<unknown>;
}

/** Pauses between attempts to delete a released lock: about 25 s in all, well within the stale limit. */
const RELEASE_RETRY_DELAYS_MS = [20, 50, 100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800];
/** The attempts the build that held the lock waits for (about 0.2 s: a scan usually ends by then); the rest run in the background. */
const RELEASE_ATTEMPTS_WAITED = 3;

/** Deletes the lock if it still is this one; while Windows keeps the file busy, tried again a few times, then in the background. */
async function release(lockPath: string, token: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if ((await removeIfStill(lockPath, token)) === 'done') return;
    if (attempt === RELEASE_ATTEMPTS_WAITED) break;
    await sleep(RELEASE_RETRY_DELAYS_MS[attempt]);
  }
  const released: ReleasedLock = { token, attempt: Promise.resolve() };
  releasedButThere.set(lockPath, released);
  removeLater(lockPath, released, RELEASE_ATTEMPTS_WAITED);
}

function removeLater(lockPath: string, released: ReleasedLock, attempt: number): void {
  // After the last attempt the entry stays: the file is still taken back by this process, and is stale to others in time.
  if (attempt >= RELEASE_RETRY_DELAYS_MS.length) return;
  const timer = setTimeout(() => {
    if (releasedButThere.get(lockPath) !== released) return;
    released.attempt = removeIfStill(lockPath, released.token).then((outcome) => {
      if (outcome === 'retry') removeLater(lockPath, released, attempt + 1);
      else if (releasedButThere.get(lockPath) === released) releasedButThere.delete(lockPath);
    });
  }, RELEASE_RETRY_DELAYS_MS[attempt]);
  // A CLI that has finished does not wait for it: a lock of a process that is gone is taken over.
  timer.unref();
}

/** done: the lock file is gone, or is another lock; retry: it is still this one, or cannot be read. Never rejects. */
async function removeIfStill(lockPath: string, token: string): Promise<'done' | 'retry'> {
  try {
    const current = await readLock(lockPath);
    if (current === undefined) return (await isThere(lockPath)) ? 'retry' : 'done';
    if (current.token !== token) return 'done';
    await fsp.rm(lockPath, { force: true });
    return 'done';
  } catch {
    return 'retry';
  }
}

async function isThere(path: string): Promise<boolean> {
  return fsp.lstat(path).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT');
}

/**
 * Takes back a lock this process released but could not delete. Only one caller of this process gets it
 * (the entry is removed before any await), and only after a removal attempt in flight has ended. Its time
 * is renewed so that other processes do not judge it stale while it is held; where Windows refuses that
 * write too, it is taken back only while young enough not to be judged stale meanwhile.
 */
async function takeBackReleased(lockPath: string, holder: LockContent, staleMs: number): Promise<boolean> {
  const released = releasedButThere.get(lockPath);
  if (released?.token !== holder.token) return false;
  releasedButThere.delete(lockPath);
  await released.attempt;
  const current = await readLock(lockPath);
  if (current?.token === holder.token) {
    const renewed = await fsp.writeFile(lockPath, JSON.stringify({ ...current, at: Date.now() })).then(() => true, () => false);
    if (renewed || Date.now() - current.at < staleMs / 2) return true;
  }
  // Not taken back: gone (the caller creates a new lock), another process's lock, or still ours to delete.
  if ((current === undefined || current.token === holder.token) && !releasedButThere.has(lockPath)) {
    releasedButThere.set(lockPath, released);
    removeLater(lockPath, released, 0);
  }
  return false;
}

/**
 * Creates `path` holding `text`, or returns false when it exists. The content is written to a
 * private name first and hard-linked into place, so no other process ever sees an empty lock.
 */
async function tryCreate(path: string, text: string): Promise<boolean> {
  const tmp = privateName(path);
  const handle = await fsp.open(tmp, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.link(tmp, path);
    return true;
  } catch (e) {
    // Without hard links the answers vary: EPERM, ENOTSUP, ENOSYS, and EISDIR on Windows' FAT and exFAT
    // (ERROR_INVALID_FUNCTION); createExclusive fails in its turn where the folder takes no file at all.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // Awaited here: a rejection left pending while `finally` awaits would be unhandled (a crash) in the meantime.
    return await createExclusive(path, text);
  } finally {
    await removeQuietly(tmp);
  }
}

/**
 * tryCreate's private names (`<lock>.<pid>-<random>`) of processes killed between writing and removing them.
 * Called while holding the lock; only names of pids with no process now are removed.
 */
async function removeDeadTemps(lockPath: string): Promise<void> {
  const dir = dirname(lockPath);
  const prefix = `${basename(lockPath)}.`;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-z]+$/.exec(name.slice(prefix.length));
    if (!m || processExists(Number(m[1]))) continue;
    await fsp.rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** For file systems without hard links (FAT, exFAT, some network shares). */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await fsp.open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * undefined: missing or unreadable. A lock whose content cannot be parsed (written on a file system
 * without hard links by a process killed mid-write) counts as taken at its modification time.
 */
async function readLock(path: string): Promise<LockContent | undefined> {
  let text: string;
  let mtime: number;
  try {
    text = await fsp.readFile(path, 'utf8');
    mtime = (await fsp.stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.at === 'number' && typeof parsed.token === 'string') {
      const since = typeof parsed.since === 'number' ? { since: parsed.since } : {};
      return { pid: parsed.pid, at: parsed.at, ...since, token: parsed.token, host: String(parsed.host ?? '') };
    }
  } catch {
    // torn content
  }
  return { pid: -1, host: '', at: Math.min(mtime, Date.now() - 1), token: `torn:${text}` };
}

export function isStale(lock: LockContent, staleMs: number, now = Date.now()): boolean {
  if (now - lock.at > staleMs) return true;
  if (lock.pid < 0) return now - lock.at > 2_000;
  return lock.host === hostname() && lock.pid !== process.pid && !processExists(lock.pid);
}

/**
 * Two processes may judge the same lock stale at once; without care the slower one would delete
 * the lock the faster one has just created. Breaking (and renewing) is therefore serialised by a second
 * lock file that is held for microseconds, and the lock is removed only if it still is the one judged stale.
 */
async function breakStaleLock(lockPath: string, judged: LockContent, staleMs: number): Promise<void> {
  const breaker = breakerOf(lockPath);
  if (!(await tryCreate(breaker, String(process.pid)))) {
    try {
      const st = await fsp.stat(breaker);
      if (Date.now() - st.mtimeMs > Math.min(staleMs, 10_000)) await removeQuietly(breaker);
    } catch {
      // gone already
    }
    await sleep(5);
    return;
  }
  try {
    const current = await readLock(lockPath);
    // Renewed meanwhile (holdLock), it is not the lock judged stale.
    if (current?.token === judged.token && current.at === judged.at) await removeQuietly(lockPath);
  } finally {
    await removeQuietly(breaker);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
