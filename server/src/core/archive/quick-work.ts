/**
 * What a quick check of an archive must decode, from its listing alone: a compressed entry costs its
 * whole size (its header lies inside the compressed stream, and in a solid block behind every entry
 * before it); a stored entry costs nothing to decode, the check reads its first bytes where they lie.
 * Lets 'auto' keep a quick check of stored archives in one thread, where it is fastest at any batch
 * size measured (BENCHMARKS.md, "Linked-archive check"), and give compressed batches to workers.
 */
import { ArchiveError } from './errors';
import { openArchive } from './open';
import type { ArchiveEntry, ArchiveReader, EntryMethod, OpenOptions } from './types';

/** Methods whose bytes are read as stored, without decoding what comes before them. */
const STORED: ReadonlySet<EntryMethod> = new Set(['copy', 'none', 'empty']);

/** Bytes a quick check decodes for these entries. */
export function quickDecodeBytes(entries: readonly ArchiveEntry[]): number {
  let bytes = 0;
  for (const e of entries) if (!e.isDirectory && !STORED.has(e.method)) bytes += e.size;
  return bytes;
}

/** Archives opened to estimate a batch: the first, the last and evenly between. */
export const ESTIMATE_SAMPLE = 4;

/** Indexes of `count` items to sample: all of them when `count` ≤ `size`, else the first, the last and evenly between. */
export function sampleIndexes(count: number, size = ESTIMATE_SAMPLE): number[] {
  if (count <= size) return Array.from({ length: count }, (_, i) => i);
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
