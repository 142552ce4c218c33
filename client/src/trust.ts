import * as vscode from 'vscode';
import { TRUST_NOTIFICATION, type TrustParams } from '../../server/src/shared/protocol';
import type { Feature } from './feature';

/**
 * Untrusted workspaces get text validation only (the server is told at start-up through
 * initializationOptions.trusted). When the user grants trust later, the server is told here.
 */
export const registerWorkspaceTrust: Feature = ({ extension, client }) => {
  extension.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (!client.isRunning()) return;
      const params: TrustParams = { trusted: true };
      void client.sendNotification(TRUST_NOTIFICATION, params);
    }),
  );
};
