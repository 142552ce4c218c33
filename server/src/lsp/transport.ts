import { Console } from 'node:console';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { CheckedFrames } from './wireFrames';
import { ScreenedReader } from './screenedReader';
import { isTransportFlag } from './process';
import type { Lifecycle } from './lifecycle';

/**
 * The server's connection on the transport the command line names. Over `--stdio` the frames are checked first
 * (wireFrames.ts), their messages screened (screenedReader.ts), and console output goes to stderr, as
 * vscode-languageserver keeps it off stdout for its own stdio.
 */
export function serverConnection(lifecycle: Lifecycle, argv: readonly string[] = process.argv.slice(2)): Connection {
  // vscode-languageserver takes the first transport flag too.
  if (argv.find(isTransportFlag) !== '--stdio') return createConnection(ProposedFeatures.all, lifecycle.options);
  const report = (problem: string) => process.stderr.write(`nhi-imaging language server: ${problem}\n`);
  const frames = process.stdin.pipe(new CheckedFrames(report));
  // One writer for the connection's messages and the reader's refusals, which it writes one after the other.
  const writer = new StreamMessageWriter(process.stdout);
  const reader = new ScreenedReader(frames, (response) => void writer.write(response).catch(() => undefined), report);
  // vscode-languageserver ends the process when an input stream it is given ends; behind a reader it sees none.
  const exit = () => process.exit(lifecycle.shutdownReceived() ? 0 : 1);
  frames.on('end', exit);
  frames.on('close', exit);
  // Anything else written to standard output would break the stream of messages: the console writes to stderr, the server's log.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  return createConnection(ProposedFeatures.all, reader, writer, lifecycle.options);
}
