import * as vscode from 'vscode';
import type { Feature } from '../feature';

export const OPEN_RULES = 'nhiImaging.openRules';

/** The rule reference (docs/rules.md, shipped in the extension) in the Markdown preview. */
export const registerOpenRules: Feature = ({ extension }) => {
  extension.subscriptions.push(
    vscode.commands.registerCommand(OPEN_RULES, () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules.md')),
    ),
  );
};
