import { bi } from '../../i18n';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { removeQuietly } from '../atomic';
import { ArchiveError } from '../errors';
import type { ArchiveEntry } from '../types';
import { runSevenZipWasm } from './run';
import { hasCodePageName } from '../cab/stored-name';

const CHUNK = 1 << 20;
/**
 * What a read of at most this many bytes gets from an extraction that keeps only the start of each
 * entry: a quick check reads headers, and writing whole entries to temp would cost the archive's
 * unpacked size. A longer prefix read extracts its entry alone.
 */
export const PREFIX_BYTES = 64 * 1024;

interface Extraction {
  dir: string;
  failure: ArchiveError | undefined;
  /** Its files whose paths are not ASCII, listed once at the first entry looked for among them (namesakeAmong). */
  beyondAscii?: Promise<Map<string, ExtractedFile[]>>;
}

/**
 * 7-Zip's complaint, by what it says: a method it lacks, memory it could not have, or damage. A PPMd model or an LZMA
 * dictionary of 2 GB or more (7-Zip allows up to 4 GB) is more than 7-Zip in WebAssembly can allocate, though 7-Zip on a
 * 64-bit computer opens the archive: the files were not checked, which is no damage.
 */
function failureOf(archivePath: string, output: string): ArchiveError {
  if (/Can't allocate required memory/i.test(output)) {
    return new ArchiveError('not-checked', bi(
      `${archivePath}：解開它所需的記憶體（PPMd 模型或 LZMA 字典）超過本工具內 7-Zip（WebAssembly）可配置的上限；64 位元電腦上的 7-Zip 可以解開，但其中的檔案未經檢查`,
      `${archivePath}: unpacking it needs more memory (for its PPMd model or LZMA dictionary) than the checker's 7-Zip (WebAssembly) can allocate; 7-Zip on a 64-bit computer opens it, but the files it holds were not checked`,
    ));
  }
  // Its ERROR lines say what went wrong ("ERROR: Data Error : IMG/IM1"), else its counts of errors, else its last lines.
  const lines = output.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const errors = [...new Set(lines.filter((l) => l.startsWith('ERROR:')))];
  const counts = [...new Set(lines.filter((l) => /Errors?: \d/.test(l)))];
  const said = (errors.length ? errors.slice(0, 3) : counts.length ? counts : lines.slice(-4)).join(' ');
  return new ArchiveError(/Unsupported Method/i.test(output) ? 'unsupported-method' : 'corrupt', bi(`${archivePath}：7-Zip 回報錯誤（${said}）`, `${archivePath}: 7-Zip reports errors (${said})`));
}

/**
 * Reads entries in methods the JS decoders lack (CAB LZX, 7z filters, PPMd, BZip2…) from what 7-Zip
 * (WebAssembly) extracts into private temporary folders, all removed on dispose: the start of every
 * entry for prefix reads, every entry whole for whole reads (the full check), or one entry alone.
 */
export class ForeignExtractor {
  private prefixes: Promise<Extraction> | undefined;
  private whole: Promise<Extraction> | undefined;
  private readonly dirs = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly archivePath: string,
    private readonly kind: '7z' | 'cab',
  ) {}

  /** Extracts into a new temporary folder; dispose waits for it before removing the folders. */
  private extract(options: { maxFileBytes?: number; names?: string[] }): Promise<Extraction> {
    const job = this.extractInto(options);
    this.pending.add(job);
    job.then(
      () => this.pending.delete(job),
      () => this.pending.delete(job),
    );
    return job;
  }

  private async extractInto(options: { maxFileBytes?: number; names?: string[] }): Promise<Extraction> {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'nhi-archive-x-'));
    this.dirs.add(dir);
    const result = await runSevenZipWasm({ op: 'extract', archivePath: resolve(this.archivePath), destDir: dir, ...options });
    return { dir, failure: result.exitCode === 0 ? undefined : failureOf(this.archivePath, result.output) };
  }

  /** `wanted`: how many bytes of the entry the caller will read. */
  async *open(entry: ArchiveEntry, wanted = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
    // An entry 7-Zip writes under another name is found by its size (namesakeAmong): whole, where sizes tell files apart.
    if (this.whole || wanted === Number.POSITIVE_INFINITY || this.writtenUnderAnotherName(entry)) {
      yield* this.readFrom(await (this.whole ??= this.extract({})), entry, entry.size);
    } else if (wanted <= PREFIX_BYTES || entry.size <= PREFIX_BYTES) {
      yield* this.readFrom(await (this.prefixes ??= this.extract({ maxFileBytes: PREFIX_BYTES })), entry, Math.min(entry.size, PREFIX_BYTES));
    } else {
      // By both its names: 7-Zip matches a 7z's stored `\` as written, but takes a CAB's for a folder separator.
      const alone = await this.extract({ names: [...new Set([entry.rawName, entry.name])] });
      try {
        yield* this.readFrom(alone, entry, entry.size);
      } finally {
        this.dirs.delete(alone.dir);
        await removeQuietly(alone.dir);
      }
    }
  }

  /** Opens the entry's file: 7-Zip on POSIX keeps a stored `\` in the name, so the raw name comes first. */
  private async openIn(x: Extraction, entry: ArchiveEntry, expected: number): Promise<fsp.FileHandle> {
    for (const name of new Set([entry.rawName, entry.name])) {
      const file = resolve(x.dir, name);
      if (!file.startsWith(x.dir + sep)) throw new ArchiveError('unsupported-method', bi(`${entry.name}：名稱不安全，未解出`, `${entry.name}: unsafe name, not extracted`));
      let h: fsp.FileHandle;
      try {
        h = await fsp.open(file, 'r');
      } catch (e) {
        if ((e as { code?: unknown }).code !== 'ENOENT') throw x.failure ?? new ArchiveError('io', `${entry.name}: ${(e as Error).message}`);
        continue;
      }
      // A folder where the file should be: another entry's path made it (a file "D/" beside "D/A").
      if ((await h.stat().catch(() => null))?.isFile()) return h;
      await h.close();
      throw x.failure ?? new ArchiveError('corrupt', bi(`${entry.name}：7-Zip 在此檔案的位置解出了資料夾（兩個項目共用同一路徑）`, `${entry.name}: 7-Zip extracted a folder in place of this file (two entries share the path)`));
    }
    const namesake = this.writtenUnderAnotherName(entry) ? namesakeAmong(await (x.beyondAscii ??= filesBeyondAscii(x.dir)), entry, expected) : undefined;
    if (namesake) return fsp.open(namesake, 'r');
    throw x.failure ?? new ArchiveError('io', bi(`${this.archivePath}：${entry.name} 不在 7-Zip 解出的檔案中`, `${this.archivePath}: ${entry.name} is not among the files 7-Zip extracted`));
  }

  /** The entry's first `expected` bytes as extracted; fewer means 7-Zip could not write it all. */
  private async *readFrom(x: Extraction, entry: ArchiveEntry, expected: number): AsyncGenerator<Uint8Array> {
    const h = await this.openIn(x, entry, expected);
    try {
      const buf = new Uint8Array(Math.min(CHUNK, Math.max(1, expected)));
      let total = 0;
      while (total < expected) {
        const { bytesRead } = await h.read(buf, 0, Math.min(buf.length, expected - total), null);
        if (bytesRead === 0) break;
        total += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
      if (total !== expected) throw x.failure ?? new ArchiveError('corrupt', bi(`${entry.name}：解出 ${total} 位元組，清單記載 ${entry.size}`, `${entry.name}: extracted ${total} bytes, listed ${entry.size}`));
    } finally {
      await h.close();
    }
  }

  /** A CAB entry named in a Windows code page, which 7-Zip writes with replacement characters. */
  private writtenUnderAnotherName(entry: ArchiveEntry): boolean {
    return this.kind === 'cab' && hasCodePageName(entry);
  }

  /**
   * What 7-Zip said went wrong in the extraction of every entry whole, if one was made: also damage it finds past the
   * last file of a block (a bit flipped in the end of its LZMA data), which leaves every file whole and its CRC right.
   */
  async wholeFailure(): Promise<ArchiveError | undefined> {
    return this.whole && (await this.whole).failure;
  }

  async dispose(): Promise<void> {
    this.prefixes = this.whole = undefined;
    await Promise.allSettled([...this.pending]);
    // Tried again while Windows holds an extracted file open (a virus scanner reading the images just written).
    for (const dir of this.dirs) await removeQuietly(dir);
    this.dirs.clear();
  }
}

const ASCII = /^[\x00-\x7f]*$/;

/** An extracted file: its path's components below the extraction's folder, its size. */
interface ExtractedFile {
  path: string;
  parts: string[];
  size: number;
}

/** The files of an extraction with a component beyond ASCII, by their number of components and size. */
async function filesBeyondAscii(dir: string): Promise<Map<string, ExtractedFile[]>> {
  const byShape = new Map<string, ExtractedFile[]>();
  const walk = async (at: string, parts: string[]): Promise<void> => {
    for (const d of await fsp.readdir(at, { withFileTypes: true }).catch(() => [])) {
      const path = join(at, d.name);
      const here = [...parts, d.name];
      if (d.isDirectory()) await walk(path, here);
      else if (d.isFile() && !here.every((p) => ASCII.test(p))) {
        const file = { path, parts: here, size: (await fsp.stat(path)).size };
        const key = `${here.length}:${file.size}`;
        const list = byShape.get(key);
        if (list) list.push(file);
        else byShape.set(key, [file]);
      }
    }
  };
  await walk(dir, []);
  return byShape;
}

/**
 * Where 7-Zip (WebAssembly) wrote a CAB entry whose name is in a Windows code page (hasCodePageName): it writes the
 * bytes beyond ASCII as replacement characters, and may take an ASCII byte after one with them. The file is found by
 * its place instead: as many folders, equal where the entry's path is ASCII, a name that is not ASCII where the
 * entry's is not, and `size` bytes. Undefined unless exactly one file fits.
 */
function namesakeAmong(files: Map<string, ExtractedFile[]>, entry: ArchiveEntry, size: number): string | undefined {
  const wanted = entry.name.split('/');
  const fits = (files.get(`${wanted.length}:${size}`) ?? []).filter((f) =>
    wanted.every((part, i) => (ASCII.test(part) ? f.parts[i] === part : !ASCII.test(f.parts[i]))));
  return fits.length === 1 ? fits[0].path : undefined;
}
