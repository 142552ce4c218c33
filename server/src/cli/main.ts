// The `nhi-imaging` command, bundled as dist/cli-main.js and started by dist/cli.js (launch.ts).
import { say, shown, shownEn } from '../core/i18n';
import { EXIT_FAILURE, runCheck, type CliIo } from './check';
import { leadingLang, requestedLang, UsageError } from './command-line';
import { isCommandName, type CommandName } from './command-names';
import { USAGE } from './usage';
import { VERSION } from './version';
import { repairWindowsArgument } from './windows-args';

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** `nhi-imaging lsp --stdio`: the language server, loaded only when asked for. */
const runLsp: Command = async (argv, io) => {
  const { hasTransportFlag, logUnhandledRejections, NO_TRANSPORT } = await import('../lsp/process');
  if (!hasTransportFlag(argv)) {
    io.stderr.write(`nhi-imaging lsp: ${NO_TRANSPORT[requestedLang(argv)]}\n`);
    return EXIT_FAILURE;
  }
  const { startLanguageServer } = await import('../lsp/server');
  logUnhandledRejections();
  startLanguageServer();
  return new Promise<number>(() => undefined);
};

/** `build` and `resend`: the batch builder, loaded only when asked for (its modules cost every other command tens of milliseconds to start). */
const runBuild = (command: 'build' | 'resend'): Command => async (argv, io) => {
  const { runBuildCommand } = await import('./build');
  return runBuildCommand([command, ...argv], io);
};

/** `fix`: loaded only when asked for. */
const runFix: Command = async (argv, io) => (await import('./fix')).runFix(argv, io);

const COMMANDS: Record<CommandName, Command> = {
  check: runCheck,
  fix: runFix,
  lsp: runLsp,
  build: runBuild('build'),
  resend: runBuild('resend'),
};

export async function main(argv: string[], io: CliIo, platform: NodeJS.Platform = process.platform): Promise<number> {
  const args = platform === 'win32' ? argv.map(repairWindowsArgument) : argv;
  const lang = requestedLang(args);
  let langArgs: string[];
  let command: string | undefined;
  let rest: string[];
  try {
    ({ langArgs, rest: [command, ...rest] } = leadingLang(args));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`nhi-imaging: ${e.bilingual[lang]}\n\n${USAGE[lang]}`);
    return EXIT_FAILURE;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE[lang]);
    return command === undefined ? EXIT_FAILURE : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(USAGE[lang]);
    return 0;
  }
  if (!isCommandName(command)) {
    io.stderr.write(`nhi-imaging: ${say(lang, `無法辨識的命令${shown(command)}`, `unknown command ${shownEn(command)}`)}\n\n${USAGE[lang]}`);
    return EXIT_FAILURE;
  }
  return COMMANDS[command]([...langArgs, ...rest], io);
}

/** Runs the command of this process's arguments and sets its exit code; resolves to that code once the command is done. */
export function runProcess(): Promise<number> {
  return main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`nhi-imaging: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      return (process.exitCode = EXIT_FAILURE);
    },
  );
}

// Run directly (`node dist/cli-main.js`) rather than through dist/cli.js (launch.ts).
if (require.main === module) void runProcess();
