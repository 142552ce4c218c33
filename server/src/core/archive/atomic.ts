import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ArchiveError, toArchiveError } from './errors';

/**
 * An output file written under `name.partial-<random>` and moved to its final name only when complete
 * (fsync, then a hard link that fails if the name exists; rename where links are unsupported, e.g. FAT).
 * An existing final file is never overwritten.
 */
export class AtomicOutput {
  private done = false;

  private constructor(
    readonly finalPath: string,
    readonly partialPath: string,
    readonly handle: fsp.FileHandle,
  ) {}

  static async create(finalPath: string): Promise<AtomicOutput> {
    if (await exists(finalPath)) throw new ArchiveError('output-exists', finalPath);
    const partialPath = join(dirname(finalPath), `${basename(finalPath)}.partial-${randomBytes(6).toString('hex')}`);
    try {
      const handle = await fsp.open(partialPath, 'wx');
      return new AtomicOutput(finalPath, partialPath, handle);
    } catch (e) {
      throw toArchiveError(e, partialPath);
    }
  }

  /** @internal */
  static adopt(finalPath: string, partialPath: string, handle: fsp.FileHandle): AtomicOutput {
    return new AtomicOutput(finalPath, partialPath, handle);
  }

  async commit(): Promise<void> {
    try {
      await this.handle.sync();
      await this.handle.close();
      try {
        await fsp.link(this.partialPath, this.finalPath);
        await fsp.unlink(this.partialPath);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new ArchiveError('output-exists', this.finalPath);
        if (await exists(this.finalPath)) throw new ArchiveError('output-exists', this.finalPath);
        await fsp.rename(this.partialPath, this.finalPath);
      }
      await syncDirectory(dirname(this.finalPath));
      this.done = true;
    } catch (e) {
      await this.abort();
      throw toArchiveError(e, this.finalPath);
    }
  }

  /** Removes the partial file; safe to call more than once and after commit. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => undefined);
    await fsp.unlink(this.partialPath).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the rename durable on POSIX; directories cannot be opened for sync on Windows, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let h: fsp.FileHandle | undefined;
  try {
    h = await fsp.open(dir, 'r');
    await h.sync();
  } catch {
    // not supported on this platform
  } finally {
    await h?.close().catch(() => undefined);
  }
}

/** A partial name reserved for a file another writer (7-Zip) creates; committed like AtomicOutput. */
export class ReservedOutput {
  private constructor(
    readonly finalPath: string,
    readonly partialPath: string,
  ) {}

  static async create(finalPath: string): Promise<ReservedOutput> {
    if (await exists(finalPath)) throw new ArchiveError('output-exists', finalPath);
    return new ReservedOutput(finalPath, join(dirname(finalPath), `${basename(finalPath)}.partial-${randomBytes(6).toString('hex')}`));
  }

  async commit(): Promise<void> {
    let h: fsp.FileHandle;
    try {
      h = await fsp.open(this.partialPath, 'r+');
    } catch (e) {
      throw toArchiveError(e, this.partialPath);
    }
    await AtomicOutput.adopt(this.finalPath, this.partialPath, h).commit();
  }

  async abort(): Promise<void> {
    await fsp.unlink(this.partialPath).catch(() => undefined);
  }
}
