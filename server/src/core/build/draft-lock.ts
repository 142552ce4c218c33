import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { bi } from '../i18n';
import { HELD_LOCK_STALE_MS, holderSince, holdLock, LockTimeoutError, type HeldLock, type LockHolder } from './lock';
import { makeFolders } from './folders';
import { exists } from '../archive/atomic';
import { BuildError } from './types';

/**
 * One build of a draft at a time. A build knows which rows were sent from the ledger it reads at its start,
 * and records its own rows only at its end: two builds of one draft overlapping in between would each send
 * every row. So a build holds this lock from before it reads the ledger until its rows are recorded and its
 * CSV published (or it has failed and removed its output); a second build of the draft is refused at once,
 * naming the build that holds it. The lock is one file per draft beside the ledger, so builds of other drafts
 * run alongside; the ledger's own lock still serialises the moments numbers are handed out.
 * A build killed while holding it leaves a lock that the next build takes over: at once on the same
 * computer (no process with its pid), after the stale limit from another one (its time is no longer renewed).
 */

/** Tries while another program holds the lock file open (a virus scanner), not while a build holds it. */
const BUSY_TIMEOUT_MS = 10_000;

export interface DraftLock {
  /** The lock file and its token, named by the build's claim on its rows (row-claims.ts). */
  readonly held: { path: string; token: string };
  /** Refuses to go on when another build took the lock over meanwhile (this one stopped for longer than the stale limit). */
  assertStillHeld(): Promise<void>;
  release(): Promise<void>;
}

export async function holdDraftLock(draftPath: string, ledgerPath: string): Promise<DraftLock> {
  const lockPath = await draftLockPath(draftPath, ledgerPath);
  const folder = dirname(lockPath);
  // A build refused before it reserves anything leaves no ledger folder it made only for its lock.
  const made = !(await exists(folder));
  let held: HeldLock;
  try {
    held = await takeDraftLock(lockPath);
  } catch (e) {
    if (e instanceof LockTimeoutError && e.holder) throw draftBusy(draftPath, e.holder);
    const code = (e as NodeJS.ErrnoException).code;
    // Named by the folder, as folders.ts names one, not by the lock's private name where the write failed.
    if (code) throw Object.assign(new Error(`cannot write into ${folder}`), { code, path: folder });
    throw e;
  }
  return {
    held: { path: held.path, token: held.token },
    release: async () => {
      await held.release();
      if (made) await fsp.rmdir(folder).catch(() => undefined);
    },
    assertStillHeld: async () => {
      if (!(await held.stillHeld())) throw lockLost(draftPath);
    },
  };
}

/** Tried again once when the folder vanished meanwhile (another build's folder, removed when it made it for nothing). */
async function takeDraftLock(lockPath: string): Promise<HeldLock> {
  for (let attempt = 0; ; attempt++) {
    await makeFolders(dirname(lockPath));
    try {
      return await holdLock(lockPath, { staleMs: HELD_LOCK_STALE_MS, timeoutMs: BUSY_TIMEOUT_MS, refuseHeld: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw e;
    }
  }
}

/**
 * `{ledger}.build-{hash}.lock`, the hash of the draft's real path as seen from the ledger's folder (the same on
 * every computer that reaches a shared folder under another drive or mount point), or of its whole real path
 * when the draft lies elsewhere.
 */
export async function draftLockPath(draftPath: string, ledgerPath: string): Promise<string> {
  const real = await fsp.realpath(draftPath).catch(() => draftPath);
  const ledgerRoot = dirname(dirname(ledgerPath));
  const inside = relative(await fsp.realpath(ledgerRoot).catch(() => ledgerRoot), real);
  const key = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep).join('/') : real;
  return `${ledgerPath}.build-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.lock`;
}

function draftBusy(draftPath: string, holder: LockHolder): BuildError {
  const since = holderSince(holder);
  return new BuildError(
    bi(
      `草稿 ${draftPath} 正由另一個建置處理中（電腦 ${holder.host} 的處理程序 ${holder.pid}，自 ${since['zh-TW']}起），為免同一筆檢查重複送出，本建置未做任何事。` +
        '請待該建置完成、看過其結果後再決定是否建置；該建置若已中止，同一台電腦上可立即再建置，其他電腦則於 1 分鐘後',
      `The draft ${draftPath} is being built by another build (process ${holder.pid} on ${holder.host}, since ${since.en}); so that no exam is sent twice, this build did nothing. ` +
        'Wait for that build to finish and look at its result before building again; if it has stopped, build again at once on the same computer, after a minute from another one',
    ),
    [],
    'busy',
  );
}

function lockLost(draftPath: string): BuildError {
  return new BuildError(
    bi(
      `本建置停頓超過 1 分鐘（例如電腦休眠），草稿 ${draftPath} 已由另一個建置接手；為免同一筆檢查重複送出，本建置已停止並移除其輸出，未記入帳冊。請看過另一個建置的結果後再決定是否建置`,
      `This build stood still for over a minute (a computer asleep, say) and another build took the draft ${draftPath} over; so that no exam is sent twice, this build stopped, removed its output and recorded nothing in the ledger. Look at the other build's result before building again`,
    ),
    [],
    'busy',
  );
}
