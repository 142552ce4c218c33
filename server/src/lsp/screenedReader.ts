import {
  ErrorCodes,
  Message,
  StreamMessageReader,
  type DataCallback,
  type Disposable,
  type ContentTypeDecoder,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { clip } from './clip';

/** Deepest nesting of objects and arrays read; LSP's structures, with the data a server puts in them, go a dozen or so levels deep. */
const MAX_DEPTH = 64;

/** A frame's body that is no JSON text. */
class UnparsableBody extends Error {}

/** JSON bodies, as vscode-jsonrpc decodes them (UTF-8), failing with UnparsableBody for one that is no JSON. */
const JSON_BODY: ContentTypeDecoder = {
  name: 'application/json',
  decode(bytes: Uint8Array) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    try {
      return Promise.resolve(JSON.parse(text) as Message);
    } catch (e) {
      return Promise.reject(new UnparsableBody(e instanceof Error ? e.message : String(e)));
    }
  },
};

/**
 * The messages of a stream of frames (`node dist/server.js --stdio`), screened as JSON-RPC 2.0 asks of a server:
 * a body that is no JSON is answered with a Parse error (-32700), and a JSON value that is no request,
 * notification or response (an array, a number, a request whose method is no string or whose id is null or an
 * object) with an Invalid Request error (-32600); each answer has the id null, or the request's own id where it
 * has one a client can match, and each is reported. vscode-jsonrpc drops the first without a word and answers
 * the second with nothing but a log message, which leaves a client that sent a request waiting for ever.
 * An object with an id and no method is taken for a broken response and passed on: the connection fails the
 * request it answers. A message nested deeper than MAX_DEPTH, which no LSP structure is, would overflow the stack of
 * the connection's log and trace, which write it out whole (and end the process, for a broken response): a request
 * is refused as an Invalid Request, a notification dropped, a response made a failure of the request it answers;
 * each is reported.
 */
export class ScreenedReader extends StreamMessageReader {
  constructor(
    readable: NodeJS.ReadableStream,
    private readonly answer: (response: ResponseMessage) => void,
    private readonly report: (problem: string) => void,
  ) {
    super(readable, { contentTypeDecoder: JSON_BODY });
    this.onError((error) => {
      if (!(error instanceof UnparsableBody)) return;
      this.report(`a message whose body is no JSON could not be read (is its Content-Length right?): ${error.message}`);
      this.refuse(null, ErrorCodes.ParseError, 'Parse error: the message is no JSON');
    });
  }

  override listen(callback: DataCallback): Disposable {
    return super.listen((message: unknown) => {
      const id = requestId(message);
      if (!isMessage(message)) {
        this.report(`a message that is no JSON-RPC request, notification or response was refused: ${clip(message)}`);
        return this.refuse(id, ErrorCodes.InvalidRequest, 'Invalid Request: the message is no JSON-RPC 2.0 request, notification or response');
      }
      if (!nestedDeeperThan(message, MAX_DEPTH)) return callback(message);
      const method = (message as { method?: string }).method;
      this.report(`a message nested more than ${MAX_DEPTH} levels deep was ${method === undefined ? 'taken for a failed response' : id === null ? 'dropped' : 'refused'}: ${method ?? `the response to ${id}`}`);
      const refusal = `Invalid Request: the message is nested more than ${MAX_DEPTH} levels deep`;
      if (method !== undefined && id !== null) this.refuse(id, ErrorCodes.InvalidRequest, refusal);
      else if (method === undefined && id !== null) callback({ jsonrpc: '2.0', id, error: { code: ErrorCodes.InvalidRequest, message: refusal } } as ResponseMessage);
    });
  }

  private refuse(id: number | string | null, code: number, message: string): void {
    this.answer({ jsonrpc: '2.0', id, error: { code, message } });
  }
}

/** What the connection can handle: a request, a notification, a response, or an object with an id and no method (a broken response). */
function isMessage(value: unknown): value is Message {
  if (Message.isRequest(value as Message) || Message.isNotification(value as Message) || Message.isResponse(value as Message)) return true;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('method' in value) && 'id' in value;
}

/** The id of a refused request when it is one a client can match its answer with (a string or a number); otherwise null. */
function requestId(value: unknown): number | string | null {
  const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** Whether objects and arrays in `value` nest deeper than `max` levels; it goes no deeper than `max` + 1 to know. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max === 0) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (nestedDeeperThan(v, max - 1)) return true;
  return false;
}
