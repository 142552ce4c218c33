/**
 * The archive layer's public shapes: what an opened 7z or CAB looks like to its callers.
 * Readers never hold a whole archive in memory; every method is async and takes an AbortSignal.
 */

/** What the first bytes of a file say it is, whatever its extension claims. */
export type ArchiveKind = '7z' | 'cab' | 'zip' | 'rar' | 'gzip' | 'bzip2' | 'xz' | 'zstd' | 'empty' | 'unknown';

/** The compression method of an entry, as named in the archive's own terms. */
export type EntryMethod =
  | 'copy' // 7z store
  | 'lzma'
  | 'lzma2'
  | 'none' // CAB uncompressed
  | 'mszip'
  | 'lzx'
  | 'quantum'
  | 'aes'
  | 'empty' // no data stream (empty file or directory)
  | 'other';

export interface ArchiveEntry {
  /** Position in the archive's own listing, 0-based. */
  index: number;
  /** The name with `/` separators, exactly as stored otherwise (no normalisation of `..` or leading `/`). */
  name: string;
  /** The name's raw form as stored (CAB uses `\`). */
  rawName: string;
  size: number;
  /** Bytes this entry occupies in the archive when knowable per entry (store, non-solid); null when shared (solid block). */
  packedSize: number | null;
  /** CRC-32 of the content when the archive records one (7z); CAB has per-block checksums instead. */
  crc32: number | null;
  isDirectory: boolean;
  isSymlink: boolean;
  /** Windows attributes in the low 16 bits; for 7z, Unix mode in the high 16 bits when bit 0x8000 is set. */
  attributes: number | null;
  encrypted: boolean;
  method: EntryMethod;
  /** Modification time (ms since epoch) when stored. */
  mtime: number | null;
}

/** Caps that turn a decompression bomb into a finding instead of an out-of-memory crash. */
export interface ArchiveLimits {
  /** Bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Bytes all reads of one opened archive may inflate to, summed. */
  maxTotalBytes: number;
  /** Entries an archive may list. */
  maxEntries: number;
  /** Bytes a 7z header may occupy once decoded. */
  maxHeaderBytes: number;
  /** Largest LZMA dictionary (window) we allocate. */
  maxDictionaryBytes: number;
}

export const GiB = 1024 * 1024 * 1024;
export const MiB = 1024 * 1024;

/**
 * Defaults: one DICOM file is never near 4 GiB; an NHI archive is at most 4.5 GiB, and DICOM rarely
 * compresses better than 4:1, hence 24 GiB in total. The 160 MiB window keeps peak memory under 256 MB.
 */
export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntryBytes: 4 * GiB,
  maxTotalBytes: 24 * GiB,
  maxEntries: 200_000,
  maxHeaderBytes: 64 * MiB,
  maxDictionaryBytes: 160 * MiB,
};

export interface OpenOptions {
  signal?: AbortSignal;
  limits?: Partial<ArchiveLimits>;
}

export interface ReadOptions {
  /** Stop after this many bytes (a quick check reads only headers). Default: the whole entry. */
  maxBytes?: number;
  signal?: AbortSignal;
  /**
   * A buffer the caller reuses from entry to entry: when the bytes can be read straight into it (stored
   * entries) the result is a view of it, valid until the caller passes it again. Fresh allocations of
   * every entry's size cost more than the reads themselves in the full check (BENCHMARKS.md).
   */
  scratch?: Uint8Array;
}

export interface VerifyProgress {
  /** Uncompressed bytes checked so far, and in total. */
  bytesDone: number;
  bytesTotal: number;
  entriesDone: number;
  entriesTotal: number;
}

export interface VerifyOptions {
  onProgress?: (p: VerifyProgress) => void;
  signal?: AbortSignal;
  /**
   * Called for every entry with data as the check reaches it (in archive order); the returned sink sees
   * the entry's bytes as they are checked, so a caller reads each entry once (the full linked-archive
   * check inspects images in the same pass). With a sink, 7z LZMA/LZMA2 is checked by the JS decoder.
   */
  sink?: (entry: ArchiveEntry) => EntrySink | undefined;
}

/** Receives one entry's bytes during verify(); `end` only when every byte was seen (CRC checked or not). */
export interface EntrySink {
  /** A view valid only during the call. */
  data(chunk: Uint8Array): void;
  end(): void | Promise<void>;
}

/** One entry (or block) that failed the full check. */
export interface VerifyProblem {
  /** The entry concerned, or null for a problem in shared data (a CAB block, a solid 7z block). */
  entry: ArchiveEntry | null;
  error: import('./errors').ArchiveError;
}

export interface VerifyResult {
  ok: boolean;
  entriesChecked: number;
  bytesChecked: number;
  problems: VerifyProblem[];
}

/** Non-fatal facts noticed while opening (a CAB that is part of a multi-cabinet set, entries in an unsupported method). */
export interface ArchiveNotice {
  code: import('./errors').ArchiveErrorCode;
  message: import('../types').Bilingual;
}

export interface ArchiveReader {
  readonly kind: '7z' | 'cab';
  readonly path: string;
  readonly fileSize: number;
  readonly notices: readonly ArchiveNotice[];
  entries(): readonly ArchiveEntry[];
  /**
   * The entry's bytes, up to `maxBytes`. Reading entries in listing order is linear even in solid
   * blocks (the decoder position is kept between calls).
   */
  readEntry(entry: ArchiveEntry, options?: ReadOptions): Promise<Uint8Array>;
  /**
   * The same bytes as `readEntry`, read at once when the entry is stored without compression in one
   * place; undefined when it must be decoded (then `readEntry`). Saves a header reader the waits of an
   * asynchronous read per file.
   */
  readEntryNow?(entry: ArchiveEntry, options?: ReadOptions): Uint8Array | undefined;
  /**
   * `entries` in the order their bytes lie in the archive (decoded block, then offset in it), those
   * without data first: read in turn, each block is decoded once, whatever order the listing has.
   */
  inDataOrder?(entries: readonly ArchiveEntry[]): ArchiveEntry[];
  /** The entry's bytes as chunks; a chunk is only valid until the next one is requested. Stop early by breaking. */
  streamEntry(entry: ArchiveEntry, options?: { signal?: AbortSignal }): AsyncIterable<Uint8Array>;
  /** Reads every entry and checks every CRC and block checksum. Never throws for bad content: problems are listed. */
  verify(options?: VerifyOptions): Promise<VerifyResult>;
  close(): Promise<void>;
}
