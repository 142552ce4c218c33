import type { ArchiveEntry } from '../archive/types';
import { bi } from '../i18n';
import type { Bilingual } from '../types';

/** A ".." path part, between separators of either kind or at either end. */
const DOT_DOT_PART = /(^|[\\/])\.\.([\\/]|$)/;

/** Any of the three tests below in one: most names match none, and every entry is asked twice. */
const MAYBE_UNSAFE_NAME = /^[\\/]|^[A-Za-z]:|(?:^|[\\/])\.\.(?:[\\/]|$)/;

/** A name of no part but empty ones and ".": nothing to unpack a file as. */
const NO_NAME = /^(?:\.?[\\/])*\.?$/;

/** Why an entry name is unsafe to extract, or null. */
export function unsafeEntryName(entry: ArchiveEntry): Bilingual | null {
  const name = entry.rawName || entry.name;
  if (entry.isSymlink) return bi('是符號連結', 'is a symbolic link');
  if (!entry.isDirectory && NO_NAME.test(name) && !/^[\\/]/.test(name)) return bi('沒有檔名', 'has no name');
  if (!MAYBE_UNSAFE_NAME.test(name)) return null;
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return bi('是絕對路徑', 'is an absolute path');
  if (DOT_DOT_PART.test(name)) return bi('含有「..」', 'contains ".."');
  return null;
}

export function dirOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i + 1);
}

export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export function normalise(name: string): string {
  // Most names hold no backslash, "./" or "//": asked of every entry, they are returned as they are.
  if (!name.includes('\\') && !name.includes('./') && !name.includes('//')) return name;
  // As 7-Zip unpacks them: "." parts and empty ones (bsdtar stores "./A.jpg", "a/./b.jpg" and "a//b.jpg" as given) are no folders.
  return name.replace(/\\/g, '/').replace(/\/(?:\.?\/)+/g, '/').replace(/^(?:\.\/)+/, '');
}

/** An archive's files by name: exactly, with letter case ignored (as FAT and ISO 9660 compare), and by last component. */
export class EntryIndex {
  readonly exact = new Map<string, ArchiveEntry>();
  readonly folded = new Map<string, ArchiveEntry>();
  constructor(entries: readonly ArchiveEntry[]) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.isDirectory) continue;
      const n = normalise(e.name);
      this.exact.set(n, e);
      const folded = n.toUpperCase();
      if (!this.folded.has(folded)) this.folded.set(folded, e);
    }
  }
  find(path: string): { entry: ArchiveEntry; caseDiffers: boolean } | null {
    const e = this.exact.get(path);
    if (e) return { entry: e, caseDiffers: false };
    const f = this.folded.get(path.toUpperCase());
    return f ? { entry: f, caseDiffers: true } : null;
  }

  /** Files by their last component, letter case ignored: made at the first File ID that names no file. */
  private byBaseName: Map<string, string[]> | undefined;

  /**
   * The shortest file path under `base` that ends in `/` + `path` (letter case ignored), and the folder between:
   * where a File ID that names no file points when the DICOMDIR was made inside a folder of the file-set
   * (gdcmgendir -i IMG), its IDs missing the folder.
   */
  findBelowAFolder(base: string, path: string): { path: string; folder: string } | null {
    if (!this.byBaseName) {
      this.byBaseName = new Map();
      for (const n of this.folded.keys()) {
        const key = baseName(n);
        const list = this.byBaseName.get(key);
        if (list) list.push(n);
        else this.byBaseName.set(key, [n]);
      }
    }
    const tail = `/${path.toUpperCase()}`;
    const under = base.toUpperCase();
    let best: string | null = null;
    for (const n of this.byBaseName.get(baseName(tail)) ?? []) if (n.startsWith(under) && n.endsWith(tail) && (best === null || n.length < best.length)) best = n;
    if (best === null) return null;
    const found = normalise(this.folded.get(best)!.name);
    return { path: found, folder: found.slice(base.length, found.length - tail.length) };
  }
}
