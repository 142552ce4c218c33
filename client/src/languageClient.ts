import * as vscode from 'vscode';
import { ErrorAction, LanguageClient, TransportKind, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type NodeModule, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/shared/protocol';
import { SERVER_NODE_OPTIONS } from '../../server/src/shared/serverProcess';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { EXTENSION_NAME, pick } from './i18n';
import { keepSyncEventsAcrossRestarts } from './syncEventsAcrossRestarts';

export const LANGUAGE_ID = 'nhi-imaging-csv';
const CLIENT_ID = 'nhiImaging';

/**
 * The client for dist/server.js over Node IPC. The server reads `nhiImaging.*` through
 * workspace/configuration and takes its message language from the initialize params'
 * locale, which the client fills from vscode.env.language.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  // vscode-languageclient writes each start's environment into the options it is given (options.env, taken over the
  // extension host's at the next start): given one object, a restarted server would keep the environment of its
  // first start. Each start reads `run` or `debug` anew, and gets options of its own.
  const serverOptions = {
    get run(): NodeModule {
      return { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } };
    },
    get debug(): NodeModule {
      return { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6009'] } };
    },
  } satisfies ServerOptions;
  // Evaluated at each start (restart, or after a crash), so the server gets the trust of that moment.
  // buildDecisions: commands/build.ts answers the build's question about image problems (Build Anyway / Stop).
  const initializationOptions = (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted, statusNotifications: true, buildDecisions: true });
  const errorHandler = new RestartOnClose();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions,
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler,
  };
  const client = new NhiLanguageClient(CLIENT_ID, pick(EXTENSION_NAME), serverOptions, clientOptions);
  errorHandler.closes = client.createDefaultErrorHandler();
  context.subscriptions.push(keepSyncEventsAcrossRestarts(client));
  return client;
}

/**
 * Errors writing to the server are not a reason to stop it for good. The library's default shuts the client down
 * after the fourth error in a row, and a server that dies with messages in flight (a build, a check, typing) gives
 * one per message: the client then stayed stopped instead of restarting the server. The connection's close, which
 * follows a server's end, decides as the library does (restart, but not after five ends in three minutes).
 */
class RestartOnClose implements ErrorHandler {
  closes: ErrorHandler | undefined;

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult | Promise<CloseHandlerResult> {
    return this.closes!.closed();
  }
}

/**
 * When the server process ends and the library restarts it, vscode-languageclient 9.0.1 calls
 * `info('Connection to server got closed. Server will restart.', !handled)`: the flag meant as
 * `showNotification` lands in `data`, which is written to the Output channel as a line of its own
 * ("true"). A boolean there is put back where it belongs; any other data is logged as before.
 */
class NhiLanguageClient extends LanguageClient {
  override info(message: string, data?: unknown, showNotification?: boolean): void {
    if (typeof data === 'boolean') super.info(message, undefined, data);
    else super.info(message, data, showNotification);
  }

  /**
   * The library logs every end of the server process as an error, a clean one too: each Restart Language Server
   * left "[Error - …] Server process exited with code 0." in the Output channel. Exit code 0 is the end the client
   * asked for (LSP shutdown and exit), so it is logged as information; a crash (another code, a signal) stays an error.
   */
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (message === CLEAN_EXIT) super.info(message, data, false);
    else super.error(message, data, showNotification);
  }
}

/** What vscode-languageclient 9.0.1 (node/main.js) logs when the server process exits with code 0. */
const CLEAN_EXIT = 'Server process exited with code 0.';
