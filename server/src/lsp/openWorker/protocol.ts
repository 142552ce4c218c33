import type { ValidationOptions } from '../../core/options';
import type { PackedRows, RowsStart } from './packedRows';

export interface OpenRequest {
  id: number;
  /** Whole lines, beginning with the first row the worker may take. */
  text: string;
  start: RowsStart;
  /** How many rows the text holds at most (every row after the first starts a line): the claims cover as many. */
  rows: number;
  /** RowClaims over those rows, shared with the server's thread. */
  claims: SharedArrayBuffer;
  chunkRows: number;
  options: ValidationOptions;
}

/** One chunk the worker claimed and validated; then `done` once it can claim no more, or `error`. */
export type OpenReply =
  | { id: number; chunk: number; rows: PackedRows }
  | { id: number; done: true }
  | { id: number; error: string };
