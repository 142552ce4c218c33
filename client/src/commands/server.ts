import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { pick } from '../i18n';
import { restartOnce } from '../restarts';

export const SHOW_LOG = 'nhiImaging.showServerLog';
export const RESTART_SERVER = 'nhiImaging.restartServer';

/** The Output channel and a restart, for when something looks wrong. */
export const registerServerCommands: Feature = ({ extension, client, output }) => {
  const restart = async () => {
    output.appendLine(pick({ 'zh-TW': '重新啟動語言伺服器…', en: 'Restarting the language server…' }));
    try {
      await (client.isRunning() ? client.restart() : client.start());
      output.appendLine(pick({ 'zh-TW': '語言伺服器已重新啟動。', en: 'The language server is running again.' }));
    } catch (err) {
      reportStartFailure(output, err);
    }
  };
  extension.subscriptions.push(
    vscode.commands.registerCommand(SHOW_LOG, () => output.show(true)),
    vscode.commands.registerCommand(RESTART_SERVER, () => restartOnce(client, restart)),
  );
};

export function reportStartFailure(output: vscode.OutputChannel, err: unknown): void {
  output.appendLine(String(err instanceof Error ? (err.stack ?? err.message) : err));
  const showLog = pick({ 'zh-TW': '顯示記錄', en: 'Show Log' });
  void vscode.window
    .showErrorMessage(
      pick({
        'zh-TW': '健保影像上傳：語言伺服器無法啟動。',
        en: 'NHI Imaging: the language server could not start.',
      }),
      showLog,
    )
    .then((choice) => {
      if (choice === showLog) output.show(true);
    });
}
