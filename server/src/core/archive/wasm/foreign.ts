import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { ArchiveError, toArchiveError } from '../errors';
import type { ArchiveEntry } from '../types';
import { runSevenZipWasm } from './run';

const CHUNK = 1 << 20;

/**
 * Reads entries in methods the JS decoders lack (CAB LZX, 7z filters, PPMd, BZip2…): on first use the
 * whole archive is extracted by 7-Zip (WebAssembly) into a private temporary folder, removed on dispose.
 */
export class ForeignExtractor {
  private dir: Promise<string> | undefined;
  private failure: ArchiveError | undefined;

  constructor(private readonly archivePath: string) {}

  private async extractAll(): Promise<string> {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'nhi-archive-x-'));
    const result = await runSevenZipWasm({ op: 'extract', archivePath: resolve(this.archivePath), destDir: dir });
    if (result.exitCode !== 0) {
      this.failure = new ArchiveError('corrupt', `${this.archivePath}: 7-Zip reports errors (${result.output.trim().split('\n').slice(-4).join(' ')})`);
    }
    return dir;
  }

  async *open(entry: ArchiveEntry): AsyncGenerator<Uint8Array> {
    const dir = await (this.dir ??= this.extractAll());
    const file = resolve(dir, entry.name);
    if (!file.startsWith(dir + sep)) throw new ArchiveError('unsupported-method', `${entry.name}: unsafe name, not extracted`);
    let h: fsp.FileHandle;
    try {
      h = await fsp.open(file, 'r');
    } catch (e) {
      throw this.failure ?? toArchiveError(e, `${this.archivePath}: ${entry.name}`);
    }
    try {
      const buf = new Uint8Array(CHUNK);
      let total = 0;
      for (;;) {
        const { bytesRead } = await h.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
      if (total !== entry.size) throw this.failure ?? new ArchiveError('corrupt', `${entry.name}: extracted ${total} bytes, listed ${entry.size}`);
    } finally {
      await h.close();
    }
  }

  async dispose(): Promise<void> {
    const pending = this.dir;
    this.dir = undefined;
    if (!pending) return;
    const dir = await pending.catch(() => undefined);
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  }
}
