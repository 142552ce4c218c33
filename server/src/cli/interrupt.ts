/**
 * Ctrl+C (SIGINT) and SIGTERM as a cancellation: while it is held, they abort `signal` instead of ending the
 * process, so that the work in hand removes what it wrote. After `release()`, or once either has come, the next
 * one ends the process as usual.
 */
export function cancelOnInterrupt(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
    },
  };
}
