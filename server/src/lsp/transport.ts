import { Console } from 'node:console';
import { createConnection, ProposedFeatures, type Connection, type ConnectionOptions } from 'vscode-languageserver/node';
import { CheckedFrames } from './wireFrames';
import { isTransportFlag } from './process';

/**
 * The server's connection on the transport the command line names. Over `--stdio` the frames are checked first
 * (wireFrames.ts), and console output goes to stderr, as vscode-languageserver keeps it off stdout for its own stdio.
 */
export function serverConnection(options: ConnectionOptions, argv: readonly string[] = process.argv.slice(2)): Connection {
  // vscode-languageserver takes the first transport flag too.
  if (argv.find(isTransportFlag) !== '--stdio') return createConnection(ProposedFeatures.all, options);
  const input = process.stdin.pipe(new CheckedFrames((problem) => process.stderr.write(`nhi-imaging language server: ${problem}\n`)));
  // Anything else written to standard output would break the stream of messages: the console writes to stderr, the server's log.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  return createConnection(ProposedFeatures.all, input, process.stdout, options);
}
