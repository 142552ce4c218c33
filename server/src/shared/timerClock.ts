/** The time and timers a scheduler runs by: the real ones, or in a test a clock it moves by hand. */
export interface TimerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export const REAL_CLOCK: TimerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
};
