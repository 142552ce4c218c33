/** What the tests of builds cut off part-way (killed, or their language server ended) share. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeSampleDraft } from '../../../samples/draft/generate';
import { openArchive } from '../../../server/src/core/archive/open';

/** The temporary names a build writes, naming their writer: partial outputs and work folders. */
export const TEMPORARY = /\.partial-\d+-[0-9a-z]+-[0-9a-f]{6}-[0-9a-f]{12}$|^\.nhi-build-\d+-[0-9a-z]+-[0-9a-f]{6}-[0-9a-f]{12}$/;

/** A draft of four rows with ~130 MB of CT/MR in `dir`, so that packing takes long enough to be interrupted; its path. */
export function writeLargeDraft(dir: string): string {
  const big = (modality: 'CT' | 'MR') => Array.from({ length: 8 }, (_, i) => ({ modality, rows: 2048, columns: 2048, series: 1 + (i % 2) }));
  return writeSampleDraft(dir, [
    { fixture: 0, folder: 'a', images: big('CT') },
    { fixture: 2, folder: 'b', images: big('CT') },
    { fixture: 4, folder: 'c', images: big('MR') },
    { fixture: 3, folder: 'd', images: big('MR') },
  ]);
}

/** Whether the archive at `dir`/`name` opens and every entry's checksum matches. */
export async function archiveIsComplete(dir: string, name: string): Promise<boolean> {
  const reader = await openArchive(join(dir, name));
  try {
    return (await reader.verify()).ok;
  } finally {
    await reader.close();
  }
}

/** The pid of a process that has just exited: a lock holder killed on this computer. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}
