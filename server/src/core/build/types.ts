import type { Bilingual, Finding } from '../types';
import { bi } from '../i18n';
import { ioReason } from '../io-reasons';

export interface BuildProgress {
  phase: 'read' | 'scan' | 'reserve' | 'pack' | 'verify' | 'done';
  /** 0-based row being packed. */
  row?: number;
  rowCount: number;
  rowBytesDone?: number;
  rowBytesTotal?: number;
  bytesDone: number;
  bytesTotal: number;
  /** Estimated time left, ms, once packing has started. */
  etaMs?: number;
  message: Bilingual;
}

export interface BuiltRow {
  /** 0-based row in the batch. */
  row: number;
  caseNumber: string;
  archivePath: string;
  archiveBytes: number;
  /** The row's exact text in the final CSV. */
  text: string;
  notes: Bilingual[];
  /** Re-sends: the archive was reused rather than rebuilt. */
  reused?: boolean;
}

export interface BuildSummary {
  csvPath: string;
  csvName: string;
  outDir: string;
  ledgerPath: string;
  rows: BuiltRow[];
  archives: number;
  /** Bytes of all archives. */
  bytes: number;
  /** Earliest incentive deadline among the rows, ms since epoch. */
  earliestDeadline?: number;
  /** Warnings that did not stop the build (re-sent rows that differ, image problems accepted). */
  warnings: Finding[];
  /** Temporary files and folders of killed builds removed from the output folder (names). */
  leftoversRemoved?: string[];
  /** CSVs of builds killed right after publishing them, found in place and now recorded as published (paths). */
  recoveredBatches?: string[];
  /** Archives of killed builds in the output folder that no sent row names (orphans.ts; names): warned of, not removed. */
  orphanArchives?: string[];
}

/** busy: another build of the same draft holds it (draft-lock.ts), or another build or re-send is sending the same rows (row-claims.ts). */
export type BuildErrorReason = 'draft' | 'images' | 'stopped' | 'limits' | 'output' | 'verify' | 'cancelled' | 'io' | 'ledger' | 'busy';

/**
 * A build option that may make a refused build go through: rebuilding the DICOMDIRs the image folders hold, or packing
 * compressed (7z, LZMA2 level 1) a row whose images pass the 4.5 GB limit, which store cannot get under.
 */
export type BuildRemedy = 'rebuild-dicomdir' | 'compress' | 'compress-most';

/** A build that did not complete: the reason, the findings behind it when there are some, and what would cure it. */
export class BuildError extends Error {
  constructor(
    readonly bilingual: Bilingual,
    readonly findings: Finding[] = [],
    readonly reason: BuildErrorReason = 'draft',
    readonly remedy?: BuildRemedy,
  ) {
    super(bilingual.en);
  }
}

/** Runs a build and turns every failure into a BuildError: cancellation, typed archive errors, the rest. */
export async function asBuildError<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (signal?.aborted) throw new BuildError(bi('已取消建置，未留下任何輸出', 'Build cancelled; no output was left'), [], 'cancelled');
    if (e instanceof BuildError) throw e;
    const typed = e as { bilingual?: Bilingual; code?: string };
    if (typed.code === 'output-exists' && typed.bilingual) throw new BuildError(typed.bilingual, [], 'output');
    const io = e as NodeJS.ErrnoException;
    const reason = ioReason(io.code);
    // Node names no path for a failed write to an open file (a full disk while the CSV or ledger is written).
    if (reason && io.path) throw new BuildError(bi(`建置失敗：${reason['zh-TW']}：${io.path}`, `Build failed: ${reason.en}: ${io.path}`), [], 'io');
    if (reason) throw new BuildError(bi(`建置失敗：${reason['zh-TW']}`, `Build failed: ${reason.en}`), [], 'io');
    throw new BuildError(typed.bilingual ?? bi(`建置失敗：${String(e)}`, `Build failed: ${String(e)}`), [], 'io');
  }
}
