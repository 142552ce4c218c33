import { bi } from '../i18n';
import { promises as fsp } from 'node:fs';
import { ArchiveError, toArchiveError } from './errors';

/** One file to pack: where it goes in the archive (`/`-separated) and where it is read from. */
export interface ArchiveInput {
  archivePath: string;
  sourcePath: string;
}

export interface WriteProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface WriteResult {
  path: string;
  /** Size of the written archive. */
  bytes: number;
  entries: number;
}

export interface StatedInput extends ArchiveInput {
  size: number;
  mtimeMs: number;
  /** The modification time to the nanosecond, as the file system keeps it (mtimeMs, a double, holds about 0.2 µs). */
  mtimeNs: bigint;
}

/** Checks archive names (relative, no `..`, no duplicates) and stats every source. */
export async function statInputs(files: readonly ArchiveInput[]): Promise<StatedInput[]> {
  if (files.length === 0) throw new ArchiveError('bad-input', bi('沒有指定任何檔案', 'no files given'));
  const seen = new Set<string>();
  const out: StatedInput[] = [];
  for (const f of files) {
    const name = f.archivePath;
    const parts = name.split('/');
    if (!name || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..') || name.includes('\0')) {
      throw new ArchiveError('bad-input', bi(`項目名稱「${name}」須為相對路徑，不可含「..」、「.」或空白的路徑段`, `entry name "${name}" must be a relative path without "..", "." or empty parts`));
    }
    const key = name.toLowerCase();
    if (seen.has(key)) throw new ArchiveError('bad-input', bi(`項目名稱「${name}」出現兩次`, `entry name "${name}" appears twice`));
    seen.add(key);
    let st;
    try {
      st = await fsp.stat(f.sourcePath, { bigint: true });
    } catch (e) {
      throw toArchiveError(e, f.sourcePath, 'source');
    }
    if (!st.isFile()) throw new ArchiveError('bad-input', bi(`${f.sourcePath} 不是一般檔案`, `${f.sourcePath} is not a regular file`));
    out.push({ ...f, size: Number(st.size), mtimeMs: Number(st.mtimeMs), mtimeNs: st.mtimeNs });
  }
  return out;
}
