import * as vscode from 'vscode';
import {
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  State,
  WillSaveTextDocumentNotification,
  type LanguageClient,
} from 'vscode-languageclient/node';

/**
 * vscode-languageclient 9.0.1 disposes the "notification sent" event of didOpen, didClose and didSave when the client
 * stops (a restart, Stop and Start, a crash) and does not make a new one: the pull-diagnostics feature of the next start
 * subscribes to a dead event. After the first restart a document switched to the upload-CSV language (its editor tab,
 * which also starts a pull, stays) was not pulled, and one switched away kept its diagnostics. Each start gets fresh
 * events before its features subscribe (what vscode-languageclient 11 does in clear()); see
 * docs/decisions/pull-diagnostics-after-restart.md.
 */
export function keepSyncEventsAcrossRestarts(client: LanguageClient): vscode.Disposable {
  return client.onDidChangeState(({ newState }) => {
    if (newState !== State.Starting) return;
    // The features that extend TextDocumentEventFeature, whose clear() disposes the event.
    const features = [
      client.getFeature(DidOpenTextDocumentNotification.method),
      client.getFeature(DidCloseTextDocumentNotification.method),
      client.getFeature(DidSaveTextDocumentNotification.method),
      client.getFeature(WillSaveTextDocumentNotification.method),
    ];
    for (const feature of features as unknown as Array<{ _onNotificationSent?: unknown } | undefined>) {
      if (!(feature?._onNotificationSent instanceof vscode.EventEmitter)) continue;
      feature._onNotificationSent.dispose();
      feature._onNotificationSent = new vscode.EventEmitter();
    }
  });
}
