import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { ArchiveError, throwIfAborted, toArchiveError } from './errors';
import { collect, StreamCursor, type ChunkProducer } from './cursor';
import { crc32, hex32 } from './crc32';
import type { FileSource } from './file-source';
import { InflateBudget } from './limits';
import { StoredWindow } from './stored-window';
import { EventLoopTurns } from './event-loop-turns';
import type {
  ArchiveEntry,
  ArchiveLimits,
  ArchiveNotice,
  ArchiveReader,
  EntrySink,
  ReadOptions,
  VerifyOptions,
  VerifyProblem,
  VerifyResult,
} from './types';

/** Decoding again what was decoded before is allowed up to the archive's listed size, and at least this. */
const REDECODE_FLOOR = 64 * 1024 * 1024;

/** The longest prefix of an entry kept after a read, for a longer or repeated read of the same entry. */
const KEPT_PREFIX_MAX = 4 * 1024 * 1024;

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Where an entry's bytes live: a decoded stream ("folder" in both CAB and 7z) and an offset in it. */
export interface EntryLocation {
  folder: number;
  offset: number;
}

/**
 * What CAB and 7z readers share: entries mapped onto folders, forward cursors kept per folder,
 * caps on decoded bytes, and the full check.
 */
export abstract class FolderedReader implements ArchiveReader {
  /** Decoded folders opened so far in this process (tests count them: the full check decodes each folder once). */
  static foldersOpened = 0;
  abstract readonly kind: '7z' | 'cab';
  readonly notices: ArchiveNotice[] = [];
  protected readonly budget: InflateBudget;
  private readonly cursors = new Map<number, StreamCursor>();
  private readonly disposers: Array<() => Promise<void>> = [];
  /** What went wrong in 7-Zip (WebAssembly)'s extraction of the foreign folders' entries (verifyForeignWith). */
  private foreignFailure: (() => Promise<ArchiveError | undefined>) | undefined;
  /** The entry whose bytes the last read decoded through a cursor (not read straight from disk). */
  private decodedEntry: ArchiveEntry | undefined;
  /** Bytes decoded again to reach entries behind a cursor, and how many may be (see spendRedecoding). */
  private redecoded = 0;
  private redecodeCap: number | undefined;
  /** The first bytes of the entry read last through a cursor (see readEntry). */
  private lastDecoded: { entry: ArchiveEntry; bytes: Uint8Array } | undefined;

  protected constructor(
    protected readonly source: FileSource,
    protected readonly limits: ArchiveLimits,
    protected readonly list: ArchiveEntry[],
    /** Parallel to `list`; null for entries without data (empty files, directories). */
    protected readonly locations: Array<EntryLocation | null>,
  ) {
    this.budget = new InflateBudget(limits, source.path);
  }

  get path(): string {
    return this.source.path;
  }

  get fileSize(): number {
    return this.source.size;
  }

  entries(): readonly ArchiveEntry[] {
    return this.list;
  }

  /** A fresh producer of folder `folder`'s decoded bytes, from its start. Throws for unreadable folders. */
  protected abstract openFolder(folder: number): ChunkProducer;

  /** Direct access for entries stored without compression; undefined when the entry needs its folder decoded. */
  protected directStream(_entry: ArchiveEntry, _signal?: AbortSignal, _wanted?: number): AsyncGenerator<Uint8Array> | undefined {
    return undefined;
  }

  protected abstract folderCount(): number;

  /** Where an entry stored without compression starts in the file; undefined for other entries. */
  protected storedOffset(_entry: ArchiveEntry): number | undefined {
    return undefined;
  }

  /** The first `length` bytes of an entry in one read, for entries stored uncompressed; undefined otherwise. */
  protected readDirect(_entry: ArchiveEntry, _length: number, _signal?: AbortSignal, _scratch?: Uint8Array): Uint8Array | undefined {
    return undefined;
  }

  private folderName(folder: number): Bilingual {
    return bi(`${this.path} 資料夾 ${folder}`, `${this.path} folder ${folder}`);
  }

  /**
   * storedOffset, for stored data within the file. Stored data unpacks to no more than it holds: an entry whose
   * declared size runs past the end of the file is cut short (or its header damaged), which the quick and the full
   * read name alike, rather than a decompression bomb.
   */
  private storedOffsetWithinFile(entry: ArchiveEntry): number | undefined {
    const at = this.storedOffset(entry);
    if (at !== undefined && at + entry.size > this.source.size) {
      throw new ArchiveError('truncated', bi(`${this.path}：${entry.name} 的未壓縮資料超出檔案結尾`, `${this.path}: stored data of ${entry.name} lies beyond the end`));
    }
    return at;
  }

  protected checkReadable(entry: ArchiveEntry): void {
    if (entry.encrypted) throw new ArchiveError('encrypted', entry.name);
  }

  async readEntry(entry: ArchiveEntry, options: ReadOptions = {}): Promise<Uint8Array> {
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const direct = this.readEntryNow(entry, options);
    if (direct) return direct;
    const want = Math.min(entry.size, max);
    // A header reader asks again for a longer prefix, or another reader for the same one: what was
    // decoded is kept, so the block is not decoded again from its start for each request.
    const last = this.lastDecoded?.entry === entry ? this.lastDecoded.bytes : undefined;
    if (last && last.length >= want) return last.subarray(0, want);
    const head = last && this.cursorAt(entry, last.length) ? last : undefined;
    this.decodedEntry = undefined;
    const rest = await collect(this.entryChunks(entry, options.signal, want, head?.length ?? 0), entry.size, want - (head?.length ?? 0));
    const bytes = head ? concatBytes(head, rest) : rest;
    this.lastDecoded = this.decodedEntry === entry && bytes.length <= KEPT_PREFIX_MAX ? { entry, bytes } : undefined;
    return bytes;
  }

  /**
   * Counts the bytes decoded again to get back to an entry behind the folder's cursor. Entries read in
   * the order of their bytes need that rarely; entries that overlap (many files on the same bytes, as no
   * archiver writes them) would need it for every file, each time decoding up to a whole folder.
   */
  private spendRedecoding(entry: ArchiveEntry, bytes: number): void {
    this.redecodeCap ??= Math.max(REDECODE_FLOOR, this.list.reduce((t, e) => t + e.size, 0));
    this.redecoded += bytes;
    if (this.redecoded <= this.redecodeCap) return;
    throw new ArchiveError('corrupt', {
      'zh-TW': `${entry.name}：壓縮區塊中的檔案彼此重疊或順序錯亂，逐一讀取須一再重新解壓，未讀取`,
      en: `${entry.name}: the files of a compressed block overlap or lie out of order, so reading them would decode the block again and again; not read`,
    });
  }

  /** Whether the folder's cursor stands right after the first `length` bytes of `entry`. */
  private cursorAt(entry: ArchiveEntry, length: number): boolean {
    const loc = this.locations[entry.index];
    const cursor = loc && this.cursors.get(loc.folder);
    return !!cursor && !cursor.busy && cursor.pos === loc.offset + length;
  }

  inDataOrder(entries: readonly ArchiveEntry[]): ArchiveEntry[] {
    const rank = (e: ArchiveEntry) => {
      const loc = this.locations[e.index];
      return loc ? [loc.folder, loc.offset] : [-1, 0];
    };
    return entries
      .map((e) => ({ e, at: rank(e) }))
      .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.e.index - b.e.index)
      .map(({ e }) => e);
  }

  readEntryNow(entry: ArchiveEntry, options: ReadOptions = {}): Uint8Array | undefined {
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.storedOffsetWithinFile(entry);
    this.budget.checkEntry(entry.name, entry.size, max);
    return entry.size > 0 ? this.readDirect(entry, Math.min(entry.size, max), options.signal, options.scratch) : undefined;
  }

  streamEntry(entry: ArchiveEntry, options: { signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    return this.entryChunks(entry, options.signal, Number.POSITIVE_INFINITY);
  }

  /** `wanted` lets direct reads size their first read to what the caller will keep. */
  private async *entryChunks(entry: ArchiveEntry, signal: AbortSignal | undefined, wanted: number, from = 0): AsyncGenerator<Uint8Array> {
    const options = { signal };
    const loc = this.locations[entry.index];
    if (this.list[entry.index] !== entry) throw new ArchiveError('io', bi(`項目 ${entry.name} 不屬於 ${this.path}`, `entry ${entry.name} does not belong to ${this.path}`));
    if (entry.size === 0) return;
    this.checkReadable(entry);
    if (!loc) throw new ArchiveError('corrupt', bi(`${entry.name} 有大小卻沒有資料`, `${entry.name} has a size but no data`));
    const direct = this.directStream(entry, options.signal, wanted);
    if (direct) {
      yield* direct;
      return;
    }
    let cursor = this.cursors.get(loc.folder);
    const reusable = cursor && !cursor.busy && cursor.pos <= loc.offset + from;
    if (!reusable) {
      if (cursor) this.spendRedecoding(entry, loc.offset + from);
      cursor = new StreamCursor(this.openCounted(loc.folder), this.folderName(loc.folder));
      if (!this.cursors.get(loc.folder)?.busy) this.cursors.set(loc.folder, cursor);
    }
    const c = cursor!;
    c.busy = true;
    try {
        this.decodedEntry = entry;
        // Up to what the caller wants, so that the cursor stops where the bytes handed out end.
        yield* c.range(loc.offset + from, Math.min(entry.size, wanted) - from, options.signal);
      } catch (e) {
        this.cursors.delete(loc.folder);
        throw toArchiveError(e, this.path);
    } finally {
      c.busy = false;
    }
  }

  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const problems: VerifyProblem[] = [];
    const withData = this.list.filter((e) => this.locations[e.index] && e.size > 0);
    const bytesTotal = withData.reduce((s, e) => s + e.size, 0);
    const entriesTotal = this.list.length;
    let bytesDone = 0;
    let entriesDone = this.list.length - withData.length;
    const report = () => options.onProgress?.({ bytesDone, bytesTotal, entriesDone, entriesTotal });

    const byFolder = new Map<number, ArchiveEntry[]>();
    for (const e of withData) {
      const f = this.locations[e.index]!.folder;
      if (!byFolder.has(f)) byFolder.set(f, []);
      byFolder.get(f)!.push(e);
    }
    // Stored entries are read through one pair of 4 MiB buffers in file order, not one read per entry.
    const storedEnd = withData.reduce((m, e) => {
      const at = this.storedOffset(e);
      return at === undefined ? m : Math.max(m, Math.min(at + e.size, this.source.size));
    }, 0);
    const window = storedEnd > 0 ? new StoredWindow(this.source, storedEnd) : undefined;
    const turns = new EventLoopTurns();
    try {
    for (let f = 0; f < this.folderCount(); f++) {
      throwIfAborted(options.signal);
      const entries = (byFolder.get(f) ?? []).sort((a, b) => this.locations[a.index]!.offset - this.locations[b.index]!.offset);
      let cursor: StreamCursor | undefined;
      let failed: ArchiveError | undefined;
      for (const entry of entries) {
        if (failed) {
          problems.push({ entry, error: new ArchiveError(failed.code, bi(`${entry.name}：同一區塊先前的錯誤使它無法讀取（${failed.bilingual['zh-TW']}）`, `${entry.name}: not readable after an earlier failure in the same block (${failed.detail})`)) });
          continue;
        }
        const loc = this.locations[entry.index]!;
        try {
          this.checkReadable(entry);
          const stored = this.storedOffsetWithinFile(entry);
          this.budget.checkEntry(entry.name, entry.size, entry.size);
          const at = window && stored;
          let chunks = at !== undefined && window ? window.range(at, entry.size, (n) => this.budget.spend(n)) : this.directStream(entry, options.signal);
          if (!chunks) {
            if (cursor && cursor.pos > loc.offset) this.spendRedecoding(entry, loc.offset);
            if (!cursor || cursor.pos > loc.offset) cursor = new StreamCursor(this.openCounted(f), this.folderName(f));
            chunks = cursor.range(loc.offset, entry.size, options.signal);
          }
          const sink: EntrySink | undefined = options.sink?.(entry);
          let crc = 0;
          for await (const chunk of chunks) {
            if (entry.crc32 !== null) crc = crc32(chunk, crc);
            sink?.data(chunk);
            bytesDone += chunk.length;
            report();
            await turns.maybe(options.signal);
          }
          await sink?.end();
          if (entry.crc32 !== null && crc !== entry.crc32) {
            problems.push({ entry, error: new ArchiveError('crc-mismatch', bi(`${entry.name}：記載的 CRC 為 ${hex32(entry.crc32)}，計算出 ${hex32(crc)}`, `${entry.name}: stored ${hex32(entry.crc32)}, computed ${hex32(crc)}`)) });
          }
        } catch (e) {
          const err = toArchiveError(e, this.path);
          if (err.code === 'aborted') throw err;
          problems.push({ entry, error: err });
          if (!this.isDirectFolder(f)) failed = err;
        }
        entriesDone++;
        report();
      }
      if (!failed) {
        try {
          await this.verifyFolderTail(f, cursor, options.signal);
        } catch (e) {
          const err = toArchiveError(e, this.path);
          if (err.code === 'aborted') throw err;
          problems.push({ entry: null, error: err });
        }
      }
    }
    await this.verifyForeignTail(withData, problems);
    } finally {
      await window?.settle();
    }
    return { ok: problems.length === 0, entriesChecked: entriesDone, bytesChecked: bytesDone, problems };
  }

  /**
   * The foreign folders' tail: 7-Zip (WebAssembly) extracted their entries, and its verdict on the blocks stands where
   * no entry of theirs was found wrong (a block whose end is damaged, past its last file). Said of the archive, once.
   */
  private async verifyForeignTail(withData: readonly ArchiveEntry[], problems: VerifyProblem[]): Promise<void> {
    const foreign = withData.filter((e) => this.isForeignFolder(this.locations[e.index]!.folder));
    if (!this.foreignFailure || foreign.length === 0 || problems.some((p) => p.entry && foreign.includes(p.entry))) return;
    const failure = await this.foreignFailure();
    if (failure) problems.push({ entry: null, error: failure });
  }

  /** True when the folder's entries are read from what 7-Zip (WebAssembly) extracts. */
  protected isForeignFolder(_folder: number): boolean {
    return false;
  }

  /** `failure` tells what 7-Zip (WebAssembly) found wrong extracting the foreign folders' entries (see verifyForeignTail). */
  verifyForeignWith(failure: () => Promise<ArchiveError | undefined>): void {
    this.foreignFailure = failure;
  }

  /** After the entries of a folder were read: decode what remains, so every block checksum is checked. */
  private async verifyFolderTail(folder: number, cursor: StreamCursor | undefined, signal: AbortSignal | undefined): Promise<void> {
    if (this.isDirectFolder(folder)) return;
    const c = cursor ?? new StreamCursor(this.openCounted(folder), this.folderName(folder));
    await c.drain(signal);
  }

  private openCounted(folder: number): ChunkProducer {
    FolderedReader.foldersOpened++;
    return this.openFolder(folder);
  }

  /** True when the folder's bytes are read straight from disk (no decoding whose tail needs checking). */
  protected isDirectFolder(_folder: number): boolean {
    return false;
  }

  /** Runs `fn` when the reader is closed (temporary folders of the WebAssembly fallback). */
  onClose(fn: () => Promise<void>): void {
    this.disposers.push(fn);
  }

  async close(): Promise<void> {
    this.cursors.clear();
    this.lastDecoded = undefined;
    for (const d of this.disposers.splice(0)) await d().catch(() => undefined);
    await this.source.close();
  }
}

