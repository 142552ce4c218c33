import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ArchiveError, toArchiveError } from './errors';

/**
 * Who wrote a temporary file: enough to prove later, from its name alone, that it is a leftover of a
 * process that is gone. `host` is 6 hex digits of a hash of the host name; `start` is the process's
 * start time as the kernel gives it (Linux: field 22 of /proc/PID/stat, clock ticks since boot), or
 * `x` where it cannot be read, so that a recycled pid is not taken for the writer.
 */
export interface TempOwner {
  pid: number;
  start: string;
  host: string;
}

let self: TempOwner | undefined;

/** This process as the owner of the temporary files it writes. */
export function currentOwner(): TempOwner {
  self ??= { pid: process.pid, start: processStart(process.pid) ?? 'x', host: hostTag() };
  return self;
}

export function hostTag(name = hostname()): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 6);
}

/** The start time token of a running process, or undefined when it cannot be read (no /proc, process gone). */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // comm (field 2) is in parentheses and may hold spaces; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start && /^\d+$/.test(start) ? Number(start).toString(36) : undefined;
  } catch {
    return undefined;
  }
}

/** True when a process with this pid exists on this host (EPERM: it exists but is not ours to signal). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner part of temporary names: `PID-START-HOST-RANDOM`. */
export function ownerStamp(owner: TempOwner = currentOwner()): string {
  return `${owner.pid}-${owner.start}-${owner.host}-${randomBytes(6).toString('hex')}`;
}

/** The owner a stamp names, or undefined when it is not one of ours. */
export function parseOwnerStamp(stamp: string): TempOwner | undefined {
  const m = /^(\d{1,10})-([0-9a-z]{1,13}|x)-([0-9a-f]{6})-[0-9a-f]{12}$/.exec(stamp);
  return m ? { pid: Number(m[1]), start: m[2], host: m[3] } : undefined;
}

/**
 * Is the writer of a temporary file provably gone? Only when it ran on this host and no process has
 * its pid, or the process with its pid started at another time (a recycled pid). This process, a
 * live process we cannot tell apart from the writer, or another host: not provably gone.
 */
export function ownerIsGone(owner: TempOwner): boolean {
  const me = currentOwner();
  if (owner.host !== me.host) return false;
  if (owner.pid === me.pid) return owner.start !== 'x' && me.start !== 'x' && owner.start !== me.start;
  if (!processExists(owner.pid)) return true;
  if (owner.start === 'x') return false;
  const now = processStart(owner.pid);
  return now !== undefined && now !== owner.start;
}

/** `final.partial-PID-START-HOST-RANDOM`: a temporary name beside `finalPath` that says who wrote it. */
export function partialPathFor(finalPath: string, owner?: TempOwner): string {
  return join(dirname(finalPath), `${basename(finalPath)}.partial-${ownerStamp(owner)}`);
}

/**
 * An output file written under `name.partial-PID-START-HOST-RANDOM` (see `partialPathFor`) and moved to its final name only when complete
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
    const partialPath = partialPathFor(finalPath);
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
      if (!(await placeWithoutOverwrite(this.partialPath, this.finalPath))) throw new ArchiveError('output-exists', this.finalPath);
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
    await removeQuietly(this.partialPath);
  }
}

/** What Windows answers while another process (a virus scanner, the search indexer, a sync client) holds a fresh file open. */
export const BUSY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY', 'ENOTEMPTY']);
const BUSY_RETRY_DELAYS_MS = [20, 50, 100, 200, 400, 800];

/** Runs `attempt` again, after a pause, while it fails with a busy answer; the last failure is thrown. */
export async function whileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  for (const delay of BUSY_RETRY_DELAYS_MS) {
    try {
      return await attempt();
    } catch (e) {
      if (!BUSY_CODES.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return attempt();
}

/**
 * Gives a complete partial file its final name, never over an existing file: a hard link, which fails when
 * the name exists; where links are unsupported (FAT, exFAT) a rename after an existence check, tried again
 * while Windows reports the file busy. Returns false when the final name exists. The partial name is then
 * removed as far as Windows lets it: the output is in place either way, and a partial name left behind is
 * removed by the next build's leftover cleanup.
 */
export async function placeWithoutOverwrite(partialPath: string, finalPath: string): Promise<boolean> {
  try {
    await fsp.link(partialPath, finalPath);
    await removeQuietly(partialPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
  }
  return whileBusy(async () => {
    if (await exists(finalPath)) return false;
    await fsp.rename(partialPath, finalPath);
    return true;
  });
}

/**
 * Removes a temporary file or folder if it is there, retrying while Windows holds a file in it open; never
 * throws, since what it removes is never the result: what stays is a leftover the next build removes.
 */
export async function removeQuietly(path: string): Promise<void> {
  await whileBusy(() => fsp.rm(path, { recursive: true, force: true })).catch(() => undefined);
}

/** Whether anything (a file, a folder, a link even if broken) stands at the path. */
export async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the rename durable on POSIX; directories cannot be opened for sync on Windows, which is fine. */
export async function syncDirectory(dir: string): Promise<void> {
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
    return new ReservedOutput(finalPath, partialPathFor(finalPath));
  }

  async commit(): Promise<void> {
    let h: fsp.FileHandle;
    try {
      h = await fsp.open(this.partialPath, 'r+');
    } catch (e) {
      throw toArchiveError(e, this.partialPath);
    }
    // 7-Zip (WebAssembly) leaves its file readable and writable by every user whatever the umask: given the mode our
    // own files get. As far as the file system keeps modes: FAT (a USB stick) refuses one with EPERM, which is no failure.
    await h.chmod(0o666 & ~process.umask()).catch(() => undefined);
    await AtomicOutput.adopt(this.finalPath, this.partialPath, h).commit();
  }

  async abort(): Promise<void> {
    await removeQuietly(this.partialPath);
  }
}
