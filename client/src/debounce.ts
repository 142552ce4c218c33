import { REAL_CLOCK, type TimerClock } from '../../server/src/shared/timerClock';

/**
 * Runs `run` once calls have stopped for `waitMs`, or at the latest `maxWaitMs` after the first call it held back:
 * a burst of calls runs it once, shortly after the last, and a stream of calls that never stops still runs it every
 * `maxWaitMs`. `dispose` drops what is held back.
 */
export class Debounce {
  private timer: unknown;
  /** When the first call not yet run came. */
  private since = 0;

  constructor(
    private readonly run: () => void,
    private readonly waitMs: number,
    private readonly maxWaitMs: number,
    private readonly clock: TimerClock = REAL_CLOCK,
  ) {}

  call(): void {
    const now = this.clock.now();
    if (this.timer === undefined) this.since = now;
    else this.clock.clearTimeout(this.timer);
    const delay = Math.min(this.waitMs, this.since + this.maxWaitMs - now);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, Math.max(0, delay));
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
