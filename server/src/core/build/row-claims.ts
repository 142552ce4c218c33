import { randomBytes } from 'node:crypto';
import { bi } from '../i18n';
import type { Bilingual } from '../types';
import { HELD_LOCK_STALE_MS, holderSince, holdLock, liveHolder, removeStaleLock, type HeldLock, type LockHolder } from './lock';
import type { ClaimRecord, LedgerState } from './ledger';
import { BuildError } from './types';

/**
 * One sending of an exam at a time, whatever draft it comes from. The draft's lock keeps two builds of one draft
 * apart; a copy of the draft, a draft exported again under another name, or a re-send hold the same rows under
 * other names. So a build or re-send claims its rows by key in the ledger, in the very append that reserves its
 * numbers, under the ledger's lock; one that finds a claim of the same rows still in flight is refused before it
 * reserves anything (docs/decisions/one-build-per-draft.md, "Rows held by other drafts").
 * A claim is in flight while its batch is not counted as sent and the lock it names (the draft's lock of a build,
 * the re-send's own) still holds its token and is not stale: a build killed, failed or refused leaves a claim that
 * blocks nothing, at once on its computer and after the stale limit from another one. The lock file a killed re-send
 * left is removed by the next build or re-send of its rows.
 */

export interface RowClaim {
  kind: 'build' | 'resend';
  /** Each row the build sends: its key and how a message names it (a draft's row, a case number). */
  rows: { key: string; name: Bilingual }[];
  /** The lock the build holds from before it reads the ledger to after its CSV is published. */
  lock: { path: string; token: string };
}

export function claimRecord(claim: RowClaim, build: string, at: string): ClaimRecord {
  return { t: 'claim', kind: claim.kind, build, keys: claim.rows.map((r) => r.key), lock: claim.lock.path, token: claim.lock.token, at };
}

interface Overlap {
  other: ClaimRecord;
  /** Its holder while in flight; undefined for a claim whose batch was sent. */
  holder?: LockHolder;
  names: Bilingual[];
}

/** The first claim of another build among `claims` sharing rows with `claim` that is in flight (or, with `sentToo`, whose batch was sent). */
async function firstOverlap(ledger: LedgerState, claims: readonly ClaimRecord[], claim: RowClaim, build: string, sentToo: boolean): Promise<Overlap | undefined> {
  const sent = new Set(ledger.batches.map((b) => b.build));
  for (const other of claims) {
    if (other.build === build) continue;
    const keys = new Set(other.keys);
    const shared = claim.rows.filter((r) => keys.has(r.key));
    if (shared.length === 0) continue;
    const names = shared.map((r) => r.name);
    if (sent.has(other.build)) {
      if (sentToo) return { other, names };
      continue;
    }
    const holder = await liveHolder(other.lock, other.token, HELD_LOCK_STALE_MS);
    if (holder) return { other, holder, names };
    // A re-send's lock is its own file, which no later re-send takes over: one left by a killed re-send goes here.
    if (other.kind === 'resend') await removeStaleLock(other.lock, other.token, HELD_LOCK_STALE_MS);
  }
  return undefined;
}

/** Throws when another build or re-send has some of the claimed rows in flight (read under the ledger's lock). */
export async function refuseRowsInFlight(ledger: LedgerState, claim: RowClaim, build: string): Promise<void> {
  const overlap = await firstOverlap(ledger, ledger.claims, claim, build, false);
  if (overlap) throw rowsInFlight(claim.kind, overlap);
}

/**
 * Throws when, since this build claimed its rows, another build or re-send claimed some of them and is still in
 * flight or has sent them: this one stood still past the stale limit (a computer asleep) and was judged gone.
 * Called under the ledger's lock right before the rows are recorded.
 */
export async function refuseClaimOvertaken(ledger: LedgerState, claim: RowClaim, build: string): Promise<void> {
  const own = ledger.claims.findIndex((c) => c.build === build);
  const overlap = await firstOverlap(ledger, ledger.claims.slice(own + 1), claim, build, true);
  if (overlap) throw claimOvertaken(claim.kind, overlap);
}

/** A re-send's own lock, named by its claim: one file per re-send beside the ledger, removed when it ends. */
export function holdResendLock(ledgerPath: string): Promise<HeldLock> {
  return holdLock(`${ledgerPath}.resend-${randomBytes(6).toString('hex')}.lock`, { staleMs: HELD_LOCK_STALE_MS, refuseHeld: true });
}

const KIND: Record<RowClaim['kind'], Bilingual> = {
  build: bi('建置', 'build'),
  resend: bi('重送', 're-send'),
};

function joined(names: readonly Bilingual[]): Bilingual {
  return bi(names.map((n) => n['zh-TW']).join('、'), names.map((n) => n.en).join(', '));
}

function otherText({ other, holder }: Overlap): Bilingual {
  const kind = KIND[other.kind];
  if (!holder) return bi(`另一個${kind['zh-TW']}（批次 ${other.build}）`, `another ${kind.en} (batch ${other.build})`);
  const since = holderSince(holder);
  return bi(
    `另一個${kind['zh-TW']}（批次 ${other.build}，電腦 ${holder.host} 的處理程序 ${holder.pid}，自 ${since['zh-TW']}起）`,
    `another ${kind.en} (batch ${other.build}, process ${holder.pid} on ${holder.host}, since ${since.en})`,
  );
}

/** What a refusal names: the rows, the other build or re-send, and this one's kind. */
function named(kind: RowClaim['kind'], overlap: Overlap): { rows: Bilingual; other: Bilingual; self: Bilingual } {
  return { rows: joined(overlap.names), other: otherText(overlap), self: KIND[kind] };
}

function rowsInFlight(kind: RowClaim['kind'], overlap: Overlap): BuildError {
  const { rows, other, self } = named(kind, overlap);
  return new BuildError(
    bi(
      `${rows['zh-TW']}：與${other['zh-TW']}正在送出的列是同一筆檢查，該批次尚未完成；為免同一筆檢查重複送出，本${self['zh-TW']}未保留也未寫入任何東西。` +
        '請待其完成、看過其結果後再決定；該處理程序若已中止，同一台電腦上可立即再試，其他電腦則於 1 分鐘後',
      `${rows.en}: the same exams as rows that ${other.en} is sending and has not finished; so that no exam is sent twice, this ${self.en} reserved and wrote nothing. ` +
        'Wait for it to finish and look at its result before going on; if it has stopped, try again at once on the same computer, after a minute from another one',
    ),
    [],
    'busy',
  );
}

function claimOvertaken(kind: RowClaim['kind'], overlap: Overlap): BuildError {
  const { rows, other, self } = named(kind, overlap);
  return new BuildError(
    bi(
      `本${self['zh-TW']}停頓超過 1 分鐘（例如電腦休眠），${rows['zh-TW']} 已由${other['zh-TW']}接手；為免同一筆檢查重複送出，本${self['zh-TW']}已停止並移除其輸出，未記入帳冊。請看過另一個批次的結果後再決定`,
      `This ${self.en} stood still for over a minute (a computer asleep, say) and ${other.en} took ${rows.en} over; so that no exam is sent twice, this ${self.en} stopped, removed its output and recorded nothing in the ledger. Look at the other batch's result before going on`,
    ),
    [],
    'busy',
  );
}
