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

