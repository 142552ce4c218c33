import * as vscode from 'vscode';
import { firstMissingFolder } from './missingFolder';

/** The archive names a watcher reports (relative to the folder it watches), in the spellings batches use. */
export const ARCHIVE_FILES = '*.{7z,7Z,cab,CAB,Cab}';
const ARCHIVE_NAME = /\.(7z|cab)$/i;

interface Watched {
  csvs: Set<string>;
  /** The watcher of the moment: on the archives in the folder, or on its nearest existing ancestor while it is missing. */
  watcher?: vscode.Disposable;
  /** Counts the times it was armed: an older arming that settles late leaves the newer one alone. */
  armed: number;
  /** Inside a workspace folder: the workspace-wide watcher sees its archives once it exists. */
  inWorkspace: boolean;
}

/**
 * Watches the archive folders of checked CSVs that lie outside every workspace folder, which the
 * workspace-wide watcher does not see (nhiImaging.archiveFolder set to another disk, or a CSV opened
 * from outside the workspace). VS Code's own watcher on a RelativePattern with a folder Uri is used
 * rather than fs.watch in the server: it behaves the same on Windows, macOS and Linux (fs.watch
 * reports renames and deletions differently per OS and keeps a watched folder from being deleted
 * on Windows), honours files.watcherExclude, and runs where the files are in a remote window.
 *
 * A folder that does not exist yet (a PACS export creates it with the archives) is waited for: its
 * nearest existing ancestor is watched, not recursively and for the one name on the way down, and once
 * the folder is there its archives are watched and those already in it reported. So is one inside the
 * workspace: the workspace-wide watcher misses archives written into a folder created just before them.
 */
export class ArchiveFolderWatchers implements vscode.Disposable {
  private readonly watched = new Map<string, Watched>();
  private readonly folderOf = new Map<string, string>();

  constructor(private readonly onChange: (archive: vscode.Uri) => void) {}

  /** The archives of `csv` are now looked for in `folder` (a file-system path), or no longer at all. */
  track(csv: string, folder: string | undefined): void {
    const previous = this.folderOf.get(csv);
    if (previous === folder) return;
    if (previous !== undefined) this.release(csv, previous);
    if (folder === undefined) return;
    this.folderOf.set(csv, folder);
    const entry = this.watched.get(folder);
    if (entry) {
      entry.csvs.add(csv);
      return;
    }
    // Watched at once, as the folder most often exists: an archive written right after the check is seen.
    const inWorkspace = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder)) !== undefined;
    const added: Watched = { csvs: new Set([csv]), armed: 0, inWorkspace, watcher: inWorkspace ? undefined : this.archiveWatcher(folder) };
    this.watched.set(folder, added);
    void this.arm(folder, added, false);
  }

  dispose(): void {
    for (const entry of this.watched.values()) entry.watcher?.dispose();
    this.watched.clear();
    this.folderOf.clear();
  }

  /**
   * Keeps the archive watcher of a folder that exists (`appeared`: makes one, the folder having just been
   * created), else waits for the first missing folder on its path.
   */
  private async arm(folder: string, entry: Watched, appeared: boolean): Promise<void> {
    const armed = ++entry.armed;
    const current = () => this.watched.get(folder) === entry && entry.armed === armed;
    const missing = await firstMissingFolder(folder, isFolder);
    if (!current()) return;
    if (missing === 'exists' && !appeared) return;
    entry.watcher?.dispose();
    entry.watcher = undefined;
    if (missing === 'unreachable') return;
    if (missing === 'exists') {
      if (!entry.inWorkspace) entry.watcher = this.archiveWatcher(folder);
      // Archives written with the folder, before the watcher started, are news too.
      for (const archive of await archivesIn(folder)) if (current()) this.onChange(archive);
      return;
    }
    const waiting = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(missing.parent), missing.name), false, true, true);
    waiting.onDidCreate(() => void (current() && this.arm(folder, entry, true)));
    entry.watcher = waiting;
    // Created while the watcher was being set up: it would not say so.
    if (current() && (await isFolder(vscode.Uri.joinPath(vscode.Uri.file(missing.parent), missing.name).fsPath)) && current()) void this.arm(folder, entry, true);
  }

  private archiveWatcher(folder: string): vscode.FileSystemWatcher {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), ARCHIVE_FILES));
    watcher.onDidCreate(this.onChange);
    watcher.onDidChange(this.onChange);
    watcher.onDidDelete(this.onChange);
    return watcher;
  }

  private release(csv: string, folder: string): void {
    this.folderOf.delete(csv);
    const entry = this.watched.get(folder);
    if (!entry) return;
    entry.csvs.delete(csv);
    if (entry.csvs.size > 0) return;
    entry.watcher?.dispose();
    this.watched.delete(folder);
  }
}

function isFolder(fsPath: string): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.file(fsPath))).then(
    (s) => (s.type & vscode.FileType.Directory) !== 0,
    () => false,
  );
}

async function archivesIn(folder: string): Promise<vscode.Uri[]> {
  const base = vscode.Uri.file(folder);
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(base)).catch(() => []);
  return entries.filter(([name, type]) => type === vscode.FileType.File && ARCHIVE_NAME.test(name)).map(([name]) => vscode.Uri.joinPath(base, name));
}
