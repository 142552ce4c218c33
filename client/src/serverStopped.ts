import { ErrorCodes, ResponseError } from 'vscode-languageclient/node';

/** Whether a request failed because the language server stopped (a restart, a crash) before it answered. */
export function stoppedDuring(e: unknown): boolean {
  return e instanceof ResponseError && e.code === ErrorCodes.PendingResponseRejected;
}
