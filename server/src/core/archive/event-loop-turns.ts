import { throwIfAborted } from './errors';

/**
 * Lets the event loop run during a long read or decode whose awaits all settle at once (buffers already read,
 * microtasks only), which would otherwise hold it for seconds: Ctrl+C (SIGINT) and a cancellation are not heard,
 * and a language server checking in its own thread answers nothing meanwhile.
 */
export class EventLoopTurns {
  private last = performance.now();

  constructor(private readonly everyMs = 20) {}

  /** Turns the event loop when it has not turned for `everyMs`, then throws if `signal` was aborted meanwhile. */
  async maybe(signal?: AbortSignal): Promise<void> {
    if (performance.now() - this.last < this.everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
    throwIfAborted(signal);
  }
}
