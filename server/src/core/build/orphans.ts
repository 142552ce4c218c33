import { promises as fsp } from 'node:fs';
import { bi } from '../i18n';
import { counted } from '../counted';
import type { Bilingual } from '../types';
import { parseArchiveName } from '../rules/archive-name';
import { HELD_LOCK_STALE_MS, liveHolder } from './lock';
import { caseBuildKey, readLedger, type LedgerState } from './ledger';

/**
 * Archives a killed build left in an output folder: complete, under their final names, their case numbers reserved in
 * the ledger, yet named by no row of a batch that was sent, as the build was killed before it published its CSV (or
 * before the ledger counted it). Uploaded with the folder, they would reach the NHI without a row. They are named,
 * never removed: final names are the user's files (leftovers.ts removes only temporary ones).
 * A build or re-send still in flight (the lock its claim names still held) is packing archives of its own, which are
 * not named; nor is an archive whose case number this ledger never reserved (another ledger's, a copy by hand).
 */
export async function orphanArchives(dir: string, ledgerPath: string, readBefore?: LedgerState): Promise<string[]> {
  const names = (await fsp.readdir(dir).catch(() => [] as string[])).filter((name) => parseArchiveName(name) !== undefined).sort();
  if (names.length === 0) return [];
  try {
    // A ledger the caller read earlier will do here: what it misses is judged by the read below.
    const before = unsentReservations(readBefore ?? (await readLedger(ledgerPath)));
    const settled: string[] = [];
    for (const name of names) {
      const build = before.buildOf(name);
      if (build !== undefined && !(await inFlight(before.ledger, build))) settled.push(name);
    }
    if (settled.length === 0) return [];
    // A build that finished between the first read and the look at its lock recorded its rows before letting the lock go;
    // one that started since reserved numbers that the first read did not hold, so its archives are no candidates.
    const after = unsentReservations(await readLedger(ledgerPath));
    return settled.filter((name) => after.buildOf(name) !== undefined);
  } catch {
    return []; // a ledger that cannot be read now: the build says so where it reads it
  }
}

/** For an archive name: the build that reserved its case number when no sent row names that case; undefined otherwise. */
function unsentReservations(ledger: LedgerState): { ledger: LedgerState; buildOf: (name: string) => string | undefined } {
  const sent = new Set(ledger.rows.map((r) => caseBuildKey(r.hospital, r.case)));
  const buildOf = (name: string): string | undefined => {
    const { hospital, caseNumber } = parseArchiveName(name)!;
    const key = caseBuildKey(hospital, caseNumber);
    return sent.has(key) ? undefined : ledger.caseBuilds.get(key);
  };
  return { ledger, buildOf };
}

/** Whether the build is still running: its claim's lock holds the claim's token and is not stale. */
async function inFlight(ledger: LedgerState, build: string): Promise<boolean> {
  const claim = ledger.claims.find((c) => c.build === build);
  return claim !== undefined && (await liveHolder(claim.lock, claim.token, HELD_LOCK_STALE_MS)) !== undefined;
}

/** The warning for orphan archives: what they are, not to upload them without rows, and what to do instead. */
export function orphanWarning(outDir: string, names: readonly string[]): Bilingual | undefined {
  if (names.length === 0) return undefined;
  return bi(
    `輸出資料夾 ${outDir} 中有 ${names.length} 個壓縮檔是中斷的建置留下的：${names.join('、')}。其案件編號已記入帳冊，但沒有任何已送出的上傳文字檔的列寫著它們，` +
      '不可在沒有對應列的情況下上傳（健保署會收到沒有列的壓縮檔）。上傳時只選各批次 CSV 所列的壓縮檔，或先把這些檔案刪除或移出此資料夾（影像仍在草稿的影像資料夾中）；' +
      '要送出這些檢查，請再建置一次草稿，會給新的案件編號與新的壓縮檔。本工具不會刪除這些檔案',
    `The output folder ${outDir} holds ${counted(names.length, 'archive')} an interrupted build left: ${names.join(', ')}. ` +
      'Their case numbers are reserved in the ledger, but no row of a batch CSV that was sent names them: do not upload them without their rows (the NHI would get archives no row names). ' +
      "Upload only the archives a batch CSV lists, or delete these files or move them out of this folder first (the images are still in the draft's image folders); " +
      'to send these exams, build the draft again, which gives them new case numbers and archives. They were left as they are',
  );
}
