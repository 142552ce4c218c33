/** How the language server process is started: its transport flag, and what it does with failures nobody awaits. */
import { bi } from '../core/i18n';

/** The transports vscode-languageserver takes from the command line. */
export const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

export function isTransportFlag(arg: string): boolean {
  return TRANSPORT_FLAGS.some((f) => (f.endsWith('=') ? arg.startsWith(f) : arg === f));
}

export function hasTransportFlag(argv: readonly string[]): boolean {
  return argv.some(isTransportFlag);
}

/** Said when the server is started without a transport flag, instead of vscode-languageserver's stack trace. */
export const NO_TRANSPORT = bi(
  '請指定編輯器與語言伺服器的連線方式：--stdio（多數編輯器）、--node-ipc、--socket=PORT 或 --pipe=NAME',
  'say how the editor talks to it: --stdio (most editors), --node-ipc, --socket=PORT or --pipe=NAME',
);

/**
 * A failed background task (a check of files beside a document, say) must not take the editor's
 * diagnostics down with it: it is logged on stderr, which editors show as the server's log, and the server goes on.
 */
export function logUnhandledRejections(): void {
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? reason.stack ?? reason.message : String(reason);
    process.stderr.write(`nhi-imaging language server: a background task failed: ${text}\n`);
  });
}
