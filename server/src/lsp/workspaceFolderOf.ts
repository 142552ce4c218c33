import type { WorkspaceFolder } from 'vscode-languageserver';
import { isWithinPath } from '../core/local-paths';
import { localPathOf } from './localPath';

/**
 * The workspace folder a document belongs to: the innermost folder holding it, as VS Code scopes
 * resource settings (a folder's `.vscode/settings.json`, a .code-workspace file's folder settings).
 * Local files are compared as paths (drive-letter case, escapes); other URIs by their text.
 */
export function workspaceFolderOf(
  uri: string,
  folders: readonly WorkspaceFolder[],
  platform: NodeJS.Platform = process.platform,
): WorkspaceFolder | undefined {
  const filePath = localPathOf(uri, platform);
  let best: WorkspaceFolder | undefined;
  let bestLength = -1;
  for (const folder of folders) {
    const folderPath = localPathOf(folder.uri, platform);
    const holds =
      filePath !== undefined && folderPath !== undefined
        ? isWithinPath(filePath, folderPath, platform)
        : uri === folder.uri || uri.startsWith(folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`);
    const length = folderPath?.length ?? folder.uri.length;
    if (holds && length > bestLength) {
      best = folder;
      bestLength = length;
    }
  }
  return best;
}
