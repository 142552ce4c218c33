/**
 * Quotation marks that a word processor or an input method types around a value: curly and full-width
 * double and single quotes, and the corner brackets of Chinese text; and the ASCII single quotes of an export that
 * writes each value as an SQL text literal. The CSV reader does not take them for quotes, so they reach a field as
 * characters.
 */
const PAIRS: readonly { open: string; close: string }[] = [
  { open: '“”＂', close: '“”＂' },
  { open: '‘’＇', close: '‘’＇' },
  { open: '「', close: '」' },
  { open: '『', close: '』' },
  { open: "'", close: "'" },
];

/** The ASCII single quote: around a value an export's text literal, before one Excel's mark for "keep as text". */
export const APOSTROPHE = "'";

const ANY_MARK = /[“”＂‘’＇「」『』"']/;

/**
 * The marks and the value between them when one pair of typed quotation marks wraps the whole value and
 * nothing else in it is a quote (so that removing them cannot join or cut values); undefined otherwise.
 */
export function typedQuotes(v: string): { open: string; close: string; inside: string } | undefined {
  if (v.length < 2) return undefined;
  const open = v[0];
  const close = v[v.length - 1];
  const pair = PAIRS.find((p) => p.open.includes(open));
  if (!pair || !pair.close.includes(close)) return undefined;
  const inside = v.slice(1, -1);
  return ANY_MARK.test(inside) ? undefined : { open, close, inside };
}

const TEXT_FORMULA = /^="([^"]*)"$/;

/**
 * The text inside a value written as the spreadsheet formula ="…" (HIS exports write ="0001" so that Excel keeps
 * the leading zeros; the CSV holds the formula's characters), or undefined when the value is not one.
 */
export function textFormula(v: string): string | undefined {
  return TEXT_FORMULA.exec(v)?.[1];
}

/**
 * The value after a leading apostrophe, the mark that makes Excel keep what is typed as text ('0001), which an export
 * meant for Excel writes into the CSV, where it is a character of the value; undefined for any other value.
 */
export function textPrefixed(v: string): string | undefined {
  return v.length > 1 && v[0] === APOSTROPHE && !ANY_MARK.test(v.slice(1)) ? v.slice(1) : undefined;
}
