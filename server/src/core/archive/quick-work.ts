/**
 * What a quick check of an archive must decode or read through, from its listing alone. An entry in a
 * compressed or CAB folder counts its whole size: its header lies inside the folder's stream, behind
 * every entry before it (an upper bound: the last entry of a folder is decoded only up to its header).
 * A 7z stored entry counts nothing: the check reads its first bytes where they lie. Lets 'auto' keep a
 * quick check of stored 7z archives in one thread, where it is fastest at any batch size measured
 * (docs/decisions/archive-check-threads.md), and give compressed batches to workers.
 */
import { ArchiveError } from './errors';
import { openArchive } from './open';
import type { ArchiveEntry, ArchiveReader, EntryMethod, OpenOptions } from './types';

/**
 * Methods whose entries cost no decoding: 7z stored data (read at its offset), empty entries, and
 * encrypted ones (refused, never decoded). A CAB's uncompressed ('none') folder is not among them: its
 * blocks are read and checksummed in order up to the entry.
 */
const NOT_DECODED: ReadonlySet<EntryMethod> = new Set(['copy', 'empty', 'aes']);

/** Bytes a quick check decodes for these entries. */
export function quickDecodeBytes(entries: readonly ArchiveEntry[]): number {
  let bytes = 0;
  for (const e of entries) if (!e.isDirectory && !NOT_DECODED.has(e.method)) bytes += e.size;
  return bytes;
}

/** Archives opened to estimate a batch: the first, the last and evenly between. */
export const ESTIMATE_SAMPLE = 4;

/** Indexes of `count` items to sample: all of them when `count` ≤ `size`, else the first, the last and evenly between. */
export function sampleIndexes(count: number, size = ESTIMATE_SAMPLE): number[] {
  if (count <= size) return Array.from({ length: count }, (_, i) => i);
  if (size < 2) return size < 1 ? [] : [0];
  return Array.from({ length: size }, (_, k) => Math.round((k * (count - 1)) / (size - 1)));
}

/**
 * Estimates the bytes a quick check of the archives at `paths` decodes, from a sample of them (opening
 * every archive of a large batch only to decide would cost more than it saves). An archive that cannot
 * be opened counts as nothing to decode: its check ends at the same failure.
 */
export async function estimateQuickDecodeBytes(
  paths: readonly string[],
  options: OpenOptions & { open?: (path: string, options: OpenOptions) => Promise<ArchiveReader> } = {},
): Promise<number> {
  const picks = sampleIndexes(paths.length);
  let total = 0;
  for (const i of picks) {
    options.signal?.throwIfAborted();
    let reader: ArchiveReader;
    try {
      reader = await (options.open ?? openArchive)(paths[i], { signal: options.signal, limits: options.limits });
    } catch (e) {
      if (e instanceof ArchiveError && e.code !== 'aborted') continue;
      throw e;
    }
    try {
      total += quickDecodeBytes(reader.entries());
    } finally {
      await reader.close().catch(() => undefined);
    }
  }
  return picks.length ? (total / picks.length) * paths.length : 0;
}
