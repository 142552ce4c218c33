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

/**
 * Sums the quick-check decode bytes of the archives at `paths`, stopping as soon as it reaches `enough`.
 * An archive that cannot be opened counts as nothing to decode: its check ends at the same failure.
 */
export async function quickDecodeBytesOfFiles(
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
      total += quickDecodeBytes(reader.entries());
    } finally {
      await reader.close().catch(() => undefined);
    }
    if (total >= enough) break;
  }
  return total;
}
