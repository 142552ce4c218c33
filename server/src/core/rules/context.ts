import type { Cell, Row } from '../csv/model';
import type { Finding } from '../types';
import type { ValidationOptions } from '../options';
import type { RocValue } from '../roc';
import type { OrderSpec } from '../spec/orders';

/** What the field checks learn about one row, for the cross-field checks. Reused across rows. */
export interface RowContext {
  row: Row;
  options: ValidationOptions;
  out: Finding[];
  /** Value per field (index 0 = field 1) after trimming and full-width folding; '' when absent. */
  values: string[];
  /**
   * The cell per field, undefined beyond the row's end: the row's field cells themselves (read at field indexes only;
   * a row with extra fields has more than 17).
   */
  cells: readonly (Cell | undefined)[];
  /** Field passed its own checks (so cross-field checks may trust it). */
  good: boolean[];
  swipe?: RocValue;
  birth?: RocValue;
  exam?: RocValue;
  newborn?: RocValue;
  received?: RocValue;
  /** Field 3, the execution year-month. */
  execution?: RocValue;
  order?: OrderSpec;
}

const NO_CELLS: readonly Cell[] = Object.freeze([]);

/**
 * 17 empty values. A new array for each row: the row's values are new strings, which stored into an array the
 * collector has already moved to its old generation would each cost a write barrier's slow path.
 */
function emptyValues(): string[] {
  return ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''];
}

export function newContext(row: Row, options: ValidationOptions, out: Finding[]): RowContext {
  return {
    row, options, out,
    values: emptyValues(),
    cells: NO_CELLS,
    good: [false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false],
  };
}

/** Makes `ctx` as newContext would for another row, reusing what it can (a row's checks allocate little). */
export function resetContext(ctx: RowContext, row: Row, options: ValidationOptions, out: Finding[]): RowContext {
  ctx.row = row;
  ctx.options = options;
  ctx.out = out;
  ctx.values = emptyValues();
  ctx.cells = NO_CELLS;
  // A loop, not fill(): Array.prototype.fill is a call into the runtime, about 600 instructions for 17 booleans.
  const good = ctx.good;
  for (let i = 0; i < good.length; i++) good[i] = false;
  ctx.swipe = ctx.birth = ctx.exam = ctx.newborn = ctx.received = ctx.execution = undefined;
  ctx.order = undefined;
  return ctx;
}
