import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { targetDocument } from '../commandTarget';
import { pick } from '../i18n';
import { LANGUAGE_ID } from '../languageClient';
import { serverReady } from '../serverStopped';

export const FIX_ALL = 'nhiImaging.fixAll';

/**
 * Applies every mechanical fix the server offers for a file (its source.fixAll action).
 * Asks for the action and applies its edit directly, so it works on the document itself and
 * does not depend on which editor has focus. Resolves to whether an edit was applied.
 */
export const registerFixAll: Feature = ({ extension, client }) => {
  extension.subscriptions.push(
    vscode.commands.registerCommand(FIX_ALL, async (target?: unknown): Promise<boolean> => {
      const document = await targetDocument(target);
      if (document === null) return false;
      if (!document || document.languageId !== LANGUAGE_ID) {
        void vscode.window.showWarningMessage(
          pick({ 'zh-TW': '請先開啟一個上傳 CSV 檔案。', en: 'Open an upload CSV first.' }),
        );
        return false;
      }
      // Without a server there is no fix to ask for: not "nothing to fix", but that it is not running.
      if (!(await serverReady(client))) return false;
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          whole,
          vscode.CodeActionKind.SourceFixAll.value,
          // The server makes fix-all's edit when the action is resolved.
          1,
        )) ?? [];
      const fixAll = actions.find((a) => a.edit && a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
      if (!fixAll?.edit) {
        vscode.window.setStatusBarMessage(pick({ 'zh-TW': '沒有可自動修正的問題', en: 'Nothing to fix automatically' }), 4000);
        return false;
      }
      const applied = await vscode.workspace.applyEdit(fixAll.edit);
      if (applied && fixAll.command) {
        await vscode.commands.executeCommand(fixAll.command.command, ...(fixAll.command.arguments ?? []));
      }
      if (applied) vscode.window.setStatusBarMessage(fixAll.title, 4000);
      return applied;
    }),
  );
};
