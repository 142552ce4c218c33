/** How the language server process is started: its transport flag, and what it does with failures nobody awaits. */
import { bi } from '../core/i18n';

/** The transports vscode-languageserver takes from the command line. */
export const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

export function isTransportFlag(arg: string): boolean {
  return TRANSPORT_FLAGS.some((f) => (f.endsWith('=') ? arg.startsWith(f) : arg === f));
}

/**
 * True when vscode-languageserver finds a transport on this command line: it takes the first transport flag
 * (also `--socket PORT` and `--pipe NAME`) and throws, with a stack trace, when that flag's port is not a number
 * above 0 or its pipe has no name.
 */
export function hasTransportFlag(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--stdio' || arg === '--node-ipc') return true;
    const [name, value] = arg === '--socket' || arg === '--pipe' ? [arg, argv[i + 1]] : arg.split('=');
    if (name === '--socket') return Number.parseInt(value ?? '', 10) > 0;
    if (name === '--pipe') return !!value;
  }
  return false;
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

/** How often the client's process is looked for, as vscode-languageserver does. */
const CLIENT_PROCESS_CHECK_MS = 3000;

/**
 * Ends the server (`exit`) when the client's process (initialize's processId) ends, as LSP asks, in place of
 * vscode-languageserver's check, which ends it 3 seconds after the start when the process is one this system does
 * not show: an editor outside the container, the WSL distribution or the Flatpak sandbox the server runs in, whose
 * process id names none here (or another). Such a process is not looked for (over stdio the server still ends when
 * its input closes). A process of another user (EPERM) is there.
 */
export function watchClientProcess(pid: number, exit: () => void, log: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): void {
  if (!isRunning(pid)) {
    log(`nhi-imaging language server: the client's process ${pid} (initialize's processId) is not on this system (a container, WSL, a sandbox?): the server ends when the client closes its input or sends exit, not when that process ends`);
    return;
  }
  setInterval(() => {
    if (!isRunning(pid)) exit();
  }, CLIENT_PROCESS_CHECK_MS).unref();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
