/**
 * Where to wait for a folder that does not exist yet. Pure (no `vscode` import) so it can be unit-tested;
 * archiveFolderWatchers.ts watches what it names.
 */
import * as path from 'node:path';

/** The nearest existing ancestor of a missing folder and the name of its child on the way to it. */
export interface MissingFolder {
  parent: string;
  name: string;
}

/**
 * `exists` when `folder` exists; otherwise the first folder on its path that is missing (its existing parent and
 * its name), which is the one to wait for: once it appears the next one down is, until `folder` itself is there.
 * `unreachable` when not even the root exists (a drive not mounted, a share that does not answer).
 */
export async function firstMissingFolder(
  folder: string,
  isFolder: (p: string) => Promise<boolean>,
  platform: NodeJS.Platform = process.platform,
): Promise<MissingFolder | 'exists' | 'unreachable'> {
  const api = platform === 'win32' ? path.win32 : path.posix;
  let child = api.resolve(folder);
  if (await isFolder(child)) return 'exists';
  for (let parent = api.dirname(child); parent !== child; child = parent, parent = api.dirname(parent)) {
    if (await isFolder(parent)) return { parent, name: api.basename(child) };
  }
  return 'unreachable';
}
