import { strict as assert } from 'node:assert';
import { dateOrdersShown, decideDateOrders, withDecidedDateOrders } from '../../../server/src/core/date-orders';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleLine } from '../../../server/src/core/spec/example';
import type { Finding } from '../../../server/src/core/types';
import { validateText } from '../../../server/src/core/validate';
import { fixAllEdits } from '../../../server/src/core/fix/fix-all';
import { applyEdits } from './edits';

const options = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME });
const findings = (text: string): Finding[] => validateText(text, options).findings;
const fixAll = (text: string): string => applyEdits(text, fixAllEdits(text, decideDateOrders(findings(text)), options));

/** Rows of one batch, each its own report serial and archive, with the given fields. */
function rows(...patches: Record<number, string>[]): string {
  return patches.map((p, k) => exampleLine({ 11: String(k + 1), 14: `DCF3501200000_C0000000000${k + 1}.7z`, ...p })).join('\r\n') + '\r\n';
}

function fixesAt(text: string, line: number, field: number): [string, string][] {
  const f = withDecidedDateOrders(findings(text)).find((x) => x.range.start.line === line && x.field === field)!;
  return f.fixes!.map((x) => [x.kind, x.edits[0].newText]);
}

describe('the order of month and day a file shows', () => {
  it('a birth date over 12 in the column decides the dates of the column that read either way: month first, fixed by fix-all', () => {
    const text = rows({ 9: '11/25/1986' }, { 9: '3/12/1986' }, { 9: '12/3/1986' });
    assert.deepEqual(fixesAt(text, 1, 9), [['roc-date', '0750312'], ['date-order-choice', '0751203']]);
    const [decided] = withDecidedDateOrders(findings(text)).find((x) => x.range.start.line === 1 && x.field === 9)!.fixes!;
    assert.equal(decided.title.en, 'Read month first: 0750312 (1986-03-12): the file writes dates month first, as 11/25/1986 on line 1 in this field shows');
    assert.equal(decided.title['zh-TW'], '依月/日/年改為 0750312（民國 75 年 3 月 12 日）：本檔日期為月/日/年，如第 1 行同欄的 11/25/1986 所示');
    assert.equal(fixAll(text), rows({ 9: '0751125' }, { 9: '0750312' }, { 9: '0751203' }));
  });

  it('day first, as en-GB writes it', () => {
    const text = rows({ 9: '3/12/1986' }, { 9: '25/11/1986' });
    assert.deepEqual(fixesAt(text, 0, 9), [['roc-date', '0751203'], ['date-order-choice', '0750312']]);
    assert.equal(fixAll(text), rows({ 9: '0751203' }, { 9: '0751125' }));
  });

  it('a column with values of both orders decides nothing: each date that reads either way stays a choice, out of fix-all', () => {
    const text = rows({ 9: '11/25/1986' }, { 9: '3/12/1986' }, { 9: '25/11/1986' });
    assert.deepEqual(dateOrdersShown(findings(text)).byField.get(9), null);
    assert.deepEqual(fixesAt(text, 1, 9), [['date-order-choice', '0750312'], ['date-order-choice', '0751203']]);
    assert.equal(fixAll(text), rows({ 9: '0751125' }, { 9: '3/12/1986' }, { 9: '0751125' }));
  });

  it('a column without such a value takes the file\'s order from another field, and the title names that field', () => {
    const text = rows({ 4: '11/25/2025 9:30:15 AM', 9: '3/12/1986' });
    const f = withDecidedDateOrders(findings(text)).find((x) => x.field === 9)!;
    assert.equal(f.fixes![0].kind, 'roc-date');
    assert.match(f.fixes![0].title.en, /as 11\/25\/2025 9:30:15 AM on line 1 in .*field 4.* shows$/);
    assert.equal(fixAll(text), rows({}));
  });

  it('a field\'s own values come before the file\'s', () => {
    const text = rows({ 4: '11/25/2025 9:30:15 AM', 9: '25/11/1986' }, { 9: '3/12/1986' });
    assert.deepEqual(fixesAt(text, 1, 9), [['roc-date', '0751203'], ['date-order-choice', '0750312']]);
  });

  it('a value the shown order makes a date the field cannot hold stays a choice', () => {
    // Day first, 11/12/2025 09:45 would be 2025-12-11, later than the reference time 2025-11-25.
    const text = rows({ 12: '25/11/2025 09:45' }, { 12: '11/12/2025 09:45' });
    assert.deepEqual(fixesAt(text, 1, 12), [['date-order-choice', '11411120945']]);
    assert.equal(fixAll(text), rows({ 12: '11411250945' }, { 12: '11/12/2025 09:45' }));
  });

  it('month and day alike (3/3/1986) show no order; without a value that shows one, nothing is decided', () => {
    const text = rows({ 9: '3/3/1986' }, { 9: '3/12/1986' });
    assert.equal(dateOrdersShown(findings(text)).file, undefined);
    assert.deepEqual(fixesAt(text, 1, 9), [['date-order-choice', '0750312'], ['date-order-choice', '0751203']]);
    const all = findings(text);
    assert.equal(withDecidedDateOrders(all), all);
  });
});
