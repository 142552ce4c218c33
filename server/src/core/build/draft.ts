import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { dicmWithoutPreamble, looksLikeDataSet } from '../dicom/read';
import { SOP_CLASS } from '../dicom/uids';
import { isWindowsDriveFolder } from '../windows-names';
import { isFolderLeftover } from '../folder-leftovers';
import { detectArchiveKind } from '../archive/detect';
import type { ArchiveKind } from '../archive/types';
import { otherFormat, PDF_DOCUMENT } from '../images/jpeg';
import type { Bilingual } from '../types';

/** How the draft findings name an empty file among those left out. */
const EMPTY: Bilingual = { 'zh-TW': '空檔案', en: 'empty' };

/**
 * A draft row's images: field 14 holds a path relative to the CSV (a folder, or one file; several
 * separated by `;`; each may be in double quotes, start with `~` for the home folder and hold `%NAME%`
 * variables). Files are told apart by content, not by extension: DICOM Part 10 ("DICM" at
 * byte 128) or JPEG (FF D8 FF). A file named DICOMDIR, or whose Media Storage SOP Class is the
 * Media Storage Directory, is an existing directory wherever it is (a CD copied into a subfolder),
 * never an instance. Symbolic links to files and folders are followed, each file and folder taken once
 * (a link back up the tree ends there); a link to nothing is listed with the files that are not images.
 * Sources are only read.
 */

export type ImageKind = 'dicom' | 'jpeg';

export interface DraftFile {
  path: string;
  /** Path relative to the draft folder it was found in, with `/`. */
  relativePath: string;
  size: number;
  /** The file's modification time when it was found: packing checks that it is still the file the row was planned from. */
  mtimeMs: number;
  kind: ImageKind;
}

export interface DraftImages {
  /** Absolute source paths as written in field 14, resolved against the CSV's folder. */
  sources: string[];
  files: DraftFile[];
  /** Existing DICOMDIRs, at any depth; `root` is the source folder, `relativePath` as for files. */
  dicomdirs: { path: string; root: string; relativePath: string; size: number; mtimeMs: number }[];
  /** Files that are neither DICOM nor JPEG (junk like Thumbs.db is skipped silently). */
  unknown: string[];
  /** Those of `unknown` that are archives (a PACS export as ZIP, a 7z), by their magic bytes. */
  archives: { path: string; kind: ArchiveKind }[];
  /** Those of `unknown` that are empty or in an image format the upload does not take (a PNG saved as .jpg), by their first bytes. */
  otherFormats: { path: string; format: Bilingual }[];
  /** DICOM data sets without the Part 10 header (no preamble and "DICM", or "DICM" without the preamble): not packable as they are. */
  noPart10: string[];
  /** Source paths that do not exist. */
  missing: string[];
}

/** Enough for the preamble, "DICM" and the start of the meta group, which names the SOP class. */
const HEAD_BYTES = 512;

export function draftSources(csvDir: string, value: string): string[] {
  return value
    .split(';')
    // Quotes around a path are Explorer's "Copy as path", kept as text by a spreadsheet that saved the pasted cell.
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1').trim())
    .filter((s) => s !== '')
    .map((s) => {
      const native = expandHome(expandVariables(s)).replace(/[\\/]/g, sep);
      // An absolute path (`D:\影像\王小明\`, `\\pacs\export\…`) normalised as a relative one is, without its trailing separator.
      return resolve(csvDir, native);
    });
}

/** `%NAME%` as Windows reads it (`%USERPROFILE%\Desktop`): the environment variable NAME, any letter case; one not set stays as written. */
function expandVariables(path: string): string {
  return path.replace(/%([^%\\/;]+)%/g, (whole, name: string) => {
    const key = name in process.env ? name : Object.keys(process.env).find((k) => k.toUpperCase() === name.toUpperCase());
    const value = key === undefined ? undefined : process.env[key];
    return value ? value : whole;
  });
}

/** `~` alone or before a `/` or `\`: the user's home folder, as a shell reads it. */
function expandHome(path: string): string {
  return /^~(?=$|[\\/])/.test(path) ? homedir() + path.slice(1) : path;
}

/** Where a build of the draft in `draftDir` writes when no other folder is named (`--out`). */
export function defaultOutputFolder(draftDir: string): string {
  return join(draftDir, 'upload');
}

/**
 * The images of a draft row's field 14. The build's output folders, `upload/` beside the draft and `outDir` (`--out`),
 * hold earlier batches, which a source folder that holds them (`.`, the draft's own folder) must not take for images.
 */
export async function collectDraftImages(csvDir: string, value: string, signal?: AbortSignal, outDir?: string): Promise<DraftImages> {
  return collectImages(draftSources(csvDir, value), signal, outDir === undefined ? [defaultOutputFolder(csvDir)] : [defaultOutputFolder(csvDir), outDir]);
}

/**
 * The images of source paths already resolved (draftSources; a sent row's, as its ledger record holds them). A folder
 * below a source that is one of `outputs` (the build's output folders) is passed over; named as a source itself, it is read.
 */
export async function collectImages(sources: string[], signal?: AbortSignal, outputs: readonly string[] = []): Promise<DraftImages> {
  const out: DraftImages = { sources, files: [], dicomdirs: [], unknown: [], archives: [], otherFormats: [], noPart10: [], missing: [] };
  const seen = new Set<string>();
  // Marked as seen, the walk does not enter them (firstVisit).
  const named = await Promise.all(sources.map((p) => fsp.realpath(p).catch(() => p)));
  for (const folder of outputs) {
    const real = await fsp.realpath(folder).catch(() => undefined);
    if (real !== undefined && !named.includes(real)) seen.add(real);
  }
  for (const src of sources) {
    let st;
    try {
      st = await fsp.stat(src);
    } catch {
      out.missing.push(src);
      continue;
    }
    if (st.isDirectory()) {
      for await (const path of walk(src, { seen, top: await fsp.realpath(src), dangling: out.unknown }, signal)) await classifyInto(out, path, src);
    } else if (!st.isFile()) {
      // A named pipe or a device is no image, and opening one to read it could wait for ever.
      out.unknown.push(src);
    } else if (await firstVisit(seen, src)) {
      await classifyInto(out, src, join(src, '..'));
    }
  }
  out.files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return out;
}

/** A walk of one source folder: the real paths of the folders and files taken, the source's own, links that lead nowhere. */
interface Walk {
  seen: Set<string>;
  top: string;
  dangling: string[];
}

/**
 * The files below `dir`, through symbolic links too. A link to a folder that holds the source folder (`..`, the
 * drive) is not followed: it would take in the images of other rows and other patients.
 */
async function* walk(dir: string, w: Walk, signal?: AbortSignal): AsyncGenerator<string> {
  signal?.throwIfAborted();
  if (!(await firstVisit(w.seen, dir))) return;
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  // Links after the files and folders themselves: a file reached both ways is taken under its own name.
  entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    // A draft path of a drive's root (a USB stick, `E:\`) holds the Recycle Bin's deleted images too.
    if (isFolderLeftover(e.name) || isWindowsDriveFolder(e.name)) continue;
    const p = join(dir, e.name);
    const target = e.isSymbolicLink() ? await fsp.stat(p).catch(() => undefined) : e;
    if (!target) w.dangling.push(p);
    else if (target.isDirectory()) {
      if (!e.isSymbolicLink() || !holds(await fsp.realpath(p), w.top)) yield* walk(p, w, signal);
    } else if (target.isFile() && (await firstVisit(w.seen, p))) yield p;
  }
}

/** Whether folder `outer` is `inner` or holds it (real paths). */
function holds(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** Records the real path of `path` in `seen`; false when it was there already (a link to what was taken). */
async function firstVisit(seen: Set<string>, path: string): Promise<boolean> {
  const real = await fsp.realpath(path);
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

async function classifyInto(out: DraftImages, path: string, root: string): Promise<void> {
  const rel = relative(root, path).split(sep).join('/');
  if (basename(path).toUpperCase() === 'DICOMDIR') {
    const { size, mtimeMs } = await fsp.stat(path);
    out.dicomdirs.push({ path, root, relativePath: rel, size, mtimeMs });
    return;
  }
  if (isFolderLeftover(path)) return;
  const { kind, size, mtimeMs, head } = await sniff(path);
  if (kind === 'dicom' && mediaStorageSopClass(head) === SOP_CLASS.MediaStorageDirectory) out.dicomdirs.push({ path, root, relativePath: rel, size, mtimeMs });
  else if (kind) out.files.push({ path, relativePath: rel, size, mtimeMs, kind });
  else if (looksLikeDataSet(head) || dicmWithoutPreamble(head)) out.noPart10.push(path);
  else {
    out.unknown.push(path);
    const archive = detectArchiveKind(head);
    if (archive !== 'unknown' && archive !== 'empty') out.archives.push({ path, kind: archive });
    // A PDF beside the images (a PACS CD's viewer manual, a report) is no image exported in the wrong format.
    const format = size === 0 ? EMPTY : otherFormat(head);
    if (format && format !== PDF_DOCUMENT) out.otherFormats.push({ path, format });
  }
}

export async function sniff(path: string): Promise<{ kind: ImageKind | undefined; size: number; mtimeMs: number; head: Uint8Array }> {
  const h = await fsp.open(path, 'r');
  try {
    const { size, mtimeMs } = await h.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await h.read(head, 0, head.length, 0);
    return { kind: kindOf(head), size, mtimeMs, head };
  } finally {
    await h.close();
  }
}

export function kindOf(head: Uint8Array): ImageKind | undefined {
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return 'dicom';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  return undefined;
}

/** (0002,0002) from the explicit VR little endian meta group at the start of a Part 10 file, if the head holds it. */
function mediaStorageSopClass(head: Uint8Array): string | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (let at = 132; at + 8 <= head.length; ) {
    if (view.getUint16(at, true) !== 0x0002) return undefined;
    const element = view.getUint16(at + 2, true);
    const vr = String.fromCharCode(head[at + 4], head[at + 5]);
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
    if (long && at + 12 > head.length) return undefined;
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const start = at + (long ? 12 : 8);
    if (element === 0x0002) return start + length <= head.length ? Buffer.from(head.subarray(start, start + length)).toString('latin1').replace(/[\0 ]+$/, '') : undefined;
    at = start + length;
  }
  return undefined;
}
