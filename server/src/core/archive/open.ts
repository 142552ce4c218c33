import { bi } from '../i18n';
import { CabReader } from './cab/reader';
import { detectArchiveKind, DETECT_BYTES } from './detect';
import { ArchiveError, throwIfAborted, toArchiveError } from './errors';
import { FileSource } from './file-source';
import { resolveLimits } from './limits';
import { SevenZipReader } from './sevenzip/reader';
import type { ArchiveKind, ArchiveReader, OpenOptions } from './types';
import { ForeignExtractor } from './wasm/foreign';

/** The kind of the file at `path` judged by its first bytes. */
export async function detectArchiveKindOfFile(path: string): Promise<ArchiveKind> {
  const source = await FileSource.open(path);
  try {
    const head = new Uint8Array(Math.min(DETECT_BYTES, source.size));
    source.readIntoSync(head, 0);
    return detectArchiveKind(head);
  } finally {
    await source.close();
  }
}

/**
 * Opens a 7z or CAB archive by its content (the extension is not consulted) and parses its listing.
 * Fails with an ArchiveError: 'not-archive' (with the detected kind, e.g. "zip"), 'truncated', 'corrupt',
 * 'encrypted' (7z with encrypted names), 'limit-exceeded'.
 */
export async function openArchive(path: string, options: OpenOptions = {}): Promise<ArchiveReader> {
  throwIfAborted(options.signal);
  const limits = resolveLimits(options.limits);
  const source = await FileSource.open(path);
  try {
    const head = new Uint8Array(Math.min(DETECT_BYTES, source.size));
    source.readIntoSync(head, 0);
    const kind = detectArchiveKind(head);
    if (kind === '7z' || kind === 'cab') {
      const foreign = new ForeignExtractor(path, kind);
      const opener = (_: string, entry: Parameters<ForeignExtractor['open']>[0], wanted?: number) => foreign.open(entry, wanted);
      const reader = kind === '7z' ? await SevenZipReader.open(source, limits, opener) : await CabReader.open(source, limits, opener);
      reader.onClose(() => foreign.dispose());
      reader.verifyForeignWith(() => foreign.wholeFailure());
      return reader;
    }
    const what = kind === 'unknown' ? bi('格式不明', 'of an unknown format') : kind === 'empty' ? bi('是空檔案', 'empty') : bi(`是 ${kind.toUpperCase()} 檔`, `a ${kind.toUpperCase()} file`);
    throw new ArchiveError('not-archive', bi(`${path} ${what['zh-TW']}`, `${path} is ${what.en}`));
  } catch (e) {
    await source.close();
    throw toArchiveError(e, path);
  }
}
