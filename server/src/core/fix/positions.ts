import type { Position } from '../types';

/** Whether `a` comes before `b` in a text. */
export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
