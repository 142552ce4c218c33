import * as vscode from 'vscode';

/** The archive names a watcher reports (relative to the folder it watches), in the spellings batches use. */
export const ARCHIVE_FILES = '*.{7z,7Z,cab,CAB,Cab}';

/**
 * Watches the archive folders of checked CSVs that lie outside every workspace folder, which the
 * workspace-wide watcher does not see (nhiImaging.archiveFolder set to another disk, or a CSV opened
 * from outside the workspace). VS Code's own watcher on a RelativePattern with a folder Uri is used
 * rather than fs.watch in the server: it behaves the same on Windows, macOS and Linux (fs.watch
 * reports renames and deletions differently per OS and keeps a watched folder from being deleted
 * on Windows), honours files.watcherExclude, and runs where the files are in a remote window.
 */
export class ArchiveFolderWatchers implements vscode.Disposable {
  private readonly watched = new Map<string, { watcher: vscode.FileSystemWatcher; csvs: Set<string> }>();
  private readonly folderOf = new Map<string, string>();

  constructor(private readonly onChange: (archive: vscode.Uri) => void) {}

  /** The archives of `csv` are now looked for in `folder` (a file-system path), or no longer at all. */
  track(csv: string, folder: string | undefined): void {
    const previous = this.folderOf.get(csv);
    if (previous === folder) return;
    if (previous !== undefined) this.release(csv, previous);
    if (folder === undefined || vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder))) return;
    this.folderOf.set(csv, folder);
    const entry = this.watched.get(folder);
    if (entry) {
      entry.csvs.add(csv);
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), ARCHIVE_FILES));
    watcher.onDidCreate(this.onChange);
    watcher.onDidChange(this.onChange);
    watcher.onDidDelete(this.onChange);
    this.watched.set(folder, { watcher, csvs: new Set([csv]) });
  }

  dispose(): void {
    for (const { watcher } of this.watched.values()) watcher.dispose();
    this.watched.clear();
    this.folderOf.clear();
  }

  private release(csv: string, folder: string): void {
    this.folderOf.delete(csv);
    const entry = this.watched.get(folder);
    if (!entry) return;
    entry.csvs.delete(csv);
    if (entry.csvs.size > 0) return;
    entry.watcher.dispose();
    this.watched.delete(folder);
  }
}
