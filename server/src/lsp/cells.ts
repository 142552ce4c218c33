import type { Position } from 'vscode-languageserver';
import type { Cell, Row } from '../core/csv/model';
import type { Range } from '../core/types';
import { recordCells } from '../core/rules/row';
import { before } from '../core/fix/positions';

export { before };

export function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * The row's fields, split once (a row's cells are split anew on each read): field n is [n - 1], also
 * behind a row number an export wrote before them (ROW-index).
 */
export function fieldCells(row: Row): readonly Cell[] {
  return recordCells(row.cells);
}

/**
 * `p` on the row at its line, with a character past the end of one of the row's lines read as that end (LSP: the
 * line's length), also on a line a quoted line break ends before the row does.
 */
export function withinRow(row: Row, p: Position): Position {
  const { start, end } = row.range;
  if (p.line === end.line) return p.character > end.character ? end : p;
  if (p.line < start.line || p.line > end.line) return p;
  const lineEnd = (p.line === start.line ? start.character : 0) + row.text.split(/\r\n|\r|\n/)[p.line - start.line].length;
  return p.character > lineEnd ? { line: p.line, character: lineEnd } : p;
}

/** The 1-based field under `p` among a row's `fields` (a position on a comma belongs to the cell before it), or 0. */
export function fieldAt(fields: readonly Cell[], p: Position): number {
  for (let i = 0; i < fields.length; i++) if (contains(fields[i].range, p)) return i + 1;
  return 0;
}

/** The cell under a position: its row, the row's fields, the 1-based field (0 on none) and the position within the row. */
export interface CellUnder {
  row: Row;
  fields: readonly Cell[];
  field: number;
  position: Position;
}

/** The cell under `asked` in `doc`, a position past the end of a row's last line read as that end; undefined off a row. */
export function cellUnder(doc: { rowAt(line: number): Row | undefined } | undefined, asked: Position): CellUnder | undefined {
  const row = doc?.rowAt(asked.line);
  if (!row) return undefined;
  const position = withinRow(row, asked);
  const fields = fieldCells(row);
  return { row, fields, field: fieldAt(fields, position), position };
}

/** The part of `cell` on `line`, where a completion's edit must stay (LSP 3.17 CompletionItem.textEdit: one line, around the position asked). */
export function cellRangeOnLine(cell: Cell, line: number): Range {
  const { start, end } = cell.range;
  if (start.line === end.line) return cell.range;
  const from = line === start.line ? start.character : 0;
  const to = line === end.line ? end.character : from + cell.raw.split(/\r\n|\r|\n/)[line - start.line].length;
  return { start: { line, character: from }, end: { line, character: to } };
}

export function cellValues(fields: readonly Cell[]): string[] {
  return fields.map((c) => c.value);
}
