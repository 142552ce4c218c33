import { promises as fsp } from 'node:fs';
import { dirname, join, win32 } from 'node:path';
import { bi } from '../i18n';
import type { Bilingual } from '../types';
import { windowsPathProblem } from '../windows-names';
import { exists, removeQuietly } from '../archive/atomic';
import { workDirName } from './leftovers';
import { BuildError } from './types';

/**
 * Why Windows cannot make a folder at this path, or null: a part below the drive or share that is a device name
 * (`CON`, `NUL`, `COM1`…), holds a character no name may hold, or ends with a dot or a space (`--out "upload "`
 * pasted with a space). Node reaches files through `\\?\` paths, which Windows takes as spelled: such a folder
 * would be made as named, and Explorer, Excel and the browser that uploads the batch could neither open nor
 * delete it.
 */
export function windowsFolderProblem(dir: string): Bilingual | null {
  return windowsPathProblem(dir.slice(win32.parse(dir).root.length));
}

/**
 * Creates `dir` and its missing parents. Node's recursive mkdir loops for ever where a parent exists but
 * the child cannot be created and the system answers ENOENT (procfs, some network mounts): here each level
 * is created once, and such an answer is an error.
 */
export async function makeFolders(dir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const why = platform === 'win32' ? windowsFolderProblem(dir) : null;
  if (why) throw new BuildError(bi(`無法在 Windows 上建立資料夾 ${dir}：${why['zh-TW']}；請改用其他名稱`, `The folder ${dir} cannot be made on Windows: ${why.en}; name another`), [], 'output');
  try {
    await fsp.mkdir(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await fsp.stat(dir)).isDirectory()) return;
      throw Object.assign(new Error(`not a folder: ${dir}`), { code: 'ENOTDIR', path: dir });
    }
    if (code !== 'ENOENT') throw e;
  }
  const parent = dirname(dir);
  if (parent === dir) throw Object.assign(new Error(`cannot create ${dir}`), { code: 'ENOENT', path: dir });
  await makeFolders(parent, platform);
  try {
    await fsp.mkdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fsp.stat(dir)).isDirectory()) throw e;
  }
}

/**
 * Fails as the first write into `dir` would, before any number is reserved: a folder that takes no new
 * entries (read-only, procfs). The probe has a work-folder name, which a later build removes if this one is killed
 * or if Windows keeps it busy past the retries (a sync client or the indexer looking at the new folder).
 */
export async function assertWritable(dir: string): Promise<void> {
  const probe = join(dir, workDirName());
  try {
    await fsp.mkdir(probe);
  } catch (e) {
    throw Object.assign(new Error(`cannot write into ${dir}`), { code: (e as NodeJS.ErrnoException).code, path: dir });
  }
  await removeQuietly(probe);
}

/**
 * Makes the output folder and checks that it takes new entries (assertWritable). Returns what removes it again if
 * this call made it and it is still empty: a build or re-send refused before it reserves anything leaves no folder.
 */
export async function makeOutputFolder(dir: string): Promise<() => Promise<void>> {
  const made = !(await exists(dir));
  await makeFolders(dir);
  await assertWritable(dir);
  return async () => {
    if (made) await fsp.rmdir(dir).catch(() => undefined);
  };
}
