/**
 * A client that writes JSON-RPC frames to `node dist/server.js --stdio` byte by byte as it pleases and reads every
 * frame the server writes back: for what a library client never sends (broken frames, junk parameters) and for
 * the exact shape of what comes back. Requests from the server are answered as a client of no capabilities
 * would: null (workspace/applyEdit is recorded, and answered as not applied), unless the test gives an answer or
 * leaves them unanswered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { SERVER } from './harness';

export interface Message {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface RawClientOptions {
  /** The server's working folder (this process's by default). */
  cwd?: string;
  /** Answers to the server's requests, by method, in place of null. */
  answers?: Record<string, (params: unknown) => unknown>;
  /** The server's requests of these methods are never answered, as a client that drops requests it does not know. */
  unanswered?: string[];
}

export class RawClient {
  readonly proc: ChildProcess;
  /** Every message the server wrote, in order. */
  readonly received: Message[] = [];
  stderr = '';
  private input = Buffer.alloc(0);
  private nextId = 1;
  private waiters: (() => void)[] = [];

  constructor(
    env: Record<string, string> = {},
    private readonly options: RawClientOptions = {},
  ) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd: options.cwd });
    this.proc.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
    this.proc.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.proc.stdin!.on('error', () => undefined);
  }

  /** Starts a server and initializes it with `params` (processId null, rootUri null unless given). */
  static async start(params: Record<string, unknown> = {}, options: RawClientOptions = {}): Promise<{ client: RawClient; init: Message }> {
    const client = new RawClient({ NHI_IMAGING_OPEN_WORKER: '0' }, options);
    const init = await client.request('initialize', { processId: null, rootUri: null, capabilities: {}, ...params });
    client.notify('initialized', {});
    return { client, init };
  }

  writeBytes(bytes: string | Buffer): void {
    this.proc.stdin!.write(bytes);
  }

  send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.writeBytes(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  notify(method: string, params?: unknown): void {
    this.send({ method, params });
  }

  /** The response to a request (the whole message: result or error). */
  async request(method: string, params?: unknown): Promise<Message> {
    const id = this.sendRequest(method, params);
    return this.response(id);
  }

  sendRequest(method: string, params?: unknown): number {
    const id = this.nextId++;
    this.send({ id, method, params });
    return id;
  }

  response(id: number, timeoutMs = 10_000): Promise<Message> {
    return this.waitFor(() => this.received.find((m) => m.id === id && m.method === undefined), timeoutMs);
  }

  /** The server's requests and notifications of `method`. */
  sent(method: string): Message[] {
    return this.received.filter((m) => m.method === method);
  }

  /** The last diagnostics published for `uri` at `version`. */
  published(uri: string, version: number): Promise<Message> {
    return this.waitFor(() =>
      this.sent('textDocument/publishDiagnostics')
        .filter((m) => {
          const p = m.params as { uri: string; version?: number };
          return p.uri === uri && p.version === version;
        })
        .at(-1),
    );
  }

  async waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline || this.proc.exitCode !== null) throw new Error(`no answer from the server; its stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends `exit` (after `shutdown` when `shutdownFirst`) and answers the process's exit code. */
  async exit(shutdownFirst: boolean): Promise<number | null> {
    if (shutdownFirst) await this.request('shutdown');
    const exited = this.proc.exitCode === null ? once(this.proc, 'exit') : undefined;
    this.notify('exit');
    await exited;
    return this.proc.exitCode;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = once(this.proc, 'exit');
    this.proc.kill();
    await exited;
  }

  private read(chunk: Buffer): void {
    this.input = Buffer.concat([this.input, chunk]);
    for (;;) {
      const end = this.input.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/^Content-Length: (\d+)$/im.exec(this.input.subarray(0, end).toString('ascii'))?.[1]);
      if (this.input.length < end + 4 + length) break;
      const message = JSON.parse(this.input.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.input = this.input.subarray(end + 4 + length);
      this.received.push(message);
      if (message.method !== undefined && message.id !== undefined) this.answer(message);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private answer(request: Message): void {
    if (this.options.unanswered?.includes(request.method!)) return;
    const answer = this.options.answers?.[request.method!];
    const result = answer ? answer(request.params) : request.method === 'workspace/applyEdit' ? { applied: false } : null;
    this.send({ id: request.id, result });
  }
}

/** Runs `run` with a server started and initialized for it, and ends the server afterwards whatever happens. */
export async function withRawClient<T>(
  params: Record<string, unknown>,
  run: (client: RawClient, init: Message) => Promise<T>,
  options: RawClientOptions = {},
): Promise<T> {
  const { client, init } = await RawClient.start(params, options);
  try {
    return await run(client, init);
  } finally {
    await client.stop();
  }
}
