/**
 * The file a command is given: by VS Code's menus (explorer, editor title) as a URI, by another extension
 * (executeCommand) as a URI or a string, by a keybinding's `args` as a string (JSON has no URI). A string is a URI
 * with its scheme (`file:///…`) or an absolute path. What cannot be opened is said in the message language, instead
 * of the command failing with VS Code's "Running the contributed command … failed".
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pick } from './i18n';

/** The URI a command argument names; undefined when it names none (no argument, or the arguments of another kind). */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg !== 'string' || arg === '') return undefined;
  // Two letters or more: a URI's scheme, not a Windows drive (C:\…).
  if (/^[a-z][a-z0-9+.-]+:/i.test(arg)) return vscode.Uri.parse(arg);
  return vscode.Uri.file(path.isAbsolute(arg) ? arg : path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '/', arg));
}

/** Whether the file `uri` names is there; if not (or it is a folder), the user is told and false is answered. */
export async function targetExists(uri: vscode.Uri): Promise<boolean> {
  const name = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
  let type: vscode.FileType;
  try {
    type = (await vscode.workspace.fs.stat(uri)).type;
  } catch (e) {
    const missing = e instanceof vscode.FileSystemError && e.code === 'FileNotFound';
    void vscode.window.showErrorMessage(
      missing
        ? pick({ 'zh-TW': `找不到檔案 ${name}。`, en: `The file ${name} does not exist.` })
        : pick({ 'zh-TW': `無法讀取 ${name}：${errorText(e)}`, en: `${name} cannot be read: ${errorText(e)}` }),
    );
    return false;
  }
  if (type & vscode.FileType.Directory) {
    void vscode.window.showErrorMessage(pick({ 'zh-TW': `${name} 是資料夾，不是 CSV 檔案。`, en: `${name} is a folder, not a CSV file.` }));
    return false;
  }
  return true;
}

/**
 * The document of the file a command is given, else the active editor's (undefined when there is none); null when
 * the file given cannot be opened, which the user has been told.
 */
export async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined | null> {
  const uri = targetUri(arg);
  if (!uri) return vscode.window.activeTextEditor?.document;
  // Open already (an untitled one, which no file system holds; a file since deleted, its text still in the editor).
  const key = uri.toString();
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (open) return open;
  if (uri.scheme !== 'untitled' && !(await targetExists(uri))) return null;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    // There, but not to be opened as text (over 50 MB, binary).
    const name = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
    void vscode.window.showErrorMessage(pick({ 'zh-TW': `無法開啟 ${name}：${errorText(e)}`, en: `${name} cannot be opened: ${errorText(e)}` }));
    return null;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
