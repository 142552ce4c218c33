import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { baseName } from '../core/rules/file-name';
import { isWindowsDriveFolder } from '../core/windows-names';

/** A path to check, or a path given on the command line that could not be opened. */
export type Target = { path: string; error?: NodeJS.ErrnoException };

const CSV = /\.csv$/i;
/**
 * What other systems leave beside the files of a folder, never an upload CSV: the AppleDouble `._name` twins
 * macOS writes on FAT, exFAT and network drives (and the `__MACOSX` folders of zips made on a Mac), and the
 * `~$name` owner files Excel keeps while a file is open. Named on the command line they are checked all the same.
 */
const LEFT_BY_OTHER_SYSTEMS = /^(\._|~\$|__MACOSX$)/;

/** `*` and `?`, which no Windows file name holds: a pattern the shell left for the program to expand. */
const WILDCARD = /[*?]/;

/**
 * The files to check, in a stable order: each path given, and for folders every *.csv below
 * them (sorted by name; symbolic links to folders are not followed, so no cycles; files other systems
 * leave beside a CSV are skipped, see LEFT_BY_OTHER_SYSTEMS). A path that
 * cannot be opened comes back with its error so the run can report it and go on. On Windows a
 * wildcard pattern is expanded here (see matching).
 */
export async function* targets(paths: string[], platform: NodeJS.Platform = process.platform, seen: SeenFiles = new SeenFiles()): AsyncGenerator<Target> {
  for (const given of paths) {
    const expanded = platform === 'win32' && WILDCARD.test(baseName(given)) ? await matching(given) : [given];
    if (expanded.length === 0) yield { path: given, error: Object.assign(new Error('no file matches this pattern'), { code: 'NO_MATCH' }) };
    for (const path of expanded) {
      for await (const found of target(path)) if (await seen.first(found)) yield found;
    }
  }
}

/**
 * The files met so far in one run. A file named twice (a folder and a CSV in it, `a.csv ./a.csv`, another letter
 * case on Windows, a link) is checked or fixed once: twice, its rows would count twice in the totals and be
 * compared with themselves across batches. A file is known by its device and file id, a path that cannot be
 * read by the path.
 */
export class SeenFiles {
  private readonly keys = new Set<string>();

  /** True the first time `target`'s file is met. */
  async first(target: Target): Promise<boolean> {
    const key = target.error ? `path:${target.path}` : await fileKey(target.path);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }
}

async function fileKey(path: string): Promise<string> {
  try {
    const info = await stat(path, { bigint: true });
    // A file system without file ids gives 0 for every file: there the path tells files apart.
    return info.ino === 0n ? `path:${path}` : `id:${info.dev}:${info.ino}`;
  } catch {
    return `path:${path}`;
  }
}

async function* target(path: string): AsyncGenerator<Target> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    yield { path, error: error as NodeJS.ErrnoException };
    return;
  }
  if (!info.isDirectory()) {
    yield { path };
    return;
  }
  let found = 0;
  for await (const target of walk(path)) {
    found++;
    yield target;
  }
  // A folder given without a CSV in it is most likely a wrong path: not a silent success.
  if (found === 0) yield { path, error: Object.assign(new Error('no .csv file in this folder'), { code: 'NO_CSV' }) };
}

async function* walk(dir: string): AsyncGenerator<Target> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield { path: dir, error: error as NodeJS.ErrnoException };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (passedOver(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (CSV.test(entry.name)) yield { path };
  }
}

/**
 * cmd.exe and PowerShell pass `*.csv` to a program as typed, leaving the expansion to it. A pattern in the last
 * part of a path (`*.csv`, `batches\3501200000_2025*.csv`) names what its folder holds that matches, letter case
 * aside as Windows compares names, in name order; what a folder's search passes over is left out here too.
 */
async function matching(pattern: string): Promise<string[]> {
  const name = baseName(pattern);
  const dir = pattern.slice(0, pattern.length - name.length);
  const wanted = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
  let names: string[];
  try {
    names = await readdir(dir === '' ? '.' : dir);
  } catch {
    return [];
  }
  return names.filter((n) => wanted.test(n) && !passedOver(n)).sort().map((n) => dir + n);
}

/** What a search passes over: what other systems leave beside a CSV, and the folders of a drive's root (`check E:\`). */
function passedOver(name: string): boolean {
  return LEFT_BY_OTHER_SYSTEMS.test(name) || isWindowsDriveFolder(name);
}
