import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/shared/protocol';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';

export const LANGUAGE_ID = 'nhi-imaging-csv';
const CLIENT_ID = 'nhiImaging';

/**
 * The client for dist/server.js over Node IPC. The server reads `nhiImaging.*` through
 * workspace/configuration and takes its message language from the initialize params'
 * locale, which the client fills from vscode.env.language.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Evaluated at each start (restart, or after a crash), so the server gets the trust of that moment.
  const initializationOptions = (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions,
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new NhiLanguageClient(CLIENT_ID, 'NHI Imaging', serverOptions, clientOptions);
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
}
