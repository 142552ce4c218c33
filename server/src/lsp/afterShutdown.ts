import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions, type RequestMessage } from 'vscode-languageserver/node';

/** Where requests that come after `shutdown` are sent instead of their own method. */
const AFTER_SHUTDOWN = 'nhiImaging/afterShutdown';

/**
 * LSP: once `shutdown` is received, further requests fail with InvalidRequest. vscode-languageserver
 * answers them as usual, so this message strategy hands each of them to one handler that refuses it
 * (installed by `refuseAfterShutdown`). Notifications (`exit` among them) pass.
 */
export function afterShutdownOptions(): ConnectionOptions {
  let down = false;
  return {
    messageStrategy: {
      handleMessage(message, next) {
        if (!Message.isRequest(message)) return next(message);
        if (down) {
          const refused: RequestMessage = { ...message, method: AFTER_SHUTDOWN };
          return next(refused);
        }
        if (message.method === 'shutdown') down = true;
        next(message);
      },
    },
  };
}

export function refuseAfterShutdown(connection: Connection): void {
  connection.onRequest(AFTER_SHUTDOWN, () => new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down'));
}
