/**
 * ROC (民國) dates and times <-> Gregorian, as the NHI text writes them.
 * Year: three characters, Gregorian − 1911 zero-padded ("115" = 2026); before ROC 1 a minus sign and
 * two digits ("-05" = 5 years before ROC 1 = 1907). Times are Taiwan local time (UTC+8, no DST).
 */

export type RocForm = 'YYYMM' | 'YYYMMDD' | 'YYYMMDDHHMM' | 'YYYMMDDHHMMSS';

export const ROC_LENGTH: Readonly<Record<RocForm, number>> = { YYYMM: 5, YYYMMDD: 7, YYYMMDDHHMM: 11, YYYMMDDHHMMSS: 13 };

const TAIPEI_OFFSET_MS = 8 * 3600_000;

/** Which part of a ROC value is wrong, for messages. */
export type RocProblem = 'length' | 'digits' | 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

export interface RocValue {
  ok: true;
  /** Gregorian year. */
  year: number;
  rocYear: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Instant in ms since the epoch (Taiwan local time), day 1 for YYYMM. */
  epochMs: number;
}

export interface RocError {
  ok: false;
  problem: RocProblem;
}

export type RocParse = RocValue | RocError;

const D0 = 48;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - D0;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ROC year (negative before ROC 1; there is no year 0) from the three year characters, or NaN. */
export function parseRocYear(s: string): number {
  if (s.charCodeAt(0) === 45 /* - */) {
    const v = two(s, 1);
    return v > 0 ? -v : NaN;
  }
  const a = digit(s, 0);
  const b = two(s, 1);
  if (a < 0 || b < 0) return NaN;
  const v = a * 100 + b;
  return v > 0 ? v : NaN;
}

export function rocToGregorianYear(rocYear: number): number {
  return rocYear > 0 ? rocYear + 1911 : rocYear + 1912;
}

export function gregorianToRocYear(year: number): number {
  return year >= 1912 ? year - 1911 : year - 1912;
}

/** The three year characters for a Gregorian year, or undefined when it cannot be written (before 1813, after 2910). */
export function formatRocYear(year: number): string | undefined {
  const r = gregorianToRocYear(year);
  if (r > 999 || r < -99) return undefined;
  return r > 0 ? String(r).padStart(3, '0') : '-' + String(-r).padStart(2, '0');
}

/** Parses a ROC value of the given form. Never throws. */
export function parseRoc(value: string, form: RocForm): RocParse {
  // Each form is as long as the values it names (ROC_LENGTH): the string's length, not a lookup by a key that varies.
  const len = form.length;
  if (value.length !== len) return { ok: false, problem: 'length' };
  const rocYear = parseRocYear(value);
  if (Number.isNaN(rocYear)) {
    for (let i = value.charCodeAt(0) === 45 ? 1 : 0; i < len; i++) if (digit(value, i) < 0) return { ok: false, problem: 'digits' };
    return { ok: false, problem: 'year' };
  }
  for (let i = 3; i < len; i++) if (digit(value, i) < 0) return { ok: false, problem: 'digits' };
  const year = rocToGregorianYear(rocYear);
  const month = two(value, 3);
  if (month < 1 || month > 12) return { ok: false, problem: 'month' };
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (len >= 7) {
    day = two(value, 5);
    if (day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'day' };
  }
  if (len >= 11) {
    hour = two(value, 7);
    if (hour > 23) return { ok: false, problem: 'hour' };
    minute = two(value, 9);
    if (minute > 59) return { ok: false, problem: 'minute' };
  }
  if (len === 13) {
    second = two(value, 11);
    if (second > 59) return { ok: false, problem: 'second' };
  }
  return { ok: true, year, rocYear, month, day, hour, minute, second, epochMs: taipeiEpoch(year, month, day, hour, minute, second) };
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Instant of a Taiwan local time. */
export function taipeiEpoch(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 - TAIPEI_OFFSET_MS;
}

/** Taiwan local calendar fields of an instant (H. Hinnant's civil_from_days). */
export function taipeiParts(epochMs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const local = epochMs + TAIPEI_OFFSET_MS;
  const days = Math.floor(local / 86_400_000);
  let rest = Math.floor((local - days * 86_400_000) / 1000);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  return { year, month, day, hour, minute, second: rest - minute * 60, weekday: (((days + 4) % 7) + 7) % 7 };
}

const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Formats an instant in the given ROC form, or undefined when the year cannot be written in three characters. */
export function formatRoc(epochMs: number, form: RocForm): string | undefined {
  const t = taipeiParts(epochMs);
  const y = formatRocYear(t.year);
  if (y === undefined) return undefined;
  let s = y + p2(t.month);
  if (form === 'YYYMM') return s;
  s += p2(t.day);
  if (form === 'YYYMMDD') return s;
  s += p2(t.hour) + p2(t.minute);
  return form === 'YYYMMDDHHMM' ? s : s + p2(t.second);
}

/**
 * Reads a value written in Gregorian digits where a ROC form was expected (e.g. "19860312" for YYYMMDD)
 * and returns the ROC spelling, or undefined when it is not a valid Gregorian value of that shape.
 */
export function gregorianToRoc(value: string, form: RocForm): string | undefined {
  const len = ROC_LENGTH[form] + 1;
  if (value.length !== len) return undefined;
  for (let i = 0; i < len; i++) if (digit(value, i) < 0) return undefined;
  const year = Number(value.slice(0, 4));
  if (year < 1813 || year > 2910) return undefined;
  const rocYear = formatRocYear(year);
  if (rocYear === undefined) return undefined;
  const candidate = rocYear + value.slice(4);
  return parseRoc(candidate, form).ok ? candidate : undefined;
}

/** The widths of a form's parts: year, month, then day, hour, minute and second as the form has them. */
const PART_WIDTHS: Readonly<Record<RocForm, readonly number[]>> = {
  YYYMM: [3, 2], YYYMMDD: [3, 2, 2], YYYMMDDHHMM: [3, 2, 2, 2, 2], YYYMMDDHHMMSS: [3, 2, 2, 2, 2, 2],
};

/**
 * The valid values a string of digits one or two zeros short can stand for, each with a zero put back at the
 * start of one of its parts: at the front when a spreadsheet dropped the leading zeros of a number
 * ("750312" → 0750312), inside when an export wrote a part unpadded ("1101010830": month, day or hour 1).
 * In the order the zeros were put back: the front first.
 */
export function zeroPadRocCandidates(value: string, form: RocForm): { text: string; value: RocValue }[] {
  const len = ROC_LENGTH[form];
  const missing = len - value.length;
  if (missing < 1 || missing > 2) return [];
  for (let i = 0; i < value.length; i++) if (digit(value, i) < 0) return [];
  const widths = PART_WIDTHS[form];
  const found = new Map<string, RocValue>();
  const walk = (part: number, at: number, left: number, built: string): void => {
    if (part === widths.length) {
      if (left === 0 && at === value.length && !found.has(built)) {
        const p = parseRoc(built, form);
        if (p.ok) found.set(built, p);
      }
      return;
    }
    // The year may have lost two zeros (005 → 5), the other parts one.
    for (let dropped = Math.min(left, part === 0 ? 2 : 1); dropped >= 0; dropped--) {
      const take = widths[part] - dropped;
      if (at + take > value.length) continue;
      walk(part + 1, at + take, left - dropped, built + '0'.repeat(dropped) + value.slice(at, at + take));
    }
  };
  walk(0, 0, missing, '');
  return [...found].map(([text, value]) => ({ text, value }));
}

const WEEKDAY_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "2026-11-26 09:30（週四）" / "2026-11-26 09:30 (Thu)"; `withTime` false drops the time. */
export function formatGregorian(epochMs: number, lang: 'zh-TW' | 'en', withTime = true, withSeconds = false): string {
  const t = taipeiParts(epochMs);
  const y = t.year < 1000 ? String(t.year).padStart(4, '0') : String(t.year);
  let s = `${y}-${p2(t.month)}-${p2(t.day)}`;
  if (withTime) s += ` ${p2(t.hour)}:${p2(t.minute)}` + (withSeconds ? `:${p2(t.second)}` : '');
  return s + (lang === 'zh-TW' ? `（週${WEEKDAY_ZH[t.weekday]}）` : ` (${WEEKDAY_EN[t.weekday]})`);
}

/** The ROC reading of a valid value in words: "民國 75 年 3 月 12 日" / "ROC year 75, 12 March". */
export function describeRoc(v: RocValue, form: RocForm, lang: 'zh-TW' | 'en'): string {
  const yZh = v.rocYear > 0 ? `民國 ${v.rocYear} 年` : `民國前 ${-v.rocYear} 年`;
  if (lang === 'zh-TW') return `${yZh} ${v.month} 月${form !== 'YYYMM' ? ` ${v.day} 日` : ''}${clockOf(v, form)}`;
  return formatGregorian(v.epochMs, 'en', form === 'YYYMMDDHHMM' || form === 'YYYMMDDHHMMSS', form === 'YYYMMDDHHMMSS').replace(/ \(.*\)$/, '') +
    (form === 'YYYMM' ? ' (month)' : '');
}

/** The value in ROC numerals, for an English reader: "ROC 115/11/25 08:30:00", "ROC -5/03/12" (5 years before ROC 1). */
export function rocNumerals(v: RocValue, form: RocForm): string {
  return `ROC ${v.rocYear}/${p2(v.month)}${form !== 'YYYMM' ? `/${p2(v.day)}` : ''}${clockOf(v, form)}`;
}

/** " 08:30", " 08:30:00" or nothing, as the form holds a time. */
function clockOf(v: RocValue, form: RocForm): string {
  if (form === 'YYYMMDDHHMMSS') return ` ${p2(v.hour)}:${p2(v.minute)}:${p2(v.second)}`;
  return form === 'YYYMMDDHHMM' ? ` ${p2(v.hour)}:${p2(v.minute)}` : '';
}

/** "3 h 20 min" / "3 小時 20 分鐘"; days when over 48 h. Negative durations are formatted by their size. */
export function formatDuration(ms: number, lang: 'zh-TW' | 'en'): string {
  let minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = minutes >= 48 * 60 ? Math.floor(minutes / 1440) : 0;
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  // Under a minute reads as such: "passed 0 min ago" and "0 min left" say nothing true.
  if (days === 0 && hours === 0 && minutes === 0) return lang === 'zh-TW' ? '不到 1 分鐘' : 'under 1 min';
  const parts: string[] = [];
  if (lang === 'zh-TW') {
    if (days) parts.push(`${days} 天`);
    if (hours) parts.push(`${hours} 小時`);
    if (minutes) parts.push(`${minutes} 分鐘`);
  } else {
    if (days) parts.push(`${days} d`);
    if (hours) parts.push(`${hours} h`);
    if (minutes) parts.push(`${minutes} min`);
  }
  return parts.join(' ');
}

/** An ISO-8601 date or date-time as the CLI's --now and the deadlineReferenceTime setting take it. */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO-8601 date or date-time (`ISO_DATE_TIME`) as ms since the epoch. Without a zone it is Taiwan time
 * (UTC+8), as the CSV's times are, so the result does not depend on the machine's time zone. Undefined for
 * other text and for dates that do not exist (2026-02-30).
 */
export function parseIsoTaiwanTime(text: string): number | undefined {
  const trimmed = text.trim();
  const m = ISO_DATE_TIME.exec(trimmed);
  if (!m) return undefined;
  let iso = trimmed.replace(' ', 'T');
  if (!iso.includes('T')) iso += 'T00:00';
  if (!m[1]) iso += '+08:00';
  const ms = Date.parse(iso);
  const [y, mo, d] = iso.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  const real = day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
  return Number.isNaN(ms) || !real ? undefined : ms;
}
