import type { Cell } from '../csv/model';
import { bi, fieldName } from '../i18n';
import type { RowContext } from './context';
import { emit, replaceFix } from './emit';

/** How a spreadsheet writes a long value it took for a number: one digit, maybe decimals, a signed exponent (1.14113E+12). */
export const SCIENTIFIC = /^-?\d(?:\.\d+)?E[+-]\d{2,3}$/i;
export const SPREADSHEET_NUMBER = bi(
  '看起來是試算表把它當成數字，改寫成科學記號，原本的位數已遺失：請把此欄設為「文字」後重新匯出',
  'looks like a spreadsheet took it for a number and wrote it in scientific notation, which loses digits: set the column to text and export again',
);

/**
 * More than 15 digits, those after the 15th all 0: a number a spreadsheet kept to the 15 significant digits it
 * stores (a 16-digit dental site 1112131415161718 saved from XLSX as 1112131415161720, by Excel as 1112131415161710).
 */
const KEPT_TO_15_DIGITS = /^\d{15}0+$/;
export function keptTo15Digits(v: string): boolean {
  return KEPT_TO_15_DIGITS.test(v);
}
export const SPREADSHEET_15_DIGITS = bi(
  '看起來是試算表把它當成數字，只保留 15 位有效數字，之後的位數已遺失：請把此欄設為「文字」後重新匯出',
  'looks like a spreadsheet took it for a number and kept 15 significant digits: the digits after them are lost; set the column to text and export again',
);

/** Digits and a decimal part of zeros only, as pandas, databases and spreadsheets write a number column (750312.0). */
const DECIMAL_ZEROS = /^\d+\.0+$/;

/**
 * A number with thousands separators, maybe with a decimal part of zeros, as a spreadsheet writes a column formatted
 * so ("#,##0", Excel's number format with 使用千分位): `1,151,125,083,000`, in quotes in the CSV for its commas.
 */
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.0+)?$/;
export function hasThousandsSeparators(v: string): boolean {
  return v.indexOf(',') > 0 && THOUSANDS.test(v);
}

/**
 * A value a spreadsheet or an export wrote as a number: with thousands separators (quoted) or a decimal part of
 * zeros, reported with the fix that removes them, and the digits returned for the field's own check; in scientific notation (outside the date
 * fields, whose check says it in its own words), reported, and undefined returned: its digits are gone.
 * The value itself when it is neither.
 */
export function readSpreadsheetNumber(v: string, cell: Cell, field: number, rocField: boolean, ctx: RowContext): string | undefined {
  if (cell.quoted && hasThousandsSeparators(v)) {
    const digits = v.replace(/,|\.0+$/g, '');
    const name = fieldName(field);
    emit(ctx.out, ctx.options, 'F-thousands', cell.range, field, ctx.row.index,
      bi(`${name['zh-TW']} ${v} 被寫成有千分位逗號的數字（試算表的數值格式），並因逗號而加了引號：請把此欄設為「文字」後重新匯出；去掉千分位為 ${digits}`,
        `${name.en} ${v} was written as a number with thousands separators (a spreadsheet's number format), and quoted for its commas: set the column to text and export again; without the separators it is ${digits}`),
      [replaceFix('remove-thousands', bi(`去掉千分位：${digits}`, `Remove the thousands separators: ${digits}`), cell.range, digits)]);
    return digits;
  }
  const dot = v.indexOf('.');
  if (dot > 0 && DECIMAL_ZEROS.test(v)) {
    const digits = v.slice(0, dot);
    const name = fieldName(field);
    emit(ctx.out, ctx.options, 'F-decimal', cell.range, field, ctx.row.index,
      bi(`${name['zh-TW']} ${v} 被寫成帶小數的數字：請把此欄設為「文字」後重新匯出；去掉小數為 ${digits}`,
        `${name.en} ${v} was written as a decimal number: set the column to text and export again; without the decimals it is ${digits}`),
      [replaceFix('remove-decimals', bi(`去掉小數：${digits}`, `Remove the decimals: ${digits}`), cell.range, digits)]);
    return digits;
  }
  if (!rocField && (v.indexOf('E') > 0 || v.indexOf('e') > 0) && SCIENTIFIC.test(v)) {
    const name = fieldName(field);
    emit(ctx.out, ctx.options, 'F-scientific', cell.range, field, ctx.row.index,
      bi(`${name['zh-TW']} ${v} ${SPREADSHEET_NUMBER['zh-TW']}`, `${name.en} ${v} ${SPREADSHEET_NUMBER.en}`));
    return undefined;
  }
  return v;
}
