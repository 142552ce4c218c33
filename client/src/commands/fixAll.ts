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
  /**
   * The run under way for each document (its URI). Another run of the same document (a double click, a keybinding
   * held) waits for it and then asks again: started at once, both would apply the edits made for the same text, the
   * second to a text the first had already changed.
   */
  const running = new Map<string, Promise<boolean>>();

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
      const key = document.uri.toString();
      const before = running.get(key);
      const run = (async () => {
        await before?.then(undefined, () => undefined);
        // Without a server there is no fix to ask for: not "nothing to fix", but that it is not running.
        return (await serverReady(client)) && fixAll(document);
      })();
      running.set(key, run);
      try {
        return await run;
      } finally {
        if (running.get(key) === run) running.delete(key);
      }
    }),
  );
};

async function fixAll(document: vscode.TextDocument): Promise<boolean> {
  const version = document.version;
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
  const action = actions.find((a) => a.edit && a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
  if (!action?.edit) {
    vscode.window.setStatusBarMessage(pick({ 'zh-TW': '沒有可自動修正的問題', en: 'Nothing to fix automatically' }), 4000);
    return false;
  }
  // Edited while the fixes were made (typing): they are of a text that is no more, and would land in the wrong places.
  if (document.version !== version) {
    void vscode.window.showWarningMessage(
      pick({
        'zh-TW': '檔案在計算修正時變更了，未套用修正；請再執行一次「修正所有可自動修正的問題」。',
        en: 'The file changed while its fixes were made, so none was applied: run Fix All Mechanical Problems again.',
      }),
    );
    return false;
  }
  const applied = await vscode.workspace.applyEdit(action.edit);
  if (applied && action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
  if (applied) vscode.window.setStatusBarMessage(action.title, 4000);
  return applied;
}
