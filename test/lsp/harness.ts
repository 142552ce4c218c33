/**
 * A minimal LSP client for the tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC
 * over its stdin/stdout, the way an editor other than VS Code does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type MarkupKind,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/shared/protocol';
import type { Settings } from '../../server/src/shared/settings';
import { SERVER_NODE_OPTIONS } from '../../server/src/shared/serverProcess';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export interface StartOptions {
  /** Announce pull diagnostics (textDocument/diagnostic); otherwise the server pushes. */
  pull?: boolean;
  /** Settings answered to workspace/configuration (section nhiImaging). */
  settings?: Partial<Settings>;
  /** The workspace folders sent in initialize, each with the settings answered for its scopeUri (else `settings`). */
  workspaceFolders?: { uri: string; name: string; settings?: Partial<Settings> }[];
  locale?: string;
  initializationOptions?: unknown;
  /** Ask for nhiImaging/status in initializationOptions (`statusNotifications`), as the VS Code extension does. Default true. */
  statusNotifications?: boolean;
  /** Declare that it answers nhiImaging/buildDecision (`buildDecisions`), as the VS Code extension does. Default true. */
  buildDecisions?: boolean;
  snippets?: boolean;
  /** textDocument.hover.contentFormat; `null` leaves it out. Default VS Code's: markdown, then plain text. */
  hoverFormats?: string[] | null;
  /**
   * textDocument.publishDiagnostics.codeDescriptionSupport, declared (as VS Code does) also when the
   * client pulls. Default true.
   */
  codeDescriptionSupport?: boolean;
  /** textDocument.codeAction.codeActionLiteralSupport (VS Code's default: true); false for a client that takes commands only. */
  codeActionLiterals?: boolean;
  /** Declares codeAction resolveSupport for the edit (as VS Code does). Default false. */
  resolvesCodeActionEdits?: boolean;
  /** textDocument.documentSymbol.hierarchicalDocumentSymbolSupport (VS Code's default: true). */
  hierarchicalSymbols?: boolean;
  /** Declares textDocument.signatureHelp as VS Code does (Markdown, label offsets). Default: not declared. */
  signatureHelp?: boolean;
  /** Environment variables for the server process, on top of this one's. */
  env?: Record<string, string>;
  /** How long the client takes to answer workspace/configuration (a client slow to start). Default 0. */
  configurationDelayMs?: number;
}

/** The kinds 1 to `last`. */
function kindsUpTo<K extends number>(last: number): K[] {
  return Array.from({ length: last }, (_, i) => (i + 1) as K);
}

/** The initialization options with `statusNotifications` and `buildDecisions` added as asked for, when they are an object (or absent). */
function withExtensionOptions(options: unknown, status: boolean, decisions: boolean): unknown {
  if (options !== undefined && (typeof options !== 'object' || options === null)) return options;
  const added = { ...(status ? { statusNotifications: true } : {}), ...(decisions ? { buildDecisions: true } : {}) };
  return Object.keys(added).length === 0 ? options : { ...added, ...(options as object | undefined) };
}

export class LspClient {
  readonly pushed = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  readonly statuses: StatusParams[] = [];
  /** The edits the server asked to apply (workspace/applyEdit), answered as applied. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** The server's window/logMessage texts. */
  readonly logs: string[] = [];
  /** The server's answer to initialize. */
  initializeResult: InitializeResult | undefined;
  private versions = new Map<string, number>();
  private waiters: (() => void)[] = [];
  settings: Partial<Settings>;
  /** The settings answered for a scopeUri naming a workspace folder. */
  readonly folderSettings = new Map<string, Partial<Settings>>();
  /** The items of every workspace/configuration request, in order. */
  readonly configurationRequests: { scopeUri?: string; section?: string }[][] = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
    settings: Partial<Settings>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    // With the Node options the VS Code extension starts it with (test/lsp/rawClient.ts starts it without, as other editors do).
    const proc = spawn(process.execPath, [...SERVER_NODE_OPTIONS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...options.env } });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn, options.settings ?? {});
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      client.pushed.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      client.notify();
    });
    conn.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      client.statuses.push(p);
      client.notify();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => void client.logs.push(p.message));
    for (const f of options.workspaceFolders ?? []) if (f.settings) client.folderSettings.set(f.uri, f.settings);
    conn.onRequest('workspace/configuration', async (p: { items: { scopeUri?: string; section?: string }[] }) => {
      client.configurationRequests.push(p.items);
      if (options.configurationDelayMs) await new Promise((resolve) => setTimeout(resolve, options.configurationDelayMs));
      return p.items.map((i) => (i.section === 'nhiImaging' ? ((i.scopeUri && client.folderSettings.get(i.scopeUri)) ?? client.settings) : null));
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => {
      client.appliedEdits.push(p.edit);
      client.notify();
      return { applied: true };
    });
    conn.onRequest('workspace/diagnostic/refresh', () => null);
    conn.listen();
    const capabilities: ClientCapabilities = {
      workspace: { applyEdit: true, configuration: true, workspaceFolders: options.workspaceFolders !== undefined, didChangeConfiguration: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        // The kinds VS Code declares: every one of LSP 3.17 (a client that declares none takes LSP 1.0's only).
        completion: { completionItem: { snippetSupport: options.snippets ?? false }, completionItemKind: { valueSet: kindsUpTo(25) } },
        hover: options.hoverFormats === null ? {} : { contentFormat: (options.hoverFormats ?? ['markdown', 'plaintext']) as MarkupKind[] },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: options.codeDescriptionSupport ?? true, dataSupport: true },
        codeAction: options.codeActionLiterals === false ? {} : {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } },
          ...(options.resolvesCodeActionEdits ? { resolveSupport: { properties: ['edit'] }, dataSupport: true } : {}),
        },
        documentSymbol: { hierarchicalDocumentSymbolSupport: options.hierarchicalSymbols ?? true, symbolKind: { valueSet: kindsUpTo(26) } },
        ...(options.signatureHelp
          ? { signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } } }
          : {}),
        ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
      },
    };
    client.initializeResult = await conn.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      locale: options.locale ?? 'en',
      initializationOptions: withExtensionOptions(options.initializationOptions, options.statusNotifications ?? true, options.buildDecisions ?? true),
      workspaceFolders: options.workspaceFolders?.map(({ uri, name }) => ({ uri, name })) ?? null,
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `check` returns a value other than undefined (re-checked on every notification). */
  async waitFor<T>(check: () => T | undefined, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async open(uri: string, text: string, languageId = 'nhi-imaging-csv'): Promise<void> {
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Partial<Settings>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Pull diagnostics (the client must have started with `pull: true`). */
  async pull(uri: string, previousResultId?: string): Promise<{ kind: string; resultId?: string; items?: Diagnostic[] }> {
    return this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  /** The pushed diagnostics of `uri` for its latest version. */
  async pushedFor(uri: string): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    return this.waitFor(() => {
      const p = this.pushed.get(uri);
      return p && p.version === version ? p.diagnostics : undefined;
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.conn.dispose();
  }
}

/** Runs `run` with a server started for it, and stops the server afterwards whatever happens. */
export async function withClient<T>(options: StartOptions, run: (client: LspClient) => Promise<T>): Promise<T> {
  const client = await LspClient.start(options);
  try {
    return await run(client);
  } finally {
    await client.stop();
  }
}

/** Asks again until `done` (the disk is read after the text is checked), for at most 10 s. */
export async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await ask();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
