import { REAL_CLOCK, type TimerClock } from '../shared/timerClock';

/** Progress messages at most this often: each costs the client a redraw and the transport a write. */
export const PROGRESS_INTERVAL_MS = 100;


/**
 * Passes on at most one value per interval: the first at once, then the latest of those that came meanwhile when the
 * interval ends (a check of 100,000 missing archives reports twice per archive in about a second; each report sent
 * would queue a message behind the others). `flush` sends the latest one held back, `dispose` drops it.
 */
export class ProgressThrottle<T> {
  private last = -Infinity;
  private held: { value: T } | undefined;
  private timer: unknown;

  constructor(
    private readonly send: (value: T) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly clock: TimerClock = REAL_CLOCK,
  ) {}

  push(value: T): void {
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0 && this.timer === undefined) return this.pass(value);
    this.held = { value };
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(0, wait));
  }

  /** Sends the value held back, if any, now. */
  flush(): void {
    this.stopTimer();
    const held = this.held;
    if (held) this.pass(held.value);
  }

  dispose(): void {
    this.stopTimer();
    this.held = undefined;
  }

  private pass(value: T): void {
    this.held = undefined;
    this.last = this.clock.now();
    this.send(value);
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
