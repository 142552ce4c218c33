import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * Whether two local paths are spellings of one path. Windows and macOS (by default) compare names without
 * letter case, and the spellings met differ in it: a drive letter VS Code lower-cases (`c:\…`) against one
 * typed on a command line or in a setting (`C:\…`), a folder typed `archives` that is `Archives` on disk.
 * On Windows a long-path prefix (`\\?\D:\…`, `\\?\UNC\server\share\…`) spells the path it prefixes.
 */
export function isSamePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  return comparable(a, platform) === comparable(b, platform);
}

/** Whether `inner` is `folder` or lies somewhere below it, compared as isSamePath does. */
export function isWithinPath(inner: string, folder: string, platform: NodeJS.Platform = process.platform): boolean {
  const api = platform === 'win32' ? path.win32 : path.posix;
  const relative = api.relative(comparable(folder, platform), comparable(inner, platform));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${api.sep}`) && !api.isAbsolute(relative));
}

/** A path resolved, without a Windows long-path prefix, in upper case where the file system ignores case. */
function comparable(p: string, platform: NodeJS.Platform): string {
  if (platform !== 'win32') return platform === 'darwin' ? path.posix.resolve(p).toUpperCase() : path.posix.resolve(p);
  const unprefixed = p.replace(/^[\\/]{2}\?[\\/](?:(UNC[\\/])|(?=[a-z]:))/i, (_, unc: string | undefined) => (unc ? '\\\\' : ''));
  return path.win32.resolve(unprefixed).toUpperCase();
}

/**
 * Whether two paths name one existing file: one path (isSamePath), or one file by its identity (device and
 * inode; on Windows volume serial and file index) under another spelling: a link, an 8.3 short name, a
 * mapped drive against its UNC share.
 */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  if (isSamePath(a, b)) return true;
  const [x, y] = await Promise.all([a, b].map((p) => fsp.stat(p, { bigint: true }).catch(() => undefined)));
  return x !== undefined && y !== undefined && x.ino !== 0n && x.dev === y.dev && x.ino === y.ino;
}
