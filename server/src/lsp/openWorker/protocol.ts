import type { ValidationOptions } from '../../core/options';
import type { PackedRows, RowsStart } from './packedRows';

export interface OpenRequest {
  id: number;
  /** Whole lines, beginning with the first row to validate. */
  text: string;
  start: RowsStart;
  options: ValidationOptions;
}

export type OpenReply = { id: number; rows: PackedRows } | { id: number; error: string };
