import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { ownerIsGone, ownerStamp, parseOwnerStamp } from '../archive/atomic';
import { parseArchiveName } from '../rules/archive-name';

/**
 * Leftovers of builds that were killed (SIGKILL, power loss) before they could clean up: temporary
 * archives and CSVs `NAME.partial-PID-START-HOST-RANDOM` and work folders
 * `.nhi-build-PID-START-HOST-RANDOM` in an output folder. A later build removes them only when they
 * are provably ours and provably abandoned:
 * - the name has exactly our form, and NAME is an archive or batch CSV name a build writes;
 * - a partial is a regular file, a work folder a real folder (no symbolic links followed);
 * - the writer ran on this host and is gone (no process with its pid, or one that started at
 *   another time); a leftover of a live process, of this process, or of another host is kept;
 * - a work folder loses only the DICOMDIR files a build writes into it, and is removed only if that
 *   leaves it empty.
 * Final names, other files and older temporary names without an owner are never touched.
 */

const PARTIAL = /^(.+)\.partial-([^.]+)$/;
const WORK_DIR = /^\.nhi-build-(.+)$/;
const WORK_FILE = /^[0-9a-f]{12}\.DICOMDIR$/;
const BATCH_CSV = /^[0-9A-Za-z]{10}_\d{8}_\d{3,6}\.csv$/;

/** A fresh work folder name for this process (see the module comment). */
export function workDirName(): string {
  return `.nhi-build-${ownerStamp()}`;
}

/** A fresh name for a temporary DICOMDIR inside a work folder. */
export function workFileName(): string {
  return `${randomBytes(6).toString('hex')}.DICOMDIR`;
}

/** Removes the abandoned leftovers in `dir`; returns the names removed. Never throws. */
export async function removeLeftovers(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    try {
      if (await removeIfAbandoned(dir, name)) removed.push(name);
    } catch {
      // removed meanwhile by another build, or not ours to remove: leave it
    }
  }
  return removed;
}

async function removeIfAbandoned(dir: string, name: string): Promise<boolean> {
  const partial = PARTIAL.exec(name);
  if (partial && isOutputName(partial[1])) {
    const owner = parseOwnerStamp(partial[2]);
    if (!owner || !ownerIsGone(owner)) return false;
    const st = await fsp.lstat(join(dir, name));
    if (!st.isFile()) return false;
    await fsp.unlink(join(dir, name));
    return true;
  }
  const work = WORK_DIR.exec(name);
  if (work) {
    const owner = parseOwnerStamp(work[1]);
    if (!owner || !ownerIsGone(owner)) return false;
    const path = join(dir, name);
    const st = await fsp.lstat(path);
    if (!st.isDirectory()) return false;
    for (const inner of await fsp.readdir(path)) {
      if (!WORK_FILE.test(inner)) continue;
      const file = join(path, inner);
      if ((await fsp.lstat(file)).isFile()) await fsp.unlink(file);
    }
    await fsp.rmdir(path); // fails, and keeps the folder, when anything else is in it
    return true;
  }
  return false;
}

function isOutputName(name: string): boolean {
  return parseArchiveName(name) !== undefined || BATCH_CSV.test(name);
}
