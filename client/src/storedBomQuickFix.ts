import * as vscode from 'vscode';
import type { Feature } from './feature';
import { pick } from './i18n';
import { LANGUAGE_ID } from './languageClient';

/** VS Code's own command behind the encoding in the status bar: Reopen or Save with Encoding, then the encoding. */
export const CHANGE_FILE_ENCODING = 'workbench.action.editor.changeEncoding';

const BOM_RULE = 'FILE-bom';

/**
 * A quick fix for a BOM on disk that the editor's text does not hold (VS Code drops it when it opens the file and
 * writes it back on save): no edit of the text removes it, so the server has no fix for it, and fix-all leaves
 * it. The quick fix opens VS Code's Change File Encoding, so that Ctrl+. at the problem leads to Save with
 * Encoding → UTF-8 without a click on the status bar.
 */
export const registerStoredBomQuickFix: Feature = ({ extension }) => {
  extension.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      { language: LANGUAGE_ID, scheme: 'file' },
      { provideCodeActions: storedBomQuickFixes },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
};

export function storedBomQuickFixes(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
  if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
  // A BOM in the text is the server's to fix, with an edit.
  if (document.getText(new vscode.Range(0, 0, 0, 1)) === '\uFEFF') return [];
  const onDisk = context.diagnostics.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === BOM_RULE);
  if (onDisk.length === 0) return [];
  const action = new vscode.CodeAction(
    pick({ 'zh-TW': '以不含 BOM 的 UTF-8 儲存（變更檔案編碼 → 以編碼儲存 → UTF-8）', en: 'Save as UTF-8 without the BOM (Change File Encoding → Save with Encoding → UTF-8)' }),
    vscode.CodeActionKind.QuickFix,
  );
  action.diagnostics = onDisk;
  action.isPreferred = true;
  action.command = { command: CHANGE_FILE_ENCODING, title: action.title };
  return [action];
}
