import type { Row } from '../csv/model';
import { isDraftPath } from './archive-name';
import { recordCells } from './row';

/**
 * A draft for Build rather than an upload CSV: its first data row names an image folder in field 14. Such a file
 * may be called anything (no FILE-name rules), and an empty field 14 asks for the folder's path (options.draft).
 */
export function isDraftRecord(firstDataRow: Row | undefined): boolean {
  const value = firstDataRow && recordCells(firstDataRow.cells)[13]?.value.trim();
  return value !== undefined && isDraftPath(value);
}
