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
}

/** 7-Zip's complaint, by what it says: a method it lacks, or damage. */
function failureOf(archivePath: string, output: string): ArchiveError {
  const said = output.trim().split('\n').slice(-4).join(' ');
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
    if (this.whole || wanted === Number.POSITIVE_INFINITY) {
      yield* this.readFrom(await (this.whole ??= this.extract({})), entry, entry.size);
    } else if (wanted <= PREFIX_BYTES || entry.size <= PREFIX_BYTES) {
      yield* this.readFrom(await (this.prefixes ??= this.extract({ maxFileBytes: PREFIX_BYTES })), entry, Math.min(entry.size, PREFIX_BYTES));
    } else if (this.kind === 'cab' && hasCodePageName(entry)) {
      // 7-Zip would not find the entry by a name it writes otherwise (see namesake).
      yield* this.readFrom(await (this.whole ??= this.extract({})), entry, entry.size);
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
    const namesake = this.kind === 'cab' && hasCodePageName(entry) ? await namesakeIn(x.dir, entry, expected) : undefined;
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

  async dispose(): Promise<void> {
    this.prefixes = this.whole = undefined;
    await Promise.allSettled([...this.pending]);
    // Tried again while Windows holds an extracted file open (a virus scanner reading the images just written).
    for (const dir of this.dirs) await removeQuietly(dir);
    this.dirs.clear();
  }
}

/**
 * Where 7-Zip (WebAssembly) wrote a CAB entry whose name is in a Windows code page (hasCodePageName): it writes the
 * bytes beyond ASCII as replacement characters, and may take an ASCII byte after one with them. The file is found by its place instead: the same folders, equal where the entry's path is
 * ASCII, a name that is not ASCII where the entry's is not, and `size` bytes. Undefined unless exactly one file fits.
 */
async function namesakeIn(dir: string, entry: ArchiveEntry, size: number): Promise<string | undefined> {
  const wanted = entry.name.split('/');
  const fits: string[] = [];
  const walk = async (at: string, depth: number): Promise<void> => {
    const part = wanted[depth];
    const ascii = /^[\x00-\x7f]*$/.test(part);
    for (const d of await fsp.readdir(at, { withFileTypes: true }).catch(() => [])) {
      if (ascii ? d.name !== part : /^[\x00-\x7f]*$/.test(d.name)) continue;
      const path = join(at, d.name);
      if (depth < wanted.length - 1) {
        if (d.isDirectory()) await walk(path, depth + 1);
      } else if (d.isFile() && (await fsp.stat(path)).size === size) {
        fits.push(path);
      }
    }
  };
  await walk(dir, 0);
  return fits.length === 1 ? fits[0] : undefined;
}
