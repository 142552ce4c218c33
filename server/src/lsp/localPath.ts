import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file system path of a document URI, or undefined when it names none here: not `file:`, a host this
 * system cannot reach as a path (`file://server/share/…` outside Windows), or a malformed escape. Such a
 * document is still validated as text; only what reads beside it on disk (archives, drafts, ledger) is skipped.
 */
export function localPathOf(uri: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri, { windows: platform === 'win32' });
  } catch {
    return undefined;
  }
}

/**
 * Whether two local paths name the same folder. Windows and macOS (by default) compare names without
 * letter case, and the spellings met differ in it: a drive letter VS Code lower-cases (`c:\…`) against one
 * typed in a setting (`C:\…`), a folder typed `archives` that is `Archives` on disk.
 */
export function isSameFolder(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  const api = platform === 'win32' ? path.win32 : path.posix;
  const [x, y] = [api.resolve(a), api.resolve(b)];
  return platform === 'win32' || platform === 'darwin' ? x.toUpperCase() === y.toUpperCase() : x === y;
}
