import * as vscode from 'vscode';
import type { RefusalUi } from './refusal';

export { showRefusal } from './refusal';

/** A refusal as a warning notification, its button running VS Code's command. */
export const warningUi: RefusalUi = {
  show: (message, buttons) => vscode.window.showWarningMessage(message, ...buttons),
  executeCommand: (command) => vscode.commands.executeCommand(command),
};
