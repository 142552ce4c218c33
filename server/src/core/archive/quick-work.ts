/**
 * What a quick check of an archive will cost, from its listing alone: a stored entry costs the prefix
 * the check reads of it, a compressed one its whole size (its header lies inside the compressed stream,
 * and in a solid block behind every entry before it). Lets 'auto' keep a quick check of stored
 * archives in one thread, where it is fastest, and give compressed batches to workers.
 */
import { QUICK_FIRST_READ } from '../images/inspect';
import { ArchiveError } from './errors';
import { openArchive } from './open';
import type { ArchiveEntry, ArchiveReader, EntryMethod, OpenOptions } from './types';

/** Methods whose bytes are read as stored, without decoding what comes before them. */
const STORED: ReadonlySet<EntryMethod> = new Set(['copy', 'none', 'empty']);
/** Opening an archive and reading its listing and DICOMDIR costs about as much as reading a few entries. */
export const ARCHIVE_OPEN_WORK = 4 * QUICK_FIRST_READ;

/** Bytes a quick check reads or decodes for these entries. */
export function quickWorkOf(entries: readonly ArchiveEntry[]): number {
  let work = 0;
  for (const e of entries) {
    if (e.isDirectory) continue;
    work += STORED.has(e.method) ? Math.min(e.size, QUICK_FIRST_READ) : e.size;
  }
  return work;
}

/**
 * Sums the quick-check work of the archives at `paths`, stopping as soon as it reaches `enough`.
 * An archive that cannot be opened counts as no work: its check ends at the same failure.
 */
export async function quickWorkOfFiles(
  paths: readonly string[],
  enough: number,
  options: OpenOptions & { open?: (path: string, options: OpenOptions) => Promise<ArchiveReader> } = {},
): Promise<number> {
  let total = 0;
  for (const path of paths) {
    options.signal?.throwIfAborted();
    let reader: ArchiveReader;
    try {
      reader = await (options.open ?? openArchive)(path, { signal: options.signal, limits: options.limits });
    } catch (e) {
      if (e instanceof ArchiveError && e.code !== 'aborted') continue;
      throw e;
    }
    try {
      total += ARCHIVE_OPEN_WORK + quickWorkOf(reader.entries());
    } finally {
      await reader.close().catch(() => undefined);
    }
    if (total >= enough) break;
  }
  return total;
}
