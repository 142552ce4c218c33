/** Messages between the check pool (check-pool.ts) and its workers (check-worker.ts). */
import type { CheckMode } from '../images/inspect';
import type { ArchiveFileOutcome } from './check-archive';

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
