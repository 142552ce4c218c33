import type { Position } from 'vscode-languageserver';
import type { Cell, Row } from '../core/csv/model';
import type { Range } from '../core/types';

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The 1-based field under `p` in `row` (a position on a comma belongs to the cell before it), or 0. */
export function fieldAt(row: Row, p: Position): number {
  const cells = row.cells; // split anew on each read: once here, not once per cell
  for (let i = 0; i < cells.length; i++) if (contains(cells[i].range, p)) return i + 1;
  return 0;
}

export function cellValues(row: Row): string[] {
  return row.cells.map((c: Cell) => c.value);
}
