import { maskId } from '../core/describe';
import { orderSpec } from '../core/spec/orders';
import type { Row } from '../core/csv/model';
import type { Bilingual } from '../core/types';
import { fieldCells } from './cells';

/** What names a row to a person without showing the patient: its order (field 10) and its masked ID (field 8). */
export interface RowIdentity {
  /** Field 10 as written; '' when empty. */
  orderCode: string;
  /** The order's name when the code is one the spec lists. */
  orderName: Bilingual | undefined;
  /** Field 8 with all but its first and last three characters hidden; '' when empty. */
  maskedId: string;
}

export function rowIdentity(row: Row): RowIdentity {
  const cells = fieldCells(row);
  const orderCode = cells[9]?.value ?? '';
  const id = cells[7]?.value ?? '';
  return { orderCode, orderName: orderSpec(orderCode)?.name, maskedId: id ? maskId(id) : '' };
}
