import { randomUUID } from 'node:crypto';
import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions, type NotificationMessage, type RequestMessage } from 'vscode-languageserver/node';
import { hasNotificationParams, hasRequestParams } from './protocolShapes';
import { clip } from './clip';
import { watchClientProcess } from './process';

/**
 * Where requests the server's state refuses are sent instead of their own method. The names hold a random part of
 * this process's: a client that sends one of them is answered MethodNotFound, as for any method the server has not.
 */
const REFUSED = refusedMethods(randomUUID());

function refusedMethods(id: string) {
  return {
    beforeInitialize: `nhiImaging/refused-${id}/beforeInitialize`,
    initializeAgain: `nhiImaging/refused-${id}/initializeAgain`,
    afterShutdown: `nhiImaging/refused-${id}/afterShutdown`,
    invalidParams: `nhiImaging/refused-${id}/invalidParams`,
    notificationParams: `nhiImaging/refused-${id}/notificationParams`,
  } as const;
}

/**
 * LSP's lifecycle: before `initialize` a request fails with ServerNotInitialized and a notification other than `exit`
 * is dropped; `initialize` comes once; once `shutdown` is received, further requests fail with InvalidRequest and
 * notifications other than `exit` are dropped.
 * vscode-languageserver answers such requests as usual (a second initialize even registers every feature again), so
 * this message strategy hands each of them to a handler that refuses it (installed by `refuseOutOfLifecycle`); so
 * too a request whose parameters are not of the shape LSP defines (protocolShapes.ts), answered InvalidParams, and a
 * notification of such parameters, which is logged and ignored (its handler would fail on it, and log an error).
 */
export function lifecycle(): Lifecycle {
  let initialized = false;
  let down = false;
  const refuse = (message: RequestMessage, method: string): RequestMessage => ({ ...message, method });
  const options: ConnectionOptions = {
    messageStrategy: {
      handleMessage(message, next) {
        if (!Message.isRequest(message)) {
          if (!Message.isNotification(message)) return next(message);
          // After shutdown a client sends exit only (LSP); one that sends more has what follows from it dropped too
          // (settings to ask for, features to refresh): the server sends answers only. A $/cancelRequest of a request
          // still running does not come here (vscode-jsonrpc takes it as it arrives).
          if ((!initialized || down) && message.method !== 'exit') return;
          if (hasNotificationParams(message.method, message.params)) return next(message);
          const refused: NotificationMessage = { ...message, method: REFUSED.notificationParams, params: { method: message.method, params: message.params } };
          return next(refused);
        }
        if (down) return next(refuse(message, REFUSED.afterShutdown));
        if (message.method === 'initialize') {
          if (initialized) return next(refuse(message, REFUSED.initializeAgain));
        } else if (!initialized) {
          return next(refuse(message, REFUSED.beforeInitialize));
        }
        // An initialize refused for its parameters leaves the server to be initialized by the next one.
        if (!hasRequestParams(message.method, message.params)) return next(refuse(message, REFUSED.invalidParams));
        if (message.method === 'initialize') {
          initialized = true;
          // The client's process is watched here, not by vscode-languageserver (process.ts).
          const processId = (message.params as { processId?: unknown }).processId;
          if (Number.isInteger(processId) && (processId as number) > 0) {
            watchClientProcess(processId as number, () => process.exit(down ? 0 : 1));
            const unwatched: RequestMessage = { ...(message as RequestMessage), params: { ...(message.params as object), processId: null } };
            return next(unwatched);
          }
        }
        if (message.method === 'shutdown') down = true;
        next(message);
      },
    },
  };
  return { options, shutdownReceived: () => down };
}

/** The connection's options that keep to LSP's lifecycle, and whether `shutdown` has been received (exit codes). */
export interface Lifecycle {
  readonly options: ConnectionOptions;
  shutdownReceived(): boolean;
}

export function refuseOutOfLifecycle(connection: Connection): void {
  connection.onRequest(REFUSED.beforeInitialize, () => new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized yet: initialize comes first'));
  connection.onRequest(REFUSED.initializeAgain, () => new ResponseError(ErrorCodes.InvalidRequest, 'the server is initialized already'));
  connection.onRequest(REFUSED.afterShutdown, () => new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down'));
  connection.onRequest(REFUSED.invalidParams, () => new ResponseError(ErrorCodes.InvalidParams, 'the parameters are not of the shape LSP 3.17 gives this request'));
  connection.onNotification(REFUSED.notificationParams, (refused: { method: string; params: unknown }) =>
    connection.console.log(`${refused.method} ignored: its parameters are not of the shape LSP 3.17 gives it (${clip(refused.params)})`),
  );
}
