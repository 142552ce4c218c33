import * as vscode from 'vscode';
import { ErrorCodes, ResponseError, State, type LanguageClient } from 'vscode-languageclient/node';
import type { Bilingual } from '../../server/src/core/types';
import { RESTART_SERVER } from './commands/server';
import { pick } from './i18n';
import { restartUnderWay } from './restarts';

/** Whether a request failed because the language server stopped (a restart, a crash) before it answered. */
export function stoppedDuring(e: unknown): boolean {
  return e instanceof ResponseError && e.code === ErrorCodes.PendingResponseRejected;
}

/**
 * A request's failure `e`, thrown on unless the language server stopped before it answered: then a warning says
 * `message` (to run the command again). Undefined, the command's result then.
 */
export function warnIfStoppedDuring(e: unknown, message: Bilingual): undefined {
  if (!stoppedDuring(e)) throw e;
  void vscode.window.showWarningMessage(pick(message));
  return undefined;
}

/**
 * Whether a command can ask the language server: it runs, or a restart or start under way (Restart Language Server,
 * also in the stop of the old server; the extension's activation, the automatic restart after a crash) ended with it
 * running. Otherwise the user is told it is not running, with a button that restarts it (the command is then run
 * again by the user).
 */
export async function serverReady(client: LanguageClient): Promise<boolean> {
  await restartUnderWay(client);
  if (client.state === State.Starting) await client.start().catch(() => undefined);
  if (client.isRunning()) return true;
  const restart = pick({ 'zh-TW': '重新啟動語言伺服器', en: 'Restart Language Server' });
  void vscode.window.showErrorMessage(pick({ 'zh-TW': '語言伺服器尚未啟動。', en: 'The language server is not running.' }), restart).then((choice) => {
    if (choice === restart) void vscode.commands.executeCommand(RESTART_SERVER);
  });
  return false;
}
