/**
 * How a command that reads from disk says it did not run. In an untrusted workspace, which refuses every such
 * command, the message offers VS Code's own Manage Workspace Trust, where the refusal is lifted. Pure (no `vscode`
 * import) so it can be unit-tested; the commands pass VS Code's message and command functions.
 */
import type { Bilingual } from '../../server/src/core/types';
import type { DisplayLang } from './i18n';

/** VS Code's command behind "Workspaces: Manage Workspace Trust". */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';
export const MANAGE_TRUST: Bilingual = { 'zh-TW': '管理工作區信任', en: 'Manage Workspace Trust' };

export interface RefusalUi {
  /** Shows the message with these buttons; resolves to the one chosen. */
  show(message: string, buttons: string[]): PromiseLike<string | undefined>;
  executeCommand(command: string): PromiseLike<unknown>;
}

export async function showRefusal(ui: RefusalUi, message: string, trusted: boolean, lang: DisplayLang): Promise<void> {
  if (trusted) {
    await ui.show(message, []);
    return;
  }
  const button = MANAGE_TRUST[lang];
  if ((await ui.show(message, [button])) === button) await ui.executeCommand(MANAGE_TRUST_COMMAND);
}
