/** Messages between the check pool (check-pool.ts) and its workers (check-worker.ts). */
import type { CheckMode } from '../images/inspect';
import type { ArchiveFileOutcome } from './check-archive';
import type { WindowBudget } from './window-budget';

/** What each worker is started with: the pool's budget for LZMA windows and its slot in it. */
export interface PoolWorkerData {
  windowBudget: WindowBudget;
  slot: number;
}

export interface PoolRequest {
  id: number;
  name: string;
  path: string;
  mode: CheckMode;
}

export type PoolReply =
  | { type: 'ready' }
  | { type: 'entries'; id: number; done: number; total: number }
  | { type: 'done'; id: number; outcome: ArchiveFileOutcome }
  | { type: 'failed'; id: number; message: string; stack?: string };
