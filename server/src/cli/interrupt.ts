import { say } from '../core/i18n';
import type { Lang } from '../core/types';

/**
 * Ctrl+C (SIGINT) and SIGTERM as a cancellation: while it is held, the first of them aborts `signal` instead of
 * ending the process, so that the work in hand removes what it wrote, and calls `stopping` (to say so: a read from a
 * network share that no longer answers may hold the stop for long). After `release()`, or once either has come, the
 * next one ends the process as usual.
 */
export function cancelOnInterrupt(stopping?: () => void): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const release = (): void => {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  };
  function cancel(): void {
    release();
    stopping?.();
    controller.abort();
  }
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  return { signal: controller.signal, release };
}

/** What a command says on standard error at the first Ctrl+C. */
export function stoppingText(lang: Lang): string {
  return `nhi-imaging: ${say(lang,
    '正在停止，並移除這次寫入的檔案；再按一次 Ctrl+C 立即結束（暫存檔可能留下）',
    'stopping, and removing what this run wrote; press Ctrl+C again to quit at once (temporary files may be left)')}`;
}
