import * as vscode from 'vscode';
import type { Feature } from '../feature';

export const FIX_ALL = 'nhiImaging.fixAll';

/** Applies every mechanical fix the server offers for the active file (its source.fixAll action). */
export const registerFixAll: Feature = ({ extension }) => {
  extension.subscriptions.push(
    vscode.commands.registerCommand(FIX_ALL, () =>
      vscode.commands.executeCommand('editor.action.sourceAction', {
        kind: vscode.CodeActionKind.SourceFixAll.value,
        apply: 'first',
      }),
    ),
  );
};
