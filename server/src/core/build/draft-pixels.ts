/**
 * Whether a draft row's DICOM files hold an image, for the editor's draft check: the build refuses a row of DICOM
 * objects without pixel data (an RT plan, a report alone) under A14-empty, and the editor says so before a build is
 * started. Each file's header is read as the check reads it (up to the Pixel Data, judged by hasImagePixels), within
 * limits, and what was found is kept by path, size and modification time: a later check of the same files (the user
 * typing) reads nothing again (of a file written less than 2 s before it was read, nothing is kept). Files are read asynchronously; each prefix is parsed in one turn of the event loop, a few
 * milliseconds a MiB, which the byte limit bounds for the language server's message loop.
 */
import { promises as fsp } from 'node:fs';
import type { Row } from '../csv/model';
import type { ValidationOptions } from '../options';
import type { Bilingual, Finding } from '../types';
import { agreeing, counted } from '../counted';
import { bi } from '../i18n';
import { readDicomHeader } from '../dicom/read';
import { hasImagePixels } from '../dicom/required-attributes';
import { emit, severityOf } from '../rules/emit';
import { NO_IMAGE_RULE, withoutPixelsMessage } from './row-without-image';
import type { DraftFile, DraftImages } from './draft';

const ARCHIVE_FIELD = 14;

/** What one file's header says: Pixel Data with Rows and Columns, none, no header that reads, or one longer than the limit. */
export type PixelVerdict = 'image' | 'no-image' | 'unreadable' | 'header-too-long';

export interface PixelReadLimits {
  /** The DICOM files of a row whose headers are read, the first in the row's order. */
  files: number;
  /** The bytes read of one file: a header that runs on past them is not judged. */
  headerBytes: number;
}

/**
 * The limits of the editor and of `check --archives` (which say the same of a draft). A row's first file with an image ends its reading, and an image's header ends within the first read
 * (FIRST_READ): only a row without one reads more. RT plans run to a few MiB; a longer header is told as not read.
 */
export const EDITOR_PIXEL_LIMITS: PixelReadLimits = { files: 100, headerBytes: 4 * 1024 * 1024 };

/** The first read of a file, as the check's: most headers, up to an image's Pixel Data element, end within it. */
const FIRST_READ = 16 * 1024;
/** Files whose verdicts are kept; the oldest kept is forgotten first. */
const KEPT_VERDICTS = 50_000;
/** The coarsest modification times of a file system a draft's images are found on: FAT's, 2 s. */
const MTIME_RESOLUTION_MS = 2000;

/** Verdicts by file, each kept with the size and modification time of the file it was read of. */
export class PixelVerdicts {
  private readonly kept = new Map<string, { size: number; mtimeMs: number; verdict: PixelVerdict }>();

  constructor(readonly limits: PixelReadLimits = EDITOR_PIXEL_LIMITS) {}

  /** The file's verdict: the one kept while its size and time are the same, else read from its header. */
  async of(file: Pick<DraftFile, 'path' | 'size' | 'mtimeMs'>, signal?: AbortSignal): Promise<PixelVerdict> {
    const kept = this.kept.get(file.path);
    if (kept && kept.size === file.size && kept.mtimeMs === file.mtimeMs) return kept.verdict;
    const readAt = Date.now();
    const verdict = await readVerdict(file.path, file.size, this.limits.headerBytes, signal);
    // A file that could not be opened (no read access, a share gone) may be readable at the same size and time.
    if (verdict === undefined) return 'unreadable';
    // Written within the time resolution of its file system before it was read (FAT keeps times to 2 s), a file may be
    // written again, an export's last bytes, keeping its size and time: its verdict is kept only once it is older.
    if (readAt - file.mtimeMs <= MTIME_RESOLUTION_MS) return verdict;
    this.kept.delete(file.path);
    this.kept.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, verdict });
    if (this.kept.size > KEPT_VERDICTS) this.kept.delete(this.kept.keys().next().value!);
    return verdict;
  }
}

/** The verdict from a prefix of the file within `limit` bytes; undefined when the file cannot be opened or read. */
async function readVerdict(path: string, size: number, limit: number, signal?: AbortSignal): Promise<PixelVerdict | undefined> {
  signal?.throwIfAborted();
  const handle = await fsp.open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    let want = Math.min(size, FIRST_READ);
    for (;;) {
      const bytes = Buffer.alloc(want);
      const { bytesRead } = await handle.read(bytes, 0, want, 0);
      signal?.throwIfAborted();
      // A file cut since it was listed is read as it is now; a later check lists it with its new size.
      const read = readDicomHeader(bytes.subarray(0, bytesRead), { totalSize: bytesRead < want ? bytesRead : size });
      if (read.needMore === undefined || bytesRead < want) return read.header === null ? 'unreadable' : hasImagePixels(read.header) ? 'image' : 'no-image';
      if (read.needMore > limit) return 'header-too-long';
      // A file within the limit is read whole at once: one reading of the header rather than one per longer prefix.
      const next = size <= limit ? size : Math.min(Math.max(read.needMore, want * 8), limit);
      if (next <= want) return 'header-too-long';
      want = next;
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * A14-empty on field 14 of a draft row whose DICOM files hold no pixel data, in the words and at the user's severity
 * of the rule the build refuses it by; DRAFT-pixels-unread instead when some files were not read (past the limits) and
 * none of those read holds an image. Nothing for a row of JPEG, of no file, or with a file whose header does not read
 * (the build names that file), nor with A14-empty turned off (nothing is read then).
 */
export async function noPixelsInto(out: Finding[], row: Row, images: DraftImages, options: ValidationOptions, verdicts: PixelVerdicts, signal?: AbortSignal): Promise<void> {
  const { files } = images;
  if (files.length === 0 || files.some((f) => f.kind !== 'dicom') || severityOf(NO_IMAGE_RULE, options) === undefined) return;
  const limits = verdicts.limits;
  let unread = Math.max(0, files.length - limits.files);
  let unreadable = false;
  for (const file of files.slice(0, limits.files)) {
    const verdict = await verdicts.of(file, signal);
    if (verdict === 'image') return;
    if (verdict === 'unreadable') unreadable = true;
    else if (verdict === 'header-too-long') unread++;
  }
  if (unreadable) return;
  const cell = row.cells[ARCHIVE_FIELD - 1];
  if (unread === 0) emit(out, options, NO_IMAGE_RULE, cell.range, ARCHIVE_FIELD, row.index, withoutPixelsMessage(images.sources, files.length, 'build'));
  else emit(out, options, 'DRAFT-pixels-unread', cell.range, ARCHIVE_FIELD, row.index, unreadText(files.length, unread, limits));
}

/** `unread` of the row's `total` DICOM files not read through their header, the others without pixel data. */
function unreadText(total: number, unread: number, limits: PixelReadLimits): Bilingual {
  const mib = limits.headerBytes / (1024 * 1024);
  const others = total - unread;
  return bi(
    `此列 ${total} 個 DICOM 檔中有 ${unread} 個未讀完檔頭（編輯器與 check --archives 每列最多讀 ${limits.files} 個檔，每檔最多 ${mib} MiB）${others ? '，其餘都沒有影像資料' : ''}；` +
      '建置時會讀取每個檔案，若都沒有影像，會依 A14-empty 拒絕此列',
    `${unread} of the row's ${counted(total, 'DICOM file')} ${agreeing(unread, 'was', 'were')} not read through ${agreeing(unread, 'its', 'their')} header (the editor and check --archives read at most ${counted(limits.files, 'file')} of a row, ${mib} MiB of each)` +
      `${others ? `, and none of the others holds pixel data` : ''}: the build reads every file and refuses the row under A14-empty if none holds an image`,
  );
}
