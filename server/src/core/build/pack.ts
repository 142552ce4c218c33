import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeCab, write7z, type ArchiveInput, type WriteProgress, type WriteResult } from '../archive/write';
import { toArchiveError } from '../archive/errors';
import type { ArchiveFormat } from './ledger';
import type { RowPlan } from './plan';
import { workFileName } from './leftovers';
import { makeFolders } from './folders';

/** The 4.5 GB rule as NOTES decides it: above 4.5 GiB is refused. */
export const MAX_ARCHIVE_BYTES = 4.5 * 1024 ** 3;
/** A cabinet holds less than 2 GiB (its offsets are 31-bit); the CAB writer refuses more. */
export const MAX_CAB_PAYLOAD = 2 ** 31 - 1;

export function archiveFileName(prefix: 'DCF' | 'ATT', hospital: string, caseNumber: string, format: ArchiveFormat): string {
  return `${prefix}${hospital}_${caseNumber}.${format === 'cab' ? 'CAB' : '7z'}`;
}

export interface PackOptions {
  format: ArchiveFormat;
  /** 7z: 0 = store (default), 1/3/5 = LZMA2. DICOM barely compresses, and store is fastest. */
  level?: number;
  /** A private folder for the DICOMDIR file written before packing. */
  workDir: string;
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
}

/** Writes one row's archive atomically under `outPath` (never overwriting). */
export async function packRow(plan: RowPlan, outPath: string, options: PackOptions): Promise<WriteResult> {
  const inputs: ArchiveInput[] = [...plan.inputs];
  if (plan.dicomdir) {
    await makeFolders(options.workDir);
    const dicomdirPath = join(options.workDir, workFileName());
    // Said of the archive it is written for (a full disk fails here as often as in the archive).
    await fsp.writeFile(dicomdirPath, plan.dicomdir).catch((e: unknown) => {
      throw toArchiveError(e, outPath);
    });
    inputs.unshift({ archivePath: 'DICOMDIR', sourcePath: dicomdirPath });
  }
  const common = { signal: options.signal, onProgress: options.onProgress };
  return options.format === 'cab' ? writeCab(inputs, outPath, { compression: 'mszip', ...common }) : write7z(inputs, outPath, { level: options.level ?? 0, ...common });
}
