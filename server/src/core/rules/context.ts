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
  /** The cell per field, undefined beyond the row's end. */
  cells: (Cell | undefined)[];
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

export function newContext(row: Row, options: ValidationOptions, out: Finding[]): RowContext {
  return {
    row, options, out,
    values: ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
    cells: [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    good: [false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false],
  };
}

/** Makes `ctx` as newContext would for another row, reusing its arrays (a row's checks allocate little). */
export function resetContext(ctx: RowContext, row: Row, options: ValidationOptions, out: Finding[]): RowContext {
  ctx.row = row;
  ctx.options = options;
  ctx.out = out;
  ctx.values.fill('');
  ctx.cells.fill(undefined);
  ctx.good.fill(false);
  ctx.swipe = ctx.birth = ctx.exam = ctx.newborn = ctx.received = ctx.execution = undefined;
  ctx.order = undefined;
  return ctx;
}
