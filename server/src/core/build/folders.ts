import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { workDirName } from './leftovers';

/**
 * Creates `dir` and its missing parents. Node's recursive mkdir loops for ever where a parent exists but
 * the child cannot be created and the system answers ENOENT (procfs, some network mounts): here each level
 * is created once, and such an answer is an error.
 */
export async function makeFolders(dir: string): Promise<void> {
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
  await makeFolders(parent);
  try {
    await fsp.mkdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fsp.stat(dir)).isDirectory()) throw e;
  }
}

/**
 * Fails as the first write into `dir` would, before any number is reserved: a folder that takes no new
 * entries (read-only, procfs). The probe has a work-folder name, which a later build removes if this one is killed.
 */
export async function assertWritable(dir: string): Promise<void> {
  const probe = join(dir, workDirName());
  try {
    await fsp.mkdir(probe);
  } catch (e) {
    throw Object.assign(new Error(`cannot write into ${dir}`), { code: (e as NodeJS.ErrnoException).code, path: dir });
  }
  await fsp.rmdir(probe);
}
