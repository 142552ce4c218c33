/**
 * Looks inside one opened archive without unpacking it: entry names, the DICOMDIR and the
 * DICOM files it references (DCF), or the JPEG files (ATT). Reads only the bytes the checks
 * need in quick mode (DICOMDIR whole, DICOM up to Pixel Data, JPEG up to its frame header);
 * in full mode the archive layer verifies every CRC/checksum and, in the same pass, hands each entry's
 * bytes to the inspector (one decode per entry): DICOM files are parsed whole and JPEGs checked to
 * their EOI from those bytes, through one reused buffer; only entries over 4 MiB are read again.
 *
 * What it finds about the archive itself goes into `issues`; what depends on the CSV row
 * (sizes, modality, dates) is judged later from `images` (see row-rules.ts).
 *
 * Referenced File IDs are matched to entries exactly first. PS3.10 File IDs are upper case and
 * media file systems (ISO 9660, FAT) compare without case, so an entry that matches only when
 * case is ignored is accepted with a warning: it extracts on Windows, not on case-sensitive systems.
 */
import type { ArchiveEntry, ArchiveReader, EntrySink } from '../archive/types';
import { ArchiveError } from '../archive/errors';
import { agreeing, counted } from '../counted';
import { readDicomdir, recordDifferences } from '../dicom/dicomdir';
import type { DicomdirInfo, DirectoryRecord } from '../dicom/dicomdir';
import type { DicomProblem } from '../dicom/problems';
import { readDicomHeader, readDicomHeaderFrom, readDicomHeaderFromNow, MAX_HEADER_BYTES } from '../dicom/read';
import type { DicomHeader, DicomRead } from '../dicom/read';
import { RULE_FOR_ATTRIBUTE, RULE_FOR_PROBLEM, addArchiveError } from '../archive/rules';
import { hasImagePixels, joinedFindings, requiredAttributeFindingsOf } from '../dicom/required-attributes';
import { isConformingJpgName } from '../rules/archive-name';
import { windowsPathProblem } from '../windows-names';
import { bi, shown, shownEn } from '../i18n';
import { hasEoi, readJpegFrame } from './jpeg';
import type { JpegRead } from './jpeg';
import { IssueList } from './issues';
import { withoutPixelsText } from './no-image';
import { BUILD_NEW_DICOMDIR, BUILD_WITH_DICOMDIR_NAMES, EXPORT_WITH_DICOMDIR_OR_BUILD, BUILD_WITH_ROOT_DICOMDIR, BUILD_WITH_LINKED_FILES, BUILD_WITH_SAFE_NAMES, BUILD_WITH_WINDOWS_NAMES, BUILD_WITHOUT_PASSWORD, EXPORT_AGAIN, EXPORT_AS_JPG, ONE_EXAM, PACK_THE_EXAM, PROBLEM_ADVICE, PUT_BACK_OR_BUILD, REMAKE_DICOMDIR_AT_ROOT_OR_BUILD, REMOVE_OR_BUILD, REMOVE_OR_BUILD_REFERENCED, REMOVE_OR_EXPORT_AS_DICOM, RENAME_DICOMDIR_OR_BUILD, RENAME_JPG, newDicomdirForKeys } from './advice';
import { isFolderLeftover } from '../folder-leftovers';
import { baseName, dirOf, EntryIndex, normalise, unsafeEntryName } from './entry-names';

export type CheckMode = 'quick' | 'full';
export type ArchiveLayout = 'dcf' | 'att';

/** One image (DICOM instance or JPEG) found in the archive, with what the row rules need. */
export interface ImageFact {
  name: string;
  kind: 'dicom' | 'jpeg';
  width?: number;
  height?: number;
  /** Has pixel data (DICOM) or a frame (JPEG): subject to the minimum size. */
  hasPixels: boolean;
  modality?: string;
  studyDate?: string;
  birthDate?: string;
  studyUid?: string;
  seriesUid?: string;
  patientId?: string;
  transferSyntax?: string;
}

export interface ArchiveContent {
  issues: IssueList;
  images: ImageFact[];
  entries: number;
  /** Sum of the entries' uncompressed sizes. */
  uncompressedBytes: number;
  /** Bytes actually decoded or read for the check. */
  bytesRead: number;
}

export interface InspectOptions {
  layout: ArchiveLayout;
  mode: CheckMode;
  signal?: AbortSignal;
  /** Called after each entry looked at. */
  onEntry?: (done: number, total: number) => void;
}

const DICOMDIR = 'DICOMDIR';
/** Problems that make the DICOMDIR itself unusable: reported as a broken DICOMDIR. */
const DICOMDIR_FATAL: ReadonlySet<DicomProblem['code']> = new Set(['not-dicom', 'not-part10', 'meta-incomplete', 'truncated', 'absurd-length', 'unreadable', 'header-too-large', 'unknown-transfer-syntax']);
/**
 * First prefix read of a DICOM file or JPEG in quick mode: holds the whole header of typical CT/MR/CR
 * instances (1-16 KiB, vendor private groups included); longer headers take a second, larger read.
 * 64 KiB here made the quick check read and page in 4-60x the bytes it parses (BENCHMARKS.md).
 */
export const QUICK_FIRST_READ = 16 * 1024;
/**
 * A check reads most headers without waiting (readEntryNow), so it would keep the thread for a whole
 * batch: it lets the event loop turn at least this often. Changeable for tests.
 */
export const inspectPacing = { yieldEveryMs: 10 };
/**
 * After the first DICOM header of an archive, the first read is sized to the longest header read so far
 * with a quarter and 1 KiB to spare, in whole 4 KiB pages: the files of a series have headers of nearly
 * one size, and a 4 KiB read costs half a 16 KiB one. A header that outgrows the guess takes a second
 * read; the longest, not the last, so that two series of different header sizes in turn cost a second
 * read at most once.
 */
export function nextFirstRead(longestHeader: number | undefined): number {
  if (longestHeader === undefined) return QUICK_FIRST_READ;
  const page = 4096;
  return Math.min(QUICK_FIRST_READ, Math.ceil((longestHeader * 1.25 + 1024) / page) * page);
}
/** JPEGs and DICOM files up to this size are read whole in full mode. */
const FULL_READ_LIMIT = 64 * 1024 * 1024;
/** Whole-file reads up to this size go through one reused buffer per archive (no allocation per file). */
const SCRATCH_LIMIT = 4 * 1024 * 1024;

/** Bytes of a non-JPEG file in an ATT archive read to tell whether it is DICOM. */
const ATT_DICOM_PROBE = 4096;

/** What an ATT archive's Thumbs.db, desktop.ini or .DS_Store is (isFolderLeftover). */
const LEFTOVER = bi('Windows 或 macOS 在資料夾中自動產生的檔案（縮圖、資料夾設定），不是影像', 'a file Windows or macOS writes in folders (thumbnails, folder settings), not an image');

/** A whole JPEG file's frame, and its EOI (full mode). */
function wholeJpeg(bytes: Uint8Array, size: number): JpegRead {
  const r = readJpegFrame(bytes, size);
  if (r.frame && !hasEoi(bytes)) {
    r.problems.push({ code: 'jpeg-truncated', severity: 'error', message: bi('JPEG 結尾缺少 EOI 標記（FF D9）：檔案不完整', 'the JPEG lacks its EOI marker (FF D9) at the end: the file is truncated') });
  }
  return r;
}

/** The frame read from a prefix of a JPEG of `size` bytes, or how many bytes to read next. */
function jpegStep(bytes: Uint8Array, size: number): JpegRead | number {
  const r = readJpegFrame(bytes, size);
  if (r.needMore === undefined || r.needMore <= bytes.length) return r;
  const want = Math.min(size, r.needMore, MAX_HEADER_BYTES);
  return want <= bytes.length ? r : want;
}

export async function inspectArchive(reader: ArchiveReader, options: InspectOptions): Promise<ArchiveContent> {
  const inspector = new Inspector(reader, options);
  return inspector.run();
}

/** Full mode: what the single pass learned about one entry, as the reads below would have. */
interface Early {
  dicom?: DicomRead;
  jpeg?: JpegRead;
  /** ATT: the DICOM read of a file that is not JPEG. */
  attDicom?: DicomRead;
}

class Inspector {
  private readonly issues = new IssueList();
  /** Full mode: results computed from the bytes the CRC pass streamed, per entry. */
  private readonly early = new Map<ArchiveEntry, Early>();
  /** Full mode: copies of entries named DICOMDIR, kept whole from the CRC pass. */
  private readonly whole = new Map<ArchiveEntry, Uint8Array>();
  private readonly images: ImageFact[] = [];
  /** Full mode: entries the CRC pass could not read, already reported; a later read of them says nothing new. */
  private readonly failed = new Set<ArchiveEntry>();
  /**
   * Files stored more than once under one name (A14-entry-name): unpacked, one overwrites the others, and so they are
   * where 7-Zip (WebAssembly) unpacks their block for us. What reading them finds is not said of them as damage.
   */
  private readonly storedAgain = new Set<ArchiveEntry>();
  /** The English texts of the not-checked findings said of the archive (notCheckedOnce). */
  private readonly saidNotChecked = new Set<string>();
  private readonly files: ArchiveEntry[];
  private bytesRead = 0;
  private done = 0;
  private scratch = new Uint8Array(0);
  /** When the event loop last had a turn (see tick). */
  private lastTurn = performance.now();
  /** Where the longest DICOM header read so far ended (its Pixel Data value): sizes the next first read. */
  private longestHeader: number | undefined;

  constructor(
    private readonly reader: ArchiveReader,
    private readonly options: InspectOptions,
  ) {
    const files = reader.entries().filter((e) => !e.isDirectory);
    // Read in the order of the bytes: a CAB may list its files in any order, and a read behind the
    // previous one in a compressed block decodes the block again from its start.
    this.files = reader.inDataOrder?.(files) ?? files;
  }

  async run(): Promise<ArchiveContent> {
    const all = this.reader.entries();
    for (const notice of this.reader.notices) addArchiveError(this.issues, notice.code, null, notice.message);
    // Loops over every entry (and below, every file and record) are indexed: they run mostly before V8 has
    // optimised them, where for...of makes an object per step.
    for (let i = 0; i < all.length; i++) {
      const e = all[i];
      const why = unsafeEntryName(e);
      const name = e.rawName || e.name;
      // An empty name is no name to show before the reason: the finding says what the entry is.
      if (why && name === '') this.issues.add('A14-entry-name', null, bi('有一個項目沒有檔名（空白）', 'an entry has no name (an empty one)'), BUILD_WITH_SAFE_NAMES);
      else if (why) this.issues.add('A14-entry-name', name, why, e.isSymlink ? BUILD_WITH_LINKED_FILES : BUILD_WITH_SAFE_NAMES, e.isDirectory || undefined);
      else this.addWindowsName(name, e.isDirectory);
    }
    this.sameNames();
    const encrypted = this.files.filter((e) => e.encrypted);
    if (encrypted.length) {
      this.issues.add('A14-encrypted', null, bi(`${encrypted.length} 個檔案以密碼加密`, `${counted(encrypted.length, 'file')} ${agreeing(encrypted.length, 'is', 'are')} password-encrypted`), BUILD_WITHOUT_PASSWORD);
    }
    if (this.options.mode === 'full') await this.verify();
    const readable = this.files.filter((e) => !e.encrypted && !unsafeEntryName(e));
    // When nothing can be read for a password, the encryption is the finding: no layout to judge.
    const allEncrypted = encrypted.length > 0 && encrypted.length === this.files.length;
    if (!allEncrypted) await (this.options.layout === 'dcf' ? this.inspectDcf(readable) : this.inspectAtt(readable));
    // DICOM objects without pixel data (reports, or image objects stripped of it) are not images. When no file is left
    // to read (each encrypted or unsafely named), the findings that say why are enough.
    const nothingToRead = this.files.length > 0 && readable.length === 0;
    if (!nothingToRead && !this.images.some((i) => i.hasPixels) && !['A14-encrypted', 'A14-unreadable', 'A14-not-checked'].some((id) => this.issues.has(id))) {
      const withoutPixels = this.images.length;
      const zh = withoutPixels ? `；${withoutPixelsText(withoutPixels)['zh-TW']}` : '';
      const en = withoutPixels ? `; ${withoutPixelsText(withoutPixels).en}` : '';
      this.issues.add('A14-empty', null, bi(`壓縮檔中沒有可判讀的影像（共 ${this.files.length} 個檔案${zh}）`, `no readable image in the archive (${counted(this.files.length, 'file')}${en})`), PACK_THE_EXAM);
    }
    this.oneStudy();
    return {
      issues: this.issues,
      images: this.images,
      entries: this.files.length,
      uncompressedBytes: this.files.reduce((s, e) => s + e.size, 0),
      bytesRead: this.bytesRead,
    };
  }

  private async verify(): Promise<void> {
    const result = await this.reader.verify({ signal: this.options.signal, sink: (entry) => this.sinkFor(entry) });
    this.bytesRead += result.bytesChecked;
    for (const p of result.problems) {
      if (p.error.code === 'aborted') throw p.error;
      if (p.entry) this.failed.add(p.entry);
      // An entry skipped for its name is named already (A14-entry-name) and read by neither check: 7-Zip (WebAssembly)
      // does not extract it for us, which is no unreadable file. Nor is one that another of its name overwrote.
      if (p.entry && (unsafeEntryName(p.entry) || this.storedAgain.has(p.entry))) continue;
      if (this.saidOfArchive(p.error)) continue;
      if (p.error.code === 'not-checked') this.notCheckedOnce(p.error);
      else addArchiveError(this.issues, p.error.code, p.entry ? p.entry.name : null, p.error.bilingual);
    }
  }

  /**
   * Receives an entry's bytes during the CRC pass. An entry that arrives in one chunk is looked at in
   * place; otherwise its chunks are gathered in the reused scratch buffer (entries up to 4 MiB).
   */
  private sinkFor(entry: ArchiveEntry): EntrySink | undefined {
    if (entry.size > SCRATCH_LIMIT || entry.isDirectory || entry.encrypted || unsafeEntryName(entry)) return undefined;
    const isDicomdir = baseName(normalise(entry.name)).toUpperCase() === DICOMDIR;
    let single: Uint8Array | undefined;
    let buf: Uint8Array | undefined;
    let filled = 0;
    return {
      data: (chunk) => {
        if (filled === 0 && chunk.length === entry.size && !isDicomdir) {
          single = chunk;
          filled = chunk.length;
          return;
        }
        if (!buf) {
          if (isDicomdir) buf = new Uint8Array(entry.size);
          else {
            if (this.scratch.length < entry.size) this.scratch = new Uint8Array(Math.min(SCRATCH_LIMIT, Math.max(entry.size, this.scratch.length * 2)));
            buf = this.scratch;
          }
        }
        const take = Math.min(chunk.length, entry.size - filled);
        buf.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
        filled += take;
      },
      end: () => {
        if (filled !== entry.size) return;
        if (isDicomdir) this.whole.set(entry, buf ?? new Uint8Array(0));
        else this.early.set(entry, this.analyse(entry, single ?? (buf ?? new Uint8Array(0)).subarray(0, filled)));
      },
    };
  }

  /** The full-mode reads of one entry's whole bytes, for the entry's possible roles in this layout. */
  private analyse(entry: ArchiveEntry, bytes: Uint8Array): Early {
    if (this.options.layout === 'dcf') {
      const dicom = readDicomHeader(bytes, { totalSize: entry.size, untilPixelData: false });
      const isDicom = dicom.header && !dicom.problems.some((p) => p.code === 'not-dicom');
      return isDicom ? { dicom } : { dicom, jpeg: wholeJpeg(bytes, entry.size) };
    }
    const jpeg = wholeJpeg(bytes, entry.size);
    if (jpeg.frame || !jpeg.problems.some((p) => p.code === 'jpeg-not-jpeg')) return { jpeg };
    return { jpeg, attDicom: readDicomHeader(bytes.subarray(0, Math.min(entry.size, ATT_DICOM_PROBE)), { totalSize: entry.size }) };
  }

  /** Counts an entry done; true when the event loop has not turned for `inspectPacing.yieldEveryMs` (then `turn()`). */
  private tick(): boolean {
    this.done++;
    this.options.onEntry?.(this.done, this.files.length);
    this.options.signal?.throwIfAborted();
    return performance.now() - this.lastTurn >= inspectPacing.yieldEveryMs;
  }

  /** Lets the event loop run (a language server checking in its own thread answers requests meanwhile). */
  private async turn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastTurn = performance.now();
    this.options.signal?.throwIfAborted();
  }

  /**
   * Reads the first `n` bytes of an entry; archive errors become issues and yield null. With `reuse`,
   * the bytes may live in a buffer shared by the next reads: the caller must be done with them first.
   */
  private async read(entry: ArchiveEntry, n: number, reuse = false): Promise<Uint8Array | null> {
    const scratch = reuse && n <= SCRATCH_LIMIT ? this.scratchFor(n) : undefined;
    try {
      return this.counted(await this.reader.readEntry(entry, { maxBytes: n, signal: this.options.signal, scratch }));
    } catch (e) {
      return this.unreadable(entry, e);
    }
  }

  /** Like `read` with `reuse`, but only when the bytes can be had at once; undefined otherwise (then `read`). */
  private readNow(entry: ArchiveEntry, n: number): Uint8Array | null | undefined {
    if (!this.reader.readEntryNow || n > SCRATCH_LIMIT) return undefined;
    try {
      const bytes = this.reader.readEntryNow(entry, { maxBytes: n, signal: this.options.signal, scratch: this.scratchFor(n) });
      return bytes && this.counted(bytes);
    } catch (e) {
      return this.unreadable(entry, e);
    }
  }

  /** The buffer shared by reads of up to `n` bytes, grown when needed. */
  private scratchFor(n: number): Uint8Array {
    if (this.scratch.length < n) this.scratch = new Uint8Array(Math.min(SCRATCH_LIMIT, Math.max(n, this.scratch.length * 2)));
    return this.scratch;
  }

  private counted(bytes: Uint8Array): Uint8Array {
    this.bytesRead += bytes.length;
    return bytes;
  }

  /** An archive error reading `entry` becomes an issue (null); cancellation and other errors go on up. */
  private unreadable(entry: ArchiveEntry, e: unknown): null {
    if (!(e instanceof ArchiveError) || e.code === 'aborted') throw e;
    if (this.failed.has(entry) || this.storedAgain.has(entry) || this.saidOfArchive(e)) return null;
    // Not checked for want of memory is of the whole archive: every entry 7-Zip (WebAssembly) should have unpacked fails alike.
    if (e.code === 'not-checked') this.notCheckedOnce(e);
    else addArchiveError(this.issues, e.code, entry.name, e.bilingual);
    return null;
  }

  private notCheckedOnce(e: ArchiveError): void {
    if (this.saidNotChecked.has(e.message)) return;
    this.saidNotChecked.add(e.message);
    addArchiveError(this.issues, e.code, null, e.bilingual);
  }

  /** A method, a memory need or encryption the reader reported once for the archive (a notice) is not said again of each entry. */
  private saidOfArchive(e: ArchiveError): boolean {
    return (e.code === 'unsupported-method' || e.code === 'not-checked' || e.code === 'encrypted') && this.reader.notices.some((n) => n.code === e.code);
  }

  /**
   * The DICOM header of an entry, or null when its bytes could not be read. Read at once (no waits)
   * where the archive allows: in a quick check of a store-mode 7z that is every file.
   */
  private readDicom(entry: ArchiveEntry): DicomRead | null | Promise<DicomRead | null> {
    const now = this.readDicomNow(entry);
    return now === undefined ? this.readDicomLater(entry) : now;
  }

  /** The quick check's header read when every prefix it needs can be read at once; undefined otherwise. */
  private readDicomNow(entry: ArchiveEntry): DicomRead | null | undefined {
    if (this.options.mode === 'full' || this.early.has(entry)) return undefined;
    let failed = false;
    const result = readDicomHeaderFromNow(
      (n) => {
        const bytes = this.readNow(entry, Math.min(n, MAX_HEADER_BYTES));
        if (bytes === null) failed = true;
        return bytes === null ? new Uint8Array(0) : bytes;
      },
      entry.size,
      { firstRead: nextFirstRead(this.longestHeader) },
    );
    return failed ? null : this.remember(result);
  }

  private remember<T extends DicomRead | undefined>(result: T): T {
    const pixels = result?.header?.pixelData;
    if (pixels && pixels.offset > (this.longestHeader ?? 0)) this.longestHeader = pixels.offset;
    return result;
  }

  private async readDicomLater(entry: ArchiveEntry): Promise<DicomRead | null> {
    const early = this.early.get(entry)?.dicom;
    if (early) return early;
    if (this.options.mode === 'full' && entry.size <= FULL_READ_LIMIT) {
      const bytes = await this.read(entry, entry.size, true);
      return bytes ? readDicomHeader(bytes, { totalSize: entry.size, untilPixelData: false }) : null;
    }
    let failed = false;
    const result = await readDicomHeaderFrom(
      async (n) => {
        const bytes = await this.read(entry, Math.min(n, MAX_HEADER_BYTES), true);
        if (!bytes) failed = true;
        return bytes ?? new Uint8Array(0);
      },
      entry.size,
      { firstRead: nextFirstRead(this.longestHeader) },
    );
    return failed ? null : this.remember(result);
  }

  /** The JPEG frame of an entry, or null when its bytes could not be read; read at once where the archive allows (see readDicom). */
  private readJpeg(entry: ArchiveEntry): JpegRead | null | Promise<JpegRead | null> {
    const now = this.readJpegNow(entry);
    return now === undefined ? this.readJpegLater(entry) : now;
  }

  private readJpegNow(entry: ArchiveEntry): JpegRead | null | undefined {
    if (this.options.mode === 'full' || this.early.has(entry)) return undefined;
    let want = Math.min(entry.size, QUICK_FIRST_READ);
    for (;;) {
      const bytes = this.readNow(entry, want);
      if (!bytes) return bytes;
      const step = jpegStep(bytes, entry.size);
      if (typeof step !== 'number') return step;
      want = step;
    }
  }

  private async readJpegLater(entry: ArchiveEntry): Promise<JpegRead | null> {
    const early = this.early.get(entry)?.jpeg;
    if (early) return early;
    if (this.options.mode === 'full' && entry.size <= FULL_READ_LIMIT) {
      const bytes = await this.read(entry, entry.size, true);
      return bytes ? wholeJpeg(bytes, entry.size) : null;
    }
    let want = Math.min(entry.size, QUICK_FIRST_READ);
    for (;;) {
      const bytes = await this.read(entry, want, true);
      if (!bytes) return null;
      const step = jpegStep(bytes, entry.size);
      if (typeof step !== 'number') return step;
      want = step;
    }
  }

  private addProblems(file: string, problems: readonly DicomProblem[]): void {
    for (let i = 0; i < problems.length; i++) {
      const p = problems[i];
      this.issues.add(RULE_FOR_PROBLEM[p.code], file, p.message, PROBLEM_ADVICE[p.code]);
    }
  }

  /** The instance's required attributes (required-attributes.ts): one finding a file for each severity, its faults joined. */
  private addAttributeFindings(file: string, read: DicomRead): void {
    const found = requiredAttributeFindingsOf(read);
    if (found.length === 0) return;
    for (const severity of ['error', 'warning'] as const) {
      const of = found.filter((f) => f.severity === severity);
      if (of.length) this.issues.add(RULE_FOR_ATTRIBUTE[severity], file, joinedFindings(of), EXPORT_AGAIN);
    }
  }

  private addDicomImage(name: string, h: DicomHeader): void {
    const hasPixels = hasImagePixels(h);
    this.images.push({
      name,
      kind: 'dicom',
      width: h.columns,
      height: h.rows,
      hasPixels,
      modality: h.modality,
      studyDate: h.studyDate,
      birthDate: h.patientBirthDate,
      studyUid: h.studyInstanceUid,
      seriesUid: h.seriesInstanceUid,
      patientId: h.patientId,
      transferSyntax: h.transferSyntaxUid,
    });
  }

  private findDicomdir(index: EntryIndex): { entry: ArchiveEntry; base: string } | null {
    const root = index.find(DICOMDIR);
    if (root) {
      if (root.caseDiffers) {
        this.issues.add('A14-file-id-case', root.entry.name, bi('DICOMDIR 檔名應為大寫「DICOMDIR」', 'the DICOMDIR file name should be upper case "DICOMDIR"'), RENAME_DICOMDIR_OR_BUILD);
      }
      return { entry: root.entry, base: '' };
    }
    const nested = [...index.exact.values()].filter((e) => baseName(normalise(e.name)).toUpperCase() === DICOMDIR).sort((a, b) => a.name.length - b.name.length)[0];
    if (nested) {
      this.issues.add('A14-dicomdir-missing', nested.name, bi('DICOMDIR 不在壓縮檔根目錄，而在子資料夾中', 'the DICOMDIR is in a subfolder, not at the root of the archive'), BUILD_WITH_ROOT_DICOMDIR);
      return { entry: nested, base: dirOf(normalise(nested.name)) };
    }
    this.issues.add('A14-dicomdir-missing', null, bi('DCF 壓縮檔的根目錄沒有 DICOMDIR', 'the DCF archive has no DICOMDIR at its root'), EXPORT_WITH_DICOMDIR_OR_BUILD);
    return null;
  }

  private async inspectDcf(readable: ArchiveEntry[]): Promise<void> {
    const index = new EntryIndex(readable);
    const found = this.findDicomdir(index);
    const seen = new Set<ArchiveEntry>();
    if (found) {
      seen.add(found.entry);
      const bytes = this.whole.get(found.entry) ?? (await this.read(found.entry, Math.min(found.entry.size, MAX_HEADER_BYTES)));
      if (this.tick()) await this.turn();
      if (bytes) {
        const dir = readDicomdir(bytes);
        for (const p of dir.problems) {
          const advice = p.code === 'dicomdir-empty-key' ? newDicomdirForKeys(p.keys ?? []) : BUILD_NEW_DICOMDIR;
          this.issues.add(DICOMDIR_FATAL.has(p.code) ? 'A14-dicomdir' : RULE_FOR_PROBLEM[p.code], found.entry.name, p.message, advice);
        }
        // The file-set's descriptor (dcmmkdir +R README) belongs to it: no file beside the images.
        const descriptor = dir.descriptorFileId && index.find(found.base + dir.descriptorFileId.join('/'));
        if (descriptor) seen.add(descriptor.entry);
        await this.inspectReferenced(dir, found.base, index, seen);
      }
    }
    for (let i = 0; i < readable.length; i++) {
      const entry = readable[i];
      if (seen.has(entry)) continue;
      await this.inspectUnreferenced(entry, found !== null);
      if (this.tick()) await this.turn();
    }
  }

  /**
   * Files unpacking cannot keep apart: a name stored more than once (7-Zip and libarchive keep the last, or ask), and
   * names that differ only in letter case or in `\` for `/`, one file on Windows, where the NHI and hospitals unpack.
   */
  private sameNames(): void {
    const byName = new Map<string, ArchiveEntry[]>();
    /** Each folder a file's path goes through (letter case ignored), and the first file in it. */
    const folders = new Map<string, ArchiveEntry>();
    for (let i = 0; i < this.files.length; i++) {
      const e = this.files[i];
      if (unsafeEntryName(e)) continue; // named already, and not unpacked as such
      const key = normalise(e.name).toUpperCase();
      const same = byName.get(key);
      if (same) same.push(e);
      else byName.set(key, [e]);
      for (let at = key.indexOf('/'); at > 0; at = key.indexOf('/', at + 1)) if (!folders.has(key.slice(0, at))) folders.set(key.slice(0, at), e);
    }
    for (const [key, same] of byName) {
      const inside = folders.get(key);
      if (!inside) continue;
      const name = same[0].rawName || same[0].name;
      const other = inside.rawName || inside.name;
      this.issues.add('A14-entry-name', name, bi(`是檔案，又是其他項目的資料夾（${other}）：解壓時無法兩者並存`, `is a file and also a folder of other entries (${other}): unpacking cannot make both`), BUILD_WITH_SAFE_NAMES);
    }
    for (const same of byName.values()) {
      if (same.length < 2) continue;
      const spellings = new Map<string, ArchiveEntry[]>();
      for (const e of same) {
        const n = normalise(e.name);
        const list = spellings.get(n);
        if (list) list.push(e);
        else spellings.set(n, [e]);
      }
      for (const list of spellings.values()) {
        if (list.length < 2) continue;
        for (const e of list) this.storedAgain.add(e);
        const n = list.length;
        this.issues.add('A14-entry-name', list[0].rawName || list[0].name, bi(`在壓縮檔中出現 ${n} 次：解壓時只會留下其中一個`, `appears ${n} times in the archive: unpacking keeps only one of them`), BUILD_WITH_SAFE_NAMES);
      }
      const [first, ...others] = [...spellings.values()].map((list) => list[0].rawName || list[0].name);
      for (const other of others) {
        this.issues.add(
          'A14-entry-windows',
          other,
          bi(`與 ${shown(first)} 只差在大小寫：Windows（健保署與醫院解壓之處）視為同一個檔案，其中一個會覆蓋另一個`, `differs only in letter case from ${shownEn(first)}: Windows, where archives are unpacked, takes them for one file, and one overwrites the other`),
          BUILD_WITH_WINDOWS_NAMES,
        );
      }
    }
  }

  /**
   * An entry name (`folder` when the entry is one), or a File ID, that Windows cannot unpack as stored; shown as
   * `shownBefore` and the path, or as `shown` (a File ID tested joined by "/" and shown joined by "\\":
   * windowsPathProblem splits at either).
   */
  private addWindowsName(path: string, folder: boolean, shownBefore = '', shown?: () => string): void {
    const why = windowsPathProblem(path);
    if (why) this.issues.add('A14-entry-windows', shownBefore + (shown ? shown() : path), bi(`${why['zh-TW']}，在 Windows 上無法解壓`, `${why.en}; it cannot be unpacked on Windows`), BUILD_WITH_WINDOWS_NAMES, folder || undefined);
  }

  private async inspectReferenced(dir: DicomdirInfo, base: string, index: EntryIndex, seen: Set<ArchiveEntry>): Promise<void> {
    const toRead: { entry: ArchiveEntry; record: DirectoryRecord }[] = [];
    const instances = dir.instances;
    for (let i = 0; i < instances.length; i++) {
      const record = instances[i];
      if (!record.fileId) continue;
      // The File ID as written ("\\" between components) only for a finding; the path it names is joined once.
      const components = record.fileId;
      const joined = components.join('/');
      this.addWindowsName(joined, false, 'DICOMDIR → ', () => components.join('\\'));
      const hit = index.find(base + joined);
      if (!hit) {
        const fileId = components.join('\\');
        const below = index.findBelowAFolder(base, joined);
        if (below) {
          const { path: found, folder } = below;
          this.issues.add(
            'A14-file-missing',
            fileId,
            bi(
              `DICOMDIR 指向此檔，但壓縮檔中只有 ${found}：DICOMDIR 的 File ID 少了資料夾 ${folder}，像是在該資料夾內產生的`,
              `referenced by the DICOMDIR but not in the archive, which has ${found}: the DICOMDIR's File IDs leave out the folder ${folder}, as those of a DICOMDIR made inside that folder do`,
            ),
            REMAKE_DICOMDIR_AT_ROOT_OR_BUILD,
          );
          continue;
        }
        this.issues.add('A14-file-missing', fileId, bi('DICOMDIR 指向此檔，但壓縮檔中沒有', 'referenced by the DICOMDIR but not in the archive'), PUT_BACK_OR_BUILD);
        continue;
      }
      if (hit.caseDiffers) {
        const fileId = components.join('\\');
        this.issues.add('A14-file-id-case', hit.entry.name, bi(`DICOMDIR 寫作 ${fileId}，大小寫不同`, `the DICOMDIR says ${fileId}; letter case differs`), BUILD_WITH_DICOMDIR_NAMES);
      }
      if (seen.has(hit.entry)) continue;
      seen.add(hit.entry);
      toRead.push({ entry: hit.entry, record });
    }
    // In the archive's own order: sequential reads (read-ahead, solid blocks) instead of seeks.
    const rank = new Map<ArchiveEntry, number>();
    for (let i = 0; i < this.files.length; i++) rank.set(this.files[i], i);
    toRead.sort((a, b) => rank.get(a.entry)! - rank.get(b.entry)!);
    for (let i = 0; i < toRead.length; i++) {
      const { entry, record } = toRead[i];
      const pending = this.readDicom(entry);
      // Most reads are done at once: waiting only when there is something to wait for keeps a quick check free of a microtask round per file.
      const read = pending instanceof Promise ? await pending : pending;
      if (this.tick()) await this.turn();
      if (!read) continue;
      this.addProblems(entry.name, read.problems);
      this.addAttributeFindings(entry.name, read);
      if (read.header) {
        this.compareRecord(entry.name, record, read.header);
        this.addDicomImage(entry.name, read.header);
      }
    }
  }

  private compareRecord(name: string, record: DirectoryRecord, h: DicomHeader): void {
    const diffs = recordDifferences(record, { ...h, sopClassUid: h.sopClassUid ?? h.mediaStorageSopClassUid });
    if (diffs.length) this.issues.add('A14-dicom-mismatch', name, bi(`DICOMDIR 紀錄與檔案不同：${diffs.join('；')}`, `the DICOMDIR record and the file differ: ${diffs.join('; ')}`), BUILD_NEW_DICOMDIR);
  }

  private async inspectUnreferenced(entry: ArchiveEntry, haveDicomdir: boolean): Promise<void> {
    if (entry.size === 0) {
      this.issues.add('A14-extra-file', entry.name, bi('空檔案', 'empty file'), REMOVE_OR_BUILD);
      return;
    }
    const read = await this.readDicom(entry);
    if (!read) return;
    // A DICOM file whose header could not be read (corrupt, refused as too large) is still DICOM: its findings stand.
    if ((read.header || read.problems.length > 0) && !read.problems.some((p) => p.code === 'not-dicom')) {
      if (haveDicomdir) this.issues.add('A14-dicom-unreferenced', entry.name, bi('DICOMDIR 未引用此 DICOM 檔', 'a DICOM file the DICOMDIR does not reference'), REMOVE_OR_BUILD_REFERENCED);
      this.addProblems(entry.name, read.problems);
      this.addAttributeFindings(entry.name, read);
      if (read.header) this.addDicomImage(entry.name, read.header);
      return;
    }
    const jpeg = await this.readJpeg(entry);
    if (jpeg?.frame) {
      this.issues.add('A14-dcf-jpeg', entry.name, bi('DCF 壓縮檔中的 JPEG 影像；JPG 應另以 ATT 壓縮檔上傳', 'a JPEG image in a DCF archive; JPG goes in an ATT archive of its own'), REMOVE_OR_EXPORT_AS_DICOM);
      return;
    }
    this.issues.add('A14-extra-file', entry.name, bi('既非 DICOM 也非 JPG', 'neither DICOM nor JPG'), REMOVE_OR_BUILD);
  }

  private async inspectAtt(readable: ArchiveEntry[]): Promise<void> {
    for (const entry of readable) {
      const pending = this.readJpeg(entry);
      const jpeg = pending instanceof Promise ? await pending : pending;
      if (this.tick()) await this.turn();
      if (!jpeg) continue;
      const problems = jpeg.problems.map((p) => ({ ...p }));
      if (!jpeg.frame && problems.some((p) => p.code === 'jpeg-not-jpeg')) {
        const dicom = this.early.get(entry)?.attDicom ?? readDicomHeader((await this.read(entry, Math.min(entry.size, ATT_DICOM_PROBE))) ?? new Uint8Array(0), { totalSize: entry.size });
        if (!dicom.header && isFolderLeftover(entry.name)) {
          this.issues.add('A14-att-not-jpeg', entry.name, LEFTOVER, REMOVE_OR_BUILD);
          continue;
        }
        const what = dicom.header
          ? bi('內容是 DICOM，不是 JPG', 'the content is DICOM, not JPG')
          : entry.size === 0
            ? bi('空檔案（0 位元組）', 'an empty file (0 bytes)')
            : jpeg.format
              ? bi(`內容是 ${jpeg.format['zh-TW']}，不是 JPG`, `the content is ${jpeg.format.en}, not JPG`)
              : bi('內容不是 JPG（開頭沒有 SOI 標記）', 'the content is not JPG (no SOI marker at the start)');
        this.issues.add('A14-att-not-jpeg', entry.name, what, EXPORT_AS_JPG);
        continue;
      }
      // As unpacked: bsdtar -cf x.7z . stores "./" before every name, which 7-Zip leaves out.
      if (!isConformingJpgName(normalise(entry.name))) this.issues.add('A14-att-name', entry.name, bi('檔名只可用半型英文字母、數字與底線', 'a name holds only half-width letters, digits and underscores'), RENAME_JPG);
      this.addProblems(entry.name, problems);
      if (jpeg.frame) {
        this.images.push({ name: entry.name, kind: 'jpeg', width: jpeg.frame.width, height: jpeg.frame.height, hasPixels: true });
      }
    }
  }

  private oneStudy(): void {
    const studies = new Set(this.images.map((i) => i.studyUid).filter((u): u is string => !!u));
    const patients = new Set(this.images.map((i) => i.patientId).filter((u): u is string => !!u));
    // Reports, key objects, presentation states and PDFs (no pixel data) are counted too: they are DICOM files, not images.
    const who = this.images.every((i) => i.hasPixels) ? bi('影像', 'the images') : bi('DICOM 檔', 'the DICOM files');
    if (studies.size > 1) {
      this.issues.add('A14-one-study', null, bi(`${who['zh-TW']}分屬 ${studies.size} 個檢查（Study Instance UID）`, `${who.en} belong to ${studies.size} studies (Study Instance UIDs)`), ONE_EXAM);
    }
    if (patients.size > 1) {
      this.issues.add('A14-one-study', null, bi(`${who['zh-TW']}分屬 ${patients.size} 位病人（Patient ID：${[...patients].slice(0, 3).join('、')}）`, `${who.en} belong to ${patients.size} patients (Patient IDs: ${[...patients].slice(0, 3).join(', ')})`), ONE_EXAM);
    }
  }
}
