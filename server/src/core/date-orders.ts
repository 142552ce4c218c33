/**
 * The order of month and day a file's dates with the year last are written in, as the values that show it tell
 * (`11/25/2025`: 25 is no month). An export writes every date of a column, and as a rule every date of the file,
 * the same way, so such a value decides the dates of its column that could be read either way (`3/12/2025`).
 * A row's findings depend on that row alone (the editor checks again only the rows an edit touched), so this is
 * decided over a file's findings when fixes are offered, not when rows are checked.
 */
import { bi, fieldName } from './i18n';
import type { Bilingual, DateOrder, Finding, Fix } from './types';

/** A value that shows its order, and where it stands. */
interface Shown {
  order: DateOrder;
  written: string;
  field: number;
  line: number;
}

/**
 * The values that show an order, for their field and for the file: undefined where none does, null where
 * values show both orders (the file mixes them: nothing is decided from it).
 */
export interface DateOrders {
  byField: Map<number, Shown | null>;
  file: Shown | null | undefined;
}

export function dateOrdersShown(findings: readonly Finding[]): DateOrders {
  return addDateOrdersShown({ byField: new Map(), file: undefined }, findings);
}

/** `orders` with the values `findings` show, which come after those it holds (a file's findings in pieces, in order). */
export function addDateOrdersShown(orders: DateOrders, findings: readonly Finding[]): DateOrders {
  const { byField } = orders;
  for (const f of findings) {
    if (f.field === null) continue;
    const dateOrder = f.fixes?.find((x) => x.kind === 'roc-date')?.dateOrder;
    if (!dateOrder) continue;
    const shown: Shown = { ...dateOrder, field: f.field, line: f.range.start.line };
    byField.set(f.field, agreeing(byField.get(f.field), shown));
    orders.file = agreeing(orders.file, shown);
  }
  return orders;
}

function agreeing(kept: Shown | null | undefined, shown: Shown): Shown | null {
  if (kept === undefined) return shown;
  return kept && kept.order === shown.order ? kept : null;
}

/** The value that decides a field's order: its own field's when the field has one, the file's otherwise. */
function deciding(orders: DateOrders, field: number): Shown | undefined {
  const own = orders.byField.get(field);
  if (own !== undefined) return own ?? undefined;
  return orders.file ?? undefined;
}

export const DATE_ORDER_NAMES: Record<DateOrder, Bilingual> = { 'month-first': bi('月/日/年', 'month first'), 'day-first': bi('日/月/年', 'day first') };

function decidedTitle(choice: Fix, by: Shown, field: number): Bilingual {
  const other = fieldName(by.field);
  const where = by.field === field ? bi('同欄', 'in this field') : bi(other['zh-TW'], `in ${other.en}`);
  const order = DATE_ORDER_NAMES[by.order];
  return bi(`${choice.title['zh-TW']}：本檔日期為${order['zh-TW']}，如第 ${by.line + 1} 行${where['zh-TW']}的 ${by.written} 所示`,
    `${choice.title.en}: the file writes dates ${order.en}, as ${by.written} on line ${by.line + 1} ${where.en} shows`);
}

/**
 * The findings with a date that could be read either way given, first, the reading of the order the file's
 * values show: a `roc-date` fix (in "fix all") whose title says which value decided it. Other findings, and
 * dates of a field whose values show both orders or whose shown order the field cannot hold, are as they were.
 */
export function withDecidedDateOrders(findings: readonly Finding[], orders: DateOrders = dateOrdersShown(findings)): Finding[] {
  if (orders.file === undefined) return findings as Finding[];
  return findings.map((f) => {
    if (f.field === null) return f;
    const choices = f.fixes?.filter((x) => x.kind === 'date-order-choice' && x.dateOrder);
    if (!choices?.length) return f;
    const by = deciding(orders, f.field);
    const chosen = by && choices.find((x) => x.dateOrder!.order === by.order);
    if (!by || !chosen) return f;
    const decided: Fix = { kind: 'roc-date', title: decidedTitle(chosen, by, f.field), edits: chosen.edits };
    return { ...f, fixes: [decided, ...f.fixes!.filter((x) => x !== chosen)] };
  });
}

/** A file's findings with the order of month and day decided (withDecidedDateOrders), and the orders that decided it. */
export interface DecidedDateOrders {
  findings: Finding[];
  /** The orders the file's values show: fix-all decides by them the findings of its later rounds too. */
  orders: DateOrders;
}

export function decideDateOrders(findings: readonly Finding[]): DecidedDateOrders {
  const orders = dateOrdersShown(findings);
  return { findings: withDecidedDateOrders(findings, orders), orders };
}
