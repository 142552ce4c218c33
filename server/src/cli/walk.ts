import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A path to check, or a path given on the command line that could not be opened. */
export type Target = { path: string; error?: NodeJS.ErrnoException };

const CSV = /\.csv$/i;
/**
 * What other systems leave beside the files of a folder, never an upload CSV: the AppleDouble `._name` twins
 * macOS writes on FAT, exFAT and network drives (and the `__MACOSX` folders of zips made on a Mac), and the
 * `~$name` owner files Excel keeps while a file is open. Named on the command line they are checked all the same.
 */
const LEFT_BY_OTHER_SYSTEMS = /^(\._|~\$|__MACOSX$)/;

/**
 * The files to check, in a stable order: each path given, and for folders every *.csv below
 * them (sorted by name; symbolic links to folders are not followed, so no cycles; files other systems
 * leave beside a CSV are skipped, see LEFT_BY_OTHER_SYSTEMS). A path that
 * cannot be opened comes back with its error so the run can report it and go on.
 */
export async function* targets(paths: string[]): AsyncGenerator<Target> {
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      yield { path, error: error as NodeJS.ErrnoException };
      continue;
    }
    if (!info.isDirectory()) {
      yield { path };
      continue;
    }
    let found = 0;
    for await (const target of walk(path)) {
      found++;
      yield target;
    }
    // A folder given without a CSV in it is most likely a wrong path: not a silent success.
    if (found === 0) yield { path, error: Object.assign(new Error('no .csv file in this folder'), { code: 'NO_CSV' }) };
  }
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
    if (LEFT_BY_OTHER_SYSTEMS.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (CSV.test(entry.name)) yield { path };
  }
}
