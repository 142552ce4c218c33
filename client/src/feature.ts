import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StatusParams } from '../../server/src/shared/protocol';
import type { DeadlineNode, DeadlinesTree } from './deadlinesView';

/** What a feature module gets when the extension activates. */
export interface FeatureContext {
  extension: vscode.ExtensionContext;
  /** The language client; created before features register, started after. */
  client: LanguageClient;
  /** The Output channel that also carries the server's log. */
  output: vscode.OutputChannel;
  /**
   * The server's nhiImaging/status notifications, for every feature that follows them: a language client keeps one
   * handler per notification method, so a second `client.onNotification` of it would silence the first.
   */
  statuses: vscode.Event<StatusParams>;
  /** The deadlines view's provider, set as that feature registers (tests read its nodes). */
  deadlines?: DeadlinesTree;
  /** The deadlines view itself (tests read its message). */
  deadlinesView?: vscode.TreeView<DeadlineNode>;
}

/**
 * A feature registers its commands, views and listeners, pushing disposables onto
 * `ctx.extension.subscriptions`. It must not wait for the server to be running.
 */
export type Feature = (ctx: FeatureContext) => void;
