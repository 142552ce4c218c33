/**
 * Mocha without --exit waits for every handle to close, so a test that leaves a server, a socket or a child process
 * open hangs the run after its summary. This root hook turns such a hang into a failure that names what was left open.
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

const GRACE_MS = 30_000;

interface Handle { constructor?: { name?: string } }

function describe(handle: Handle): string {
  const kind = handle.constructor?.name ?? typeof handle;
  if (kind === 'ChildProcess') {
    const child = handle as unknown as ChildProcess;
    child.kill();
    return `child process ${child.pid} (now killed): ${child.spawnargs.join(' ').slice(0, 200)}`;
  }
  if (kind === 'Socket' || kind === 'Pipe') {
    const socket = handle as unknown as Socket & { _handle?: { fd?: number } };
    const where = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : `fd ${socket._handle?.fd ?? '?'}`;
    return `socket ${where}`;
  }
  if (kind === 'Server') {
    const address = (handle as unknown as { address(): unknown }).address();
    return `server ${JSON.stringify(address)}`;
  }
  return kind;
}

function openHandles(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();
  return handles.map(describe).filter((text) => !/^(socket fd [012]|WriteStream|ReadStream)$/.test(text));
}

export const mochaHooks = {
  afterAll(): void {
    const watch = setTimeout(() => {
      const left = openHandles();
      console.error(`The tests finished, but ${GRACE_MS / 1000} s later the run is still held open by:`);
      for (const text of left.length > 0 ? left : process.getActiveResourcesInfo()) console.error(`  ${text}`);
      // Mocha sets the exit code to its failure count on exit; this listener comes after its own.
      process.on('exit', () => { process.exitCode = 1; });
      process.exit(1);
    }, GRACE_MS);
    watch.unref();
  },
};
