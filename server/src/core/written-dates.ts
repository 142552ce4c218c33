/**
 * Dates as databases, spreadsheets and people write them where a ROC form is expected, read into the ROC
 * spelling: with separators (2026/11/25, 115/11/25 08:30, 75.3.12) or as a Chinese long date (2026年11月25日,
 * 民國115年11月25日 上午 08:30), as SQL Server, MySQL and PostgreSQL write
 * date-times by default (2026-11-25 14:03:00.000, with a fraction of a second of any length, or a T), with a
 * 12-hour clock (2026/11/25 下午 02:03:00 as .NET writes it in Traditional Chinese, 02:03:00 PM), and as Oracle
 * writes DATE and TIMESTAMP by default (25-NOV-26, 25-NOV-26 02.03.00.000000 PM, 25-NOV-2026, 25-11月 -26); month or
 * day first, as .NET and Excel write dates in en-US (11/25/2025 9:30:15 AM) or en-GB; ISO 8601 with a time zone.
 */
import { formatRocYear, parseRoc, type RocForm } from './roc';
import type { DateOrder } from './types';

const MERIDIEM = '(AM|PM|上午|下午)';

/** Year, month, day; a time after a space or a T, maybe with a fraction of a second and a 12-hour mark. */
const SEPARATED = new RegExp(
  `^(-?\\d{1,4})[-/.](\\d{1,2})(?:[-/.](\\d{1,2}))?(?:(?:\\s?${MERIDIEM}\\s?|[ T])(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,]\\d{1,9})?)?(?:\\s?${MERIDIEM})?)?$`, 'i');

/**
 * A long date in Traditional Chinese, as Excel in zh-TW writes its 長日期 (2026年11月25日) and, with the Taiwan calendar,
 * 民國115年11月25日 or 115年11月25日; maybe with a time after it (08:45, 上午 08:45:00, 8時45分). The rest is read as SEPARATED.
 */
const CHINESE_DATE = /^(?:民國\s?)?(-?\d{1,4})\s?年\s?(\d{1,2})\s?月(?:\s?(\d{1,2})\s?日)?(.*)$/;
const CHINESE_TIME = /^(\s?(?:上午|下午)?\s?)(\d{1,2})\s?[時点]\s?(\d{1,2})\s?分(?:\s?(\d{1,2})\s?秒)?$/;

/** A Chinese long date written with the separators SEPARATED reads (2026/11/25 08:45); any other value as it is. */
function withSeparators(value: string): string {
  const m = value.includes('年') ? CHINESE_DATE.exec(value) : null;
  if (!m) return value;
  const [, y, mo, d, rest] = m;
  const t = CHINESE_TIME.exec(rest);
  const time = t ? `${t[1]}${t[2]}:${t[3]}${t[4] === undefined ? '' : `:${t[4]}`}` : rest;
  if (d === undefined && time !== '') return value;
  return `${y}/${mo}${d === undefined ? '' : `/${d}`}${time === '' || /^\s/.test(time) ? '' : ' '}${time}`;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * Oracle's DD-MON-RR or DD-MON-YYYY, maybe with a time (HH.MI.SSXFF AM as TIMESTAMP has it, or HH24:MI:SS); in
 * Traditional Chinese (NLS_LANGUAGE) the month is written 3月, padded to 3月 , and AM 上午.
 */
const ORACLE = new RegExp(
  `^(\\d{1,2})-(${MONTHS.join('|')}|\\d{1,2}月) ?-(\\d{2}|\\d{4})(?: (\\d{1,2})[.:](\\d{1,2})(?:[.:](\\d{1,2})(?:[.,]\\d{1,9})?)?(?:\\s?${MERIDIEM})?)?$`, 'i');

/** Month/day/year or day/month/year with a four-digit year, maybe with a time and AM/PM: 11/25/2025 9:30:15 AM. */
const YEAR_LAST = new RegExp(
  `^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,]\\d{1,9})?)?(?:\\s?(AM|PM))?)?$`, 'i');

/** ISO 8601 with a zone: 2025-11-25T01:45:00Z, …+08:00, …+0800, …+08. */
const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

export function isWrittenDate(value: string): boolean {
  return SEPARATED.test(withSeparators(value)) || ORACLE.test(value) || YEAR_LAST.test(value);
}

/** What the form needs and the value does not have (a date given for a date-time field). */
export type Lacking = 'day' | 'time' | 'seconds';

/**
 * The ROC spellings a written date can stand for: one, or two when Oracle wrote the year in two digits and
 * either century makes a real date; `lacking` when the form needs a part the value does not have; undefined
 * when the value is not such a date or not a real one. A four-digit year is Gregorian, a shorter one after
 * separators ROC; the separators make unpadded parts unambiguous.
 */
export function writtenDateToRoc(value: string, form: RocForm): { texts: string[] } | { lacking: Lacking } | undefined {
  const s = SEPARATED.exec(withSeparators(value));
  if (s) {
    const [, y, mo, d, before, h, mi, sec, after] = s;
    if (before && after) return undefined;
    return spelled([rocYearOf(y)], { mo, d, h: clockHour(h, before ?? after), mi, sec }, form);
  }
  const o = ORACLE.exec(value);
  if (!o) return undefined;
  const [, d, mon, y, h, mi, sec, meridiem] = o;
  const years = y.length === 4 ? [Number(y)] : [1900 + Number(y), 2000 + Number(y)];
  const mo = mon.endsWith('月') ? mon.slice(0, -1) : String(MONTHS.indexOf(mon.toUpperCase()) + 1);
  return spelled(years.map(formatRocYear), { mo, d, h: clockHour(h, meridiem), mi, sec }, form);
}

/** The three ROC year characters of a written year: four digits are Gregorian, fewer ROC. */
function rocYearOf(y: string): string | undefined {
  if (y.length === 4 && !y.startsWith('-')) return formatRocYear(Number(y));
  return y.startsWith('-') ? '-' + y.slice(1).padStart(2, '0') : y.padStart(3, '0');
}

/** A 24-hour hour from an hour on a 12-hour clock (1-12) with its AM/PM mark; NaN for an hour the clock has not. */
function clockHour(h: string | undefined, meridiem: string | undefined): string | undefined {
  if (h === undefined || meridiem === undefined) return h;
  const n = Number(h);
  if (n < 1 || n > 12) return 'NaN';
  return String((n % 12) + (/^(PM|下午)$/i.test(meridiem) ? 12 : 0));
}

interface Parts { mo: string; d?: string; h?: string; mi?: string; sec?: string }

function spelled(years: (string | undefined)[], p: Parts, form: RocForm): { texts: string[] } | { lacking: Lacking } | undefined {
  const pad = (part: string) => part.padStart(2, '0');
  let rest = pad(p.mo);
  if (form !== 'YYYMM') {
    if (p.d === undefined) return { lacking: 'day' };
    rest += pad(p.d);
    const midnight = p.h === undefined || (Number(p.h) === 0 && Number(p.mi) === 0 && Number(p.sec ?? 0) === 0);
    if (form === 'YYYMMDD' && !midnight) return undefined;
    if (form === 'YYYMMDDHHMM' || form === 'YYYMMDDHHMMSS') {
      if (p.h === undefined) return { lacking: 'time' };
      rest += pad(p.h) + pad(p.mi!);
      if (form === 'YYYMMDDHHMMSS') {
        if (p.sec === undefined) return { lacking: 'seconds' };
        rest += pad(p.sec);
      }
    }
  }
  const texts = years.filter((y) => y !== undefined && y.length === 3).map((y) => y + rest).filter((t) => parseRoc(t, form).ok);
  return texts.length ? { texts } : undefined;
}

/**
 * The ROC spellings of a date written with the year last, one per order of month and day that makes a real date
 * (one when both orders read alike); `lacking` as for writtenDateToRoc; undefined when it is no such date.
 */
export function yearLastDateToRoc(value: string, form: RocForm): { readings: { order: DateOrder; text: string }[] } | { lacking: Lacking } | undefined {
  const m = YEAR_LAST.exec(value);
  if (!m) return undefined;
  const [, first, second, y, h, mi, sec, meridiem] = m;
  const time = { h: clockHour(h, meridiem), mi, sec };
  const years = [formatRocYear(Number(y))];
  const readings: { order: DateOrder; text: string }[] = [];
  for (const [order, mo, d] of [['month-first', first, second], ['day-first', second, first]] as const) {
    const r = spelled(years, { mo, d, ...time }, form);
    if (r && 'lacking' in r) return r;
    if (r && !readings.some((x) => x.text === r.texts[0])) readings.push({ order, text: r.texts[0] });
  }
  return readings.length ? { readings } : undefined;
}

/** A time with a zone read as Taiwan time: the ROC spelling, and the time as written and in Taiwan, for the message. */
export interface TaiwanTime {
  text: string;
  /** The zone was Taiwan's (+08:00): the value is the ROC spelling's very time. */
  exact: boolean;
  /** As written and in Taiwan, shown with the date when the dates differ, with seconds when the form has them. */
  written: string;
  taiwan: string;
  zone: string;
}

const TAIWAN_OFFSET_MINUTES = 8 * 60;

/** The Taiwan time of an ISO 8601 date-time with a zone, in the ROC spelling; `lacking` as for writtenDateToRoc. */
export function zonedDateToRoc(value: string, form: RocForm): TaiwanTime | { lacking: Lacking } | undefined {
  const z = ZONED.exec(value);
  if (!z) return undefined;
  const [, y, mo, d, h, mi, sec, zone] = z;
  const written = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0)));
  if (isoDay(written) !== `${y}-${mo}-${d}` || written.getUTCHours() !== Number(h) || written.getUTCMinutes() !== Number(mi) || Number(sec ?? 0) > 59) return undefined;
  const offset = zoneMinutes(zone);
  if (offset === undefined) return undefined;
  const taiwan = new Date(written.getTime() + (TAIWAN_OFFSET_MINUTES - offset) * 60_000);
  const r = spelled([formatRocYear(taiwan.getUTCFullYear())], {
    mo: String(taiwan.getUTCMonth() + 1), d: String(taiwan.getUTCDate()), h: String(taiwan.getUTCHours()), mi: String(taiwan.getUTCMinutes()),
    sec: sec === undefined ? undefined : String(taiwan.getUTCSeconds()),
  }, form);
  if (!r || 'lacking' in r) return r;
  const seconds = form === 'YYYMMDDHHMMSS';
  const showDate = isoDay(written) !== isoDay(taiwan);
  return {
    text: r.texts[0], exact: offset === TAIWAN_OFFSET_MINUTES, zone: offset === 0 ? 'UTC' : zoneText(offset),
    written: clockText(written, seconds, showDate), taiwan: clockText(taiwan, seconds, showDate),
  };
}

/** Minutes east of UTC of Z, +08:00, +0800 or +08; undefined past ±14:00. */
function zoneMinutes(zone: string): number | undefined {
  if (/^z$/i.test(zone)) return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  if (Number(digits.slice(2) || 0) > 59 || minutes > 14 * 60) return undefined;
  return zone.startsWith('-') ? -minutes : minutes;
}

function zoneText(offset: number): string {
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The date of an instant read in UTC, as YYYY-MM-DD. */
function isoDay(t: Date): string {
  return t.toISOString().slice(0, 10);
}

function clockText(t: Date, seconds: boolean, withDate: boolean): string {
  const clock = t.toISOString().slice(11, seconds ? 19 : 16);
  return withDate ? `${isoDay(t)} ${clock}` : clock;
}
