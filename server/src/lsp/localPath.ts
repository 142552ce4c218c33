import { fileURLToPath } from 'node:url';

/**
 * The file system path of a document URI, or undefined when it names none here: not `file:`, a host this
 * system cannot reach as a path (`file://server/share/…` outside Windows), or a malformed escape. On Windows a
 * share may also come as `file:////server/share/…`. Such a
 * document is still validated as text; only what reads beside it on disk (archives, drafts, ledger) is skipped.
 */
export function localPathOf(uri: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const windows = platform === 'win32';
  try {
    // A share written after an empty host (file:////server/share/…, RFC 8089 E.3.2) is the share of file://server/share/….
    return fileURLToPath(windows ? uri.replace(/^file:\/{4,}(?=[^/])/, 'file://') : uri, { windows });
  } catch {
    return undefined;
  }
}

