import type { Bilingual } from '../../types';
import { bi } from '../../i18n';
import { inflateRawSync } from 'node:zlib';
import { ArchiveError, archiveMessage } from '../errors';
import { crc32 } from '../crc32';
import { collect, type ChunkProducer } from '../cursor';
import { BytesSource, type ByteSource, type FileSource } from '../file-source';
import { FolderedReader, type EntryLocation } from '../foldered-reader';
import { Lzma2Stream, lzma2DictionarySize, LzmaStream, lzmaDictionarySize } from '../lzma/lzma-stream';
import { MiB, type ArchiveEntry, type ArchiveLimits, type EntryMethod, type VerifyOptions, type VerifyResult } from '../types';
import { runSevenZipWasm } from '../wasm/run';
import { trailingDataNotice } from '../trailing-data';
import { ByteReader } from './bytes';
import {
  ADD_ON_METHODS,
  folderUnpackSize,
  ID,
  parseHeader,
  parseSignatureHeader,
  readStreamsInfo,
  SEVEN_ZIP_CODER_IDS,
  SIGNATURE_HEADER_SIZE,
  type FileRecord,
  type Folder,
  type StreamsInfo,
} from './header';

const FILE_ATTRIBUTE_DIRECTORY = 0x10;
const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
const FILE_ATTRIBUTE_UNIX_EXTENSION = 0x8000;
const S_IFMT = 0xf000;
const S_IFLNK = 0xa000;
const S_IFDIR = 0x4000;
const DIRECT_CHUNK = 4 << 20;
/** Direct reads up to this size are done synchronously (one header read per entry in the quick check). */
const SYNC_READ_MAX = 1 << 20;
/** Below this many compressed bytes, starting a worker costs more than decoding in JS. */
const WASM_VERIFY_MIN_BYTES = 8 << 20;
/** Encoded headers nest at most this deep (7-Zip writes one level). */
const MAX_HEADER_NESTING = 4;

/** Decodes a folder the JS decoders cannot (filters, PPMd, BZip2…); the WebAssembly 7-Zip fallback provides it. */
export type ForeignEntryOpener = (path: string, entry: ArchiveEntry, wanted?: number) => AsyncGenerator<Uint8Array>;

// The folder tests below run for every folder (one per file in a store-mode archive), mostly before V8 has
// optimised them: plain loops and comparisons, no array, closure or iterator made per call.

function isReadableInJs(f: Folder): boolean {
  if (f.coders.length !== 1 || f.packedStreams.length !== 1) return false;
  const m = f.coders[0].method;
  return m === 'copy' || m === 'lzma' || m === 'lzma2';
}

function folderMethod(f: Folder): EntryMethod {
  for (let i = 0; i < f.coders.length; i++) if (f.coders[i].method === 'aes') return 'aes';
  if (f.coders.length === 1) {
    const m = f.coders[0].method;
    if (m === 'copy' || m === 'lzma' || m === 'lzma2') return m;
  }
  return 'other';
}

/** The largest LZMA dictionary of a folder's coders; 0 without LZMA (or with bad properties, which decoding reports). */
function lzmaDictionary(f: Folder): number {
  let most = 0;
  for (let i = 0; i < f.coders.length; i++) {
    const c = f.coders[i];
    if (c.method !== 'lzma' && c.method !== 'lzma2') continue;
    try {
      most = Math.max(most, c.method === 'lzma' ? lzmaDictionarySize(c.props) : c.method === 'lzma2' ? lzma2DictionarySize(c.props) : 0);
    } catch {
      // left to the decoder
    }
  }
  return most;
}

/** Why a folder is not read at all, known from the header alone; undefined when it is read. */
function skipReason(f: Folder, limits: ArchiveLimits): ArchiveError | undefined {
  let addOnCoder: Folder['coders'][number] | undefined;
  for (let i = 0; i < f.coders.length && !addOnCoder; i++) if (ADD_ON_METHODS[f.coders[i].method]) addOnCoder = f.coders[i];
  if (addOnCoder) {
    const addOn = ADD_ON_METHODS[addOnCoder.method];
    const id = addOnCoder.id.toUpperCase();
    return new ArchiveError('unsupported-method', {
      'zh-TW': `${addOn}（編碼器 ${id}），為 7-Zip 外掛（7-Zip ZS、py7zr）的壓縮方式，標準 7-Zip 無法解開`,
      en: `${addOn} (coder ${id}), a method of 7-Zip add-ons (7-Zip ZS, py7zr) that standard 7-Zip cannot unpack`,
    });
  }
  // A method 7-Zip does not know: said once of the archive, where 7-Zip says it of every file.
  const unknown = f.coders.find((c) => !SEVEN_ZIP_CODER_IDS.has(c.id));
  if (unknown) {
    const id = unknown.id.toUpperCase();
    return new ArchiveError('unsupported-method', { 'zh-TW': `編碼器 ${id}，7-Zip 不認得這種壓縮方式`, en: `coder ${id}, a method 7-Zip does not know` });
  }
  // The decoder allocates the dictionary, or the folder's size when smaller; 7-Zip (WebAssembly) would need as much.
  const dict = lzmaDictionary(f);
  // The folder's size matters only for a dictionary over the limit (none without LZMA).
  if (dict > limits.maxDictionaryBytes && Math.min(dict, folderUnpackSize(f)) > limits.maxDictionaryBytes) {
    const mb = (n: number) => Math.round(n / MiB);
    return new ArchiveError('not-checked', {
      'zh-TW': `LZMA 字典 ${mb(dict)} MB 大於本工具可讀的 ${mb(limits.maxDictionaryBytes)} MB；7-Zip 可以解開，但其中的檔案未經檢查`,
      en: `the LZMA dictionary of ${mb(dict)} MB is larger than the checker reads (${mb(limits.maxDictionaryBytes)} MB); 7-Zip opens it, but the files it holds were not checked`,
    });
  }
  return undefined;
}

function isSymlinkAttr(attr: number | null): boolean {
  if (attr === null) return false;
  if (attr & FILE_ATTRIBUTE_REPARSE_POINT) return true;
  return (attr & FILE_ATTRIBUTE_UNIX_EXTENSION) !== 0 && ((attr >>> 16) & S_IFMT) === S_IFLNK;
}

function isDirAttr(attr: number | null): boolean {
  if (attr === null) return false;
  if (attr & FILE_ATTRIBUTE_DIRECTORY) return true;
  return (attr & FILE_ATTRIBUTE_UNIX_EXTENSION) !== 0 && ((attr >>> 16) & S_IFMT) === S_IFDIR;
}

/** One listing entry, built in one literal (spreading a shared part into each entry was the slowest step of opening). */
function entryOf(index: number, name: string, f: FileRecord, size: number, packedSize: number | null, crc: number | null, isDirectory: boolean, method: EntryMethod): ArchiveEntry {
  return {
    index,
    name,
    rawName: f.name,
    size,
    packedSize,
    crc32: crc,
    isDirectory,
    isSymlink: isSymlinkAttr(f.attributes),
    attributes: f.attributes,
    encrypted: method === 'aes',
    method,
    mtime: f.mtime,
  };
}

/** Where the archive ends, as 7-Zip measures it: past its header, or its data should a writer put them after it. */
function archiveEnd(sig: ReturnType<typeof parseSignatureHeader>, streams: StreamsInfo | null): number {
  let packed = 0;
  for (const size of streams?.packSizes ?? []) packed += size;
  const dataEnd = streams ? SIGNATURE_HEADER_SIZE + streams.packPos + packed : 0;
  return Math.max(SIGNATURE_HEADER_SIZE + sig.nextHeaderOffset + sig.nextHeaderSize, dataEnd);
}

/** Reads 7z archives: headers (plain or LZMA-packed), store entries straight from disk, LZMA/LZMA2 in JS. */
export class SevenZipReader extends FolderedReader {
  readonly kind = '7z' as const;
  /** Per folder: why it is not read (reported once as a notice), or undefined. */
  private readonly skipped: Array<ArchiveError | undefined>;

  private constructor(
    source: FileSource,
    limits: ArchiveLimits,
    list: ArchiveEntry[],
    locations: Array<EntryLocation | null>,
    private readonly streams: StreamsInfo | null,
    private readonly foreign: ForeignEntryOpener | undefined,
  ) {
    super(source, limits, list, locations);
    this.skipped = (streams?.folders ?? []).map((f) => skipReason(f, limits));
    const said = new Set<string>();
    for (let i = 0; i < this.skipped.length; i++) {
      const e = this.skipped[i];
      if (!e || said.has(e.message)) continue;
      said.add(e.message);
      this.notices.push({ code: e.code, message: e.bilingual });
    }
    if (list.some((e) => e.encrypted)) {
      this.notices.push({ code: 'encrypted', message: archiveMessage('encrypted', `${source.path}: AES-encrypted entries`) });
    }
    const others = new Set((streams?.folders ?? []).filter((f, i) => !isReadableInJs(f) && folderMethod(f) !== 'aes' && !this.skipped[i]).map((f) => f.coders.map((c) => c.method).join('+')));
    if (others.size && !foreign) {
      this.notices.push({ code: 'unsupported-method', message: archiveMessage('unsupported-method', [...others].join(', ')) });
    }
  }

  static async open(source: FileSource, limits: ArchiveLimits, foreign?: ForeignEntryOpener): Promise<SevenZipReader> {
    const sig = parseSignatureHeader(source.readExactSync(0, Math.min(SIGNATURE_HEADER_SIZE, source.size), bi('7z 簽章檔頭', '7z signature header')));
    let streams: StreamsInfo | null = null;
    let files: ReturnType<typeof parseHeader>['files'] = [];
    if (sig.nextHeaderSize > 0) {
      if (sig.nextHeaderSize > limits.maxHeaderBytes) {
        throw new ArchiveError('limit-exceeded', bi(`7z 檔頭有 ${sig.nextHeaderSize} 位元組`, `7z header of ${sig.nextHeaderSize} bytes`));
      }
      const at = SIGNATURE_HEADER_SIZE + sig.nextHeaderOffset;
      if (at + sig.nextHeaderSize > source.size) {
        // What the first volume of a split archive (`-v`, .7z.001) looks like: its header is in the last volume.
        const where = bi(`${source.path}：7z 檔頭位於 ${at}+${sig.nextHeaderSize}，檔案只有 ${source.size} 位元組`, `${source.path}: 7z header at ${at}+${sig.nextHeaderSize}, file ${source.size} bytes`);
        throw new ArchiveError('truncated', {
          'zh-TW': `${where['zh-TW']}；下載或複製不完整，或是分割壓縮（.7z.001）的第一段（標頭在最後一段）：健保署只收完整的單一壓縮檔`,
          en: `${where.en}; a cut download or copy, or the first part of a split archive (.7z.001), whose header is in its last part: the NHI takes one whole archive`,
        });
      }
      let header = source.readExactSync(at, sig.nextHeaderSize, bi('7z 檔頭', '7z header'));
      if (crc32(header) !== sig.nextHeaderCrc) throw new ArchiveError('corrupt', bi('7z 檔頭 CRC 不符', '7z header CRC mismatch'));
      for (let depth = 0; header[0] === ID.encodedHeader; depth++) {
        if (depth >= MAX_HEADER_NESTING) throw new ArchiveError('corrupt', bi('7z 編碼檔頭巢狀層數過深', '7z encoded headers nest too deep'));
        header = await decodeHeader(source, header, limits);
      }
      const parsed = parseHeader(header, limits.maxEntries);
      streams = parsed.streams;
      files = parsed.files;
    }
    const list: ArchiveEntry[] = [];
    const locations: Array<EntryLocation | null> = [];
    const folders = streams?.folders ?? [];
    let folder = 0;
    let sub = 0; // substream index within the folder
    let subGlobal = 0;
    let offset = 0;
    for (let index = 0; index < files.length; index++) {
      const f = files[index];
      const attrs = f.attributes;
      const name = f.name.includes('\\') ? f.name.replace(/\\/g, '/') : f.name;
      if (!f.hasStream) {
        // An anti-item marks a file deleted by an update archive (`7z u -u-…!`): no content, not an entry.
        if (f.isAnti) continue;
        list.push(entryOf(index, name, f, 0, 0, null, f.isDir || isDirAttr(attrs), 'empty'));
        locations.push(null);
        continue;
      }
      while (folder < folders.length && sub >= folders[folder].numUnpackStreams) {
        folder++;
        sub = 0;
        offset = 0;
      }
      if (folder >= folders.length) throw new ArchiveError('corrupt', bi(`7z 項目 ${f.name} 沒有資料流`, `7z entry ${f.name} has no data stream`));
      const fo = folders[folder];
      const size = streams!.subSizes[subGlobal];
      const method = folderMethod(fo);
      const packedSize = fo.numUnpackStreams === 1 ? streams!.packSizes[fo.firstPackStream] : method === 'copy' ? size : null;
      // An entry with data is a file whatever its attributes say, as 7-Zip reads it (and libarchive, The Unarchiver):
      // taken for a folder, its data would go unchecked.
      list.push(entryOf(index, name, f, size, packedSize, streams!.subCrcs[subGlobal] ?? null, false, method));
      locations.push({ folder, offset });
      offset += size;
      sub++;
      subGlobal++;
    }
    // 7-Zip refuses to open an archive whose data streams outnumber its files with data: the others would be hidden.
    const streamCount = streams?.subSizes.length ?? 0;
    if (subGlobal < streamCount) {
      throw new ArchiveError('corrupt', {
        'zh-TW': `7z 標頭列出 ${streamCount} 個資料串流，但只有 ${subGlobal} 個檔案有資料（7-Zip 無法開啟）`,
        en: `7z header lists ${streamCount} data streams but only ${subGlobal} files with data (7-Zip cannot open it)`,
      });
    }
    const reader = new SevenZipReader(source, limits, list, locations, streams, foreign);
    const trailing = trailingDataNotice(source, archiveEnd(sig, streams), '7z');
    if (trailing) reader.notices.push(trailing);
    return reader;
  }

  /**
   * LZMA/LZMA2 archives are checked by 7-Zip (WebAssembly) in a worker thread, about 3x faster than the JS
   * decoder (BENCHMARKS.md) and off this thread; only when it reports an error does the JS check run to
   * name the entries concerned. Store and CAB-like cases stay in JS (faster there), and so does a verify
   * with a sink (the caller reads every entry in the same pass: one JS decode instead of 7-Zip's plus ours).
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const folders = this.streams?.folders ?? [];
    const compressed = folders.filter((f) => isReadableInJs(f) && f.coders[0].method !== 'copy');
    const compressedBytes = compressed.reduce((t, f) => t + folderUnpackSize(f), 0);
    const total = folders.reduce((t, f) => t + folderUnpackSize(f), 0);
    // A caller that reads the entries in the same pass (sink) gets them decoded once, here, in JS.
    if (options.sink || compressedBytes < WASM_VERIFY_MIN_BYTES || compressed.length !== folders.length || total > this.limits.maxTotalBytes || this.skipped.some(Boolean)) {
      return super.verify(options);
    }
    const entriesTotal = this.list.length;
    const result = await runSevenZipWasm(
      { op: 'test', archivePath: this.path },
      {
        signal: options.signal,
        onPercent: (pct) => options.onProgress?.({ bytesDone: Math.round((total * pct) / 100), bytesTotal: total, entriesDone: 0, entriesTotal }),
      },
    );
    if (result.exitCode !== 0) return super.verify(options);
    options.onProgress?.({ bytesDone: total, bytesTotal: total, entriesDone: entriesTotal, entriesTotal });
    return { ok: true, entriesChecked: entriesTotal, bytesChecked: total, problems: [] };
  }

  protected folderCount(): number {
    return this.streams?.folders.length ?? 0;
  }

  /** Where each pack stream starts in the file (one sum per archive: summing per read made many-entry archives quadratic). */
  private packStarts: number[] | undefined;

  private packOffset(f: Folder): number {
    if (!this.packStarts) {
      const s = this.streams!;
      const starts = new Array<number>(s.packSizes.length + 1);
      starts[0] = SIGNATURE_HEADER_SIZE + s.packPos;
      for (let i = 0; i < s.packSizes.length; i++) starts[i + 1] = starts[i] + s.packSizes[i];
      this.packStarts = starts;
    }
    return this.packStarts[f.firstPackStream];
  }

  protected checkReadable(entry: ArchiveEntry): void {
    if (entry.encrypted) throw new ArchiveError('encrypted', bi(`${entry.name}：AES`, `${entry.name}: AES`));
    const loc = this.locations[entry.index];
    const skipped = loc && this.skipped[loc.folder];
    if (skipped) throw skipped;
    if (loc && !isReadableInJs(this.streams!.folders[loc.folder]) && !this.foreign) {
      const f = this.streams!.folders[loc.folder];
      const methods = f.coders.map((c) => c.method).join('+');
      throw new ArchiveError('unsupported-method', bi(`${entry.name}：${methods}`, `${entry.name}: ${methods}`));
    }
  }

  protected isDirectFolder(folder: number): boolean {
    const f = this.streams!.folders[folder];
    return f.coders[0].method === 'copy' && f.coders.length === 1 ? true : !isReadableInJs(f);
  }

  protected isForeignFolder(folder: number): boolean {
    return this.foreign !== undefined && !this.skipped[folder] && !isReadableInJs(this.streams!.folders[folder]);
  }

  protected directStream(entry: ArchiveEntry, signal?: AbortSignal, wanted = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> | undefined {
    const loc = this.locations[entry.index];
    if (!loc) return undefined;
    const f = this.streams!.folders[loc.folder];
    if (!isReadableInJs(f)) return this.foreign ? this.foreign(this.path, entry, wanted) : undefined;
    if (f.coders[0].method !== 'copy') return undefined;
    return this.readStored(this.packOffset(f) + loc.offset, entry.size, signal, wanted);
  }

  protected storedOffset(entry: ArchiveEntry): number | undefined {
    const loc = this.locations[entry.index];
    if (!loc) return undefined;
    const f = this.streams!.folders[loc.folder];
    if (f.coders.length !== 1 || f.coders[0].method !== 'copy' || f.packedStreams.length !== 1) return undefined;
    return this.packOffset(f) + loc.offset;
  }

  protected readDirect(entry: ArchiveEntry, length: number, signal?: AbortSignal, scratch?: Uint8Array): Uint8Array | undefined {
    const loc = this.locations[entry.index];
    if (!loc || length > SYNC_READ_MAX) return undefined;
    const f = this.streams!.folders[loc.folder];
    if (f.coders.length !== 1 || f.coders[0].method !== 'copy') return undefined;
    if (signal?.aborted) throw new ArchiveError('aborted', this.path);
    // The entry's stored data lies within the file (readEntryNow asked storedOffsetWithinFile).
    const start = this.packOffset(f) + loc.offset;
    const out = this.source.readExactSync(start, length, entry.name, scratch && scratch.length >= length ? scratch : undefined);
    this.budget.spend(length);
    return out;
  }

  /** Stored bytes in chunks, the next chunk read while the caller works on the current one. */
  private async *readStored(start: number, size: number, signal: AbortSignal | undefined, wanted: number): AsyncGenerator<Uint8Array> {
    if (start + size > this.source.size) throw new ArchiveError('truncated', bi(`${this.path}：位於 ${start}+${size} 的未壓縮資料超出檔案結尾`, `${this.path}: stored data at ${start}+${size} lies beyond the end`));
    let step = Math.min(size, Math.max(4096, Math.min(wanted, DIRECT_CHUNK)));
    const bufs = [new Uint8Array(Math.min(size, DIRECT_CHUNK)), new Uint8Array(Math.min(size, DIRECT_CHUNK))];
    let which = 0;
    let pos = 0;
    const readAt = (at: number, n: number, buf: Uint8Array) => this.source.readInto(buf, start + at, n).then((got) => ({ got, n, buf }));
    let pending: Promise<{ got: number; n: number; buf: Uint8Array }> | undefined = readAt(0, step, bufs[0]);
    while (pending) {
      if (signal?.aborted) throw new ArchiveError('aborted', this.path);
      const { got, n, buf } = await pending;
      if (got < n) throw new ArchiveError('truncated', bi(`${this.path}：未壓縮資料提早結束`, `${this.path}: stored data ends early`));
      this.budget.spend(got);
      pos += got;
      which ^= 1;
      step = DIRECT_CHUNK;
      pending = pos < size ? readAt(pos, Math.min(step, size - pos), bufs[which]) : undefined;
      try {
        yield buf.subarray(0, got);
      } finally {
        // A caller that stops early leaves one read in flight; let it settle quietly.
        if (pending) pending.catch(() => undefined);
      }
    }
  }

  protected openFolder(folder: number): ChunkProducer {
    const f = this.streams!.folders[folder];
    return folderProducer(this.source, f, this.packOffset(f), this.streams!.packSizes[f.firstPackStream], this.limits, (n) => this.budget.spend(n), bi(`${this.path} 區塊 ${folder}`, `${this.path} block ${folder}`));
  }
}

function assertReadableInJs(f: Folder, what: Bilingual): void {
  if (isReadableInJs(f)) return;
  if (f.coders.some((c) => c.method === 'aes')) throw new ArchiveError('encrypted', what);
  const methods = f.coders.map((c) => c.method).join('+');
  throw new ArchiveError('unsupported-method', bi(`${what['zh-TW']}：${methods}`, `${what.en}: ${methods}`));
}

function folderProducer(
  source: ByteSource,
  f: Folder,
  packOffset: number,
  packSize: number,
  limits: ArchiveLimits,
  onDecoded: (n: number) => void,
  what: Bilingual,
): ChunkProducer {
  assertReadableInJs(f, what);
  if (packOffset + packSize > source.size) throw new ArchiveError('truncated', bi(`${what['zh-TW']}：位於 ${packOffset}+${packSize} 的壓縮資料超出檔案結尾（${source.size}）`, `${what.en}: packed data at ${packOffset}+${packSize} lies beyond the end (${source.size})`));
  const spec = { source, packOffset, packSize, unpackSize: folderUnpackSize(f), props: f.coders[0].props, maxWindow: limits.maxDictionaryBytes, onDecoded, what };
  switch (f.coders[0].method) {
    case 'lzma':
      return new LzmaStream(spec);
    case 'lzma2':
      return new Lzma2Stream(spec);
    default: {
      let pos = 0;
      const buf = new Uint8Array(Math.min(packSize, DIRECT_CHUNK));
      return {
        async next() {
          if (pos >= packSize) return null;
          const n = await source.readInto(buf, packOffset + pos, Math.min(buf.length, packSize - pos));
          if (n === 0) throw new ArchiveError('truncated', what);
          pos += n;
          onDecoded(n);
          return buf.subarray(0, n);
        },
      };
    }
  }
}

/** Decodes a kEncodedHeader into the header it packs. */
async function decodeHeader(source: FileSource, encoded: Uint8Array, limits: ArchiveLimits): Promise<Uint8Array> {
  const r = new ByteReader(encoded);
  r.pos = 1;
  const s = readStreamsInfo(r, limits.maxEntries);
  const f = s.folders[0];
  if (!f) throw new ArchiveError('corrupt', bi('7z 編碼檔頭沒有資料夾', '7z encoded header without a folder'));
  if (f.coders.some((c) => c.method === 'aes')) {
    throw new ArchiveError('encrypted', bi(`${source.path}：檔頭（檔名清單）已加密`, `${source.path}: the header (file names) is encrypted`));
  }
  const size = folderUnpackSize(f);
  if (size > limits.maxHeaderBytes) throw new ArchiveError('limit-exceeded', bi(`7z 檔頭解壓後為 ${size} 位元組`, `7z header unpacks to ${size} bytes`));
  let packOffset = SIGNATURE_HEADER_SIZE + s.packPos;
  for (let i = 0; i < f.firstPackStream; i++) packOffset += s.packSizes[i];
  const packSize = s.packSizes[f.firstPackStream];
  if (packSize > limits.maxHeaderBytes) throw new ArchiveError('limit-exceeded', bi(`7z 檔頭壓縮後為 ${packSize} 位元組`, `7z header packs into ${packSize} bytes`));
  if (f.coders.length === 1 && f.packedStreams.length === 1 && f.coders[0].method === 'deflate') {
    return checkedHeader(source, f, inflatedHeader(source, source.readExactSync(packOffset, packSize, PACKED_HEADER), size), size);
  }
  const unread = f.coders.find((c) => !JS_HEADER_METHODS.has(c.method));
  if (unread && SEVEN_ZIP_METHODS[unread.method]) {
    // 7-Zip reads the archive (its own headers are LZMA; other writers may pack them otherwise): not a damaged one.
    const method = SEVEN_ZIP_METHODS[unread.method];
    throw new ArchiveError('not-checked', {
      'zh-TW': `7z 標頭（檔名清單）以 ${method} 壓縮，7-Zip 可以解開，但本工具無法讀取，其中的檔案未經檢查`,
      en: `the 7z header (the list of files) is packed with ${method}, which 7-Zip reads and this checker does not; the files it lists were not checked`,
    });
  }
  const what = bi(`${source.path} 檔頭`, `${source.path} header`);
  assertReadableInJs(f, what);
  // Read in one go and decoded from memory: a chunked read through the thread pool costs more than this whole read.
  const packed = new BytesSource(`${source.path} header`, source.readExactSync(packOffset, packSize, PACKED_HEADER));
  const producer = folderProducer(packed, f, 0, packSize, limits, () => undefined, what);
  const chunks = (async function* () {
    for (let c = await producer.next(); c; c = await producer.next()) yield c;
  })();
  return checkedHeader(source, f, await collect(chunks, size, size), size);
}

const PACKED_HEADER = bi('7z 壓縮檔頭', '7z packed header');

/** Methods a packed header is decoded with here: those of folderProducer, and Deflate (zlib) in decodeHeader. */
const JS_HEADER_METHODS: ReadonlySet<string> = new Set(['copy', 'lzma', 'lzma2', 'deflate']);

/** Other methods of 7-Zip itself (CPP/7zip/Compress), by the names it shows: the WebAssembly 7-Zip reads entries packed so. */
const SEVEN_ZIP_METHODS: Readonly<Record<string, string>> = { bzip2: 'BZip2', ppmd: 'PPMd', deflate64: 'Deflate64', bcj: 'BCJ', bcj2: 'BCJ2', delta: 'Delta' };

/** A header packed with Deflate, inflated to no more than its declared size. */
function inflatedHeader(source: FileSource, packed: Uint8Array, size: number): Uint8Array {
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.max(size, 1) });
  } catch (e) {
    const tooLong = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ArchiveError('corrupt', bi(
      `${source.path}：7z 檔頭（Deflate）${tooLong ? `解壓後超過其 ${size} 位元組` : `無法解壓：${(e as Error).message}`}`,
      `${source.path}: 7z header (Deflate) ${tooLong ? `unpacks to more than its ${size} bytes` : `cannot be inflated: ${(e as Error).message}`}`,
    ));
  }
}

/** The unpacked header, checked against its declared size and CRC. */
function checkedHeader(source: FileSource, f: Folder, out: Uint8Array, size: number): Uint8Array {
  if (out.length !== size) throw new ArchiveError('truncated', bi(`${source.path}：7z 檔頭提早結束`, `${source.path}: 7z header ends early`));
  if (f.crc !== null && crc32(out) !== f.crc) throw new ArchiveError('corrupt', bi(`${source.path}：7z 檔頭 CRC 不符`, `${source.path}: 7z header CRC mismatch`));
  return out;
}
