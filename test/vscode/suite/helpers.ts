/** What several files of the extension suite use. */
import * as vscode from 'vscode';
import type { FeatureContext } from '../../../client/src/feature';

/** Resolves with the first value of `probe` other than undefined or false; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Kills the language server (a crash) as the client sends the request `type` about `doc`, which is then never answered; until `restore` is called. */
export function crashServerWhenSent(client: FeatureContext['client'], type: string, doc: vscode.Uri): { restore: () => void } {
  const uri = client.code2ProtocolConverter.asUri(doc);
  const send = client.sendRequest;
  client.sendRequest = function (this: unknown, ...args: unknown[]) {
    const [sent, params] = args as [unknown, { uri?: string } | undefined];
    if (sent === type && params?.uri === uri) {
      client.sendRequest = send;
      // The library restarts a server that ends, but not after its fifth end in three minutes: a crash made by a test
      // counts as the first, so that the suite's crashes together do not leave the server stopped for the tests after.
      (client.clientOptions.errorHandler as { closes?: unknown }).closes = client.createDefaultErrorHandler();
      process.kill((client as unknown as { _serverProcess: { pid: number } })._serverProcess.pid, 'SIGKILL');
    }
    return (send as (...a: unknown[]) => Promise<unknown>).apply(client, args);
  } as typeof client.sendRequest;
  return { restore: () => void (client.sendRequest = send) };
}

type MessageKind = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage';

/** Runs `run` with VS Code's notifications of `kinds` recorded in `shown` (their arguments) instead of shown, answered with no choice. */
export async function withMessagesRecorded<T>(kinds: MessageKind[], run: (shown: unknown[][]) => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as Record<MessageKind, (...args: unknown[]) => Thenable<unknown>>;
  const original = kinds.map((kind) => [kind, window[kind]] as const);
  const shown: unknown[][] = [];
  for (const kind of kinds) window[kind] = async (...args: unknown[]) => void shown.push(args);
  try {
    return await run(shown);
  } finally {
    for (const [kind, show] of original) window[kind] = show;
  }
}
