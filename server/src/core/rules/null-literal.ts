import type { Cell } from '../csv/model';
import { bi, fieldName } from '../i18n';
import { FIELDS } from '../spec/fields';
import type { RowContext } from './context';
import { emit, replaceFix } from './emit';

/**
 * How exports write "no value": SQL and ORM nulls, MySQL's \N (SELECT … INTO OUTFILE, and PostgreSQL's text
 * COPY), pandas' NaN, Python's None, R's and Excel's NA forms. Compared in lower case. "NA" in field 13 is left
 * out: it is also a CT/MRI body site (頸椎 and 頸部).
 */
const NULL_LITERALS = new Set(['null', '(null)', '<null>', 'nil', 'none', 'nan', 'undefined', 'n/a', '#n/a', 'na', '\\n']);

const BACKSLASH = 0x5c;

/** Every literal starts with n, u, (, <, # (any case) or \: most values are ruled out without a lower-case copy. */
export function startsNullLiteral(code: number): boolean {
  const c = code | 0x20;
  return c === 110 || c === 117 || c === 40 || c === 60 || c === 35 || code === BACKSLASH;
}

export function isNullLiteral(v: string, field: number): boolean {
  if (v.length > 9 || v.length < 2 || !startsNullLiteral(v.charCodeAt(0))) return false;
  const lower = v.toLowerCase();
  return NULL_LITERALS.has(lower) && !(field === 13 && lower === 'na');
}

/** Reports a null literal: a missing value of a required field, or an optional field to be left empty. */
export function reportNullLiteral(v: string, cell: Cell, field: number, ctx: RowContext): void {
  const name = fieldName(field);
  const required = FIELDS[field - 1].required === 'always';
  emit(ctx.out, ctx.options, 'F-null-literal', cell.range, field, ctx.row.index,
    required
      ? bi(`${name['zh-TW']}為「${v}」，是匯出程式表示「沒有值」的寫法：此欄必填，請填入實際的值`,
        `${name.en} is "${v}", which an export writes for a missing value: the field is required, so fill in the real value`)
      : bi(`${name['zh-TW']}為「${v}」，是匯出程式表示「沒有值」的寫法：沒有值的欄位請留空`,
        `${name.en} is "${v}", which an export writes for a missing value: a field without a value is left empty`),
    required ? undefined : [replaceFix('remove-null', bi('清空此欄', 'Leave the field empty'), cell.range, '')]);
}
