import type { VR } from './encode';

/**
 * Whether a decoded string value is valid for its VR (PS3.5 6.2): the form of each value (values
 * split at "\") and its maximum length in characters. Used before a value is copied into a
 * DICOMDIR record, so that a source's "1997.04.24" (DA) or "14:04:38" (TM) is not copied as it is.
 * VRs not listed here are accepted as they are.
 */
interface ValueRule {
  max: number;
  /** The form of one value; text VRs (LT, ST, UT) also allow CR, LF, FF and TAB. */
  form?: (v: string) => boolean;
  text?: boolean;
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^([01]\d|2[0-3])(?:[0-5]\d(?:(?:[0-5]\d|60)(?:\.\d{1,6})?)?)?$/;
const DATE_TIME = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:([01]\d|2[0-3])(?:[0-5]\d(?:(?:[0-5]\d|60)(?:\.\d{1,6})?)?)?)?)?)?(?:[+-](?:[01]\d|2[0-3])[0-5]\d)?$/;

function isDate(v: string): boolean {
  const m = DATE.exec(v);
  return !!m && isCalendarDay(+m[1], +m[2], +m[3]);
}

function isDateTime(v: string): boolean {
  const m = DATE_TIME.exec(v);
  return !!m && (m[2] === undefined || +m[2] >= 1 && +m[2] <= 12) && (m[3] === undefined || isCalendarDay(+m[1], +m[2], +m[3]));
}

function isCalendarDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const RULES: Partial<Record<VR, ValueRule>> = {
  AE: { max: 16 },
  AS: { max: 4, form: (v) => /^\d{3}[DWMY]$/.test(v) },
  CS: { max: 16, form: (v) => /^[A-Z0-9_ ]*$/.test(v) },
  DA: { max: 8, form: isDate },
  DS: { max: 16, form: (v) => /^ *[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)? *$/.test(v) },
  DT: { max: 26, form: isDateTime },
  IS: { max: 12, form: (v) => /^ *[+-]?\d+ *$/.test(v) && Math.abs(Number(v)) < 2 ** 31 },
  LO: { max: 64 },
  LT: { max: 10240, text: true },
  /** Up to three component groups (alphabetic, ideographic, phonetic), each of at most 64 characters. */
  PN: { max: 64 * 3 + 2, form: (v) => v.split('=').every((group, i) => i < 3 && [...group].length <= 64) },
  SH: { max: 16 },
  ST: { max: 1024, text: true },
  TM: { max: 14, form: (v) => TIME.test(v.trimEnd()) },
  UI: { max: 64, form: (v) => /^(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*$/.test(v) },
};

/**
 * An empty value is valid (whether it may be empty is the record's concern, not the VR's). `single`: the attribute
 * holds one value (VM 1, PS3.6), so a value split by "\\" into several is not valid for it.
 */
export function isValidValue(vr: VR, value: string, single = false): boolean {
  if (single && value.includes('\\') && !RULES[vr]?.text) return false;
  const rule = RULES[vr];
  if (!rule) return true;
  if (rule.text) return [...value].length <= rule.max && !/[\0-\x08\x0b\x0e-\x1f\x7f]/.test(value);
  return value.split('\\').every((v) => v === '' || ([...v].length <= rule.max && !/[\0-\x1f\x7f]/.test(v) && (rule.form?.(v) ?? true)));
}
