import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection, type ConnectionOptions } from 'vscode-languageserver/node';
import { CheckedFrames } from './wireFrames';
import { isTransportFlag } from './process';

/**
 * The server's connection on the transport the command line names. Over `--stdio` the frames are checked first
 * (wireFrames.ts), and console output goes to the client's log, as vscode-languageserver does for its own stdio.
 */
export function serverConnection(options: ConnectionOptions, argv: readonly string[] = process.argv.slice(2)): Connection {
  // vscode-languageserver takes the first transport flag too.
  if (argv.find(isTransportFlag) !== '--stdio') return createConnection(ProposedFeatures.all, options);
  const input = process.stdin.pipe(new CheckedFrames((problem) => process.stderr.write(`nhi-imaging language server: ${problem}\n`)));
  const connection = createConnection(ProposedFeatures.all, input, process.stdout, options);
  // Anything written to standard output besides the messages would break the stream.
  console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}
