/**
 * Dates as databases, spreadsheets and people write them where a ROC form is expected, read into the ROC
 * spelling: with separators (2026/11/25, 115/11/25 08:30, 75.3.12), as SQL Server, MySQL and PostgreSQL write
 * date-times by default (2026-11-25 14:03:00.000, with a fraction of a second of any length, or a T), with a
 * 12-hour clock (2026/11/25 下午 02:03:00 as .NET writes it in Traditional Chinese, 02:03:00 PM), and as Oracle
 * writes DATE and TIMESTAMP by default (25-NOV-26, 25-NOV-26 02.03.00.000000 PM, 25-NOV-2026, 25-11月 -26).
 */
import { formatRocYear, parseRoc, type RocForm } from './roc';

const MERIDIEM = '(AM|PM|上午|下午)';

/** Year, month, day; a time after a space or a T, maybe with a fraction of a second and a 12-hour mark. */
const SEPARATED = new RegExp(
  `^(-?\\d{1,4})[-/.](\\d{1,2})(?:[-/.](\\d{1,2}))?(?:(?:\\s?${MERIDIEM}\\s?|[ T])(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,]\\d{1,9})?)?(?:\\s?${MERIDIEM})?)?$`, 'i');

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * Oracle's DD-MON-RR or DD-MON-YYYY, maybe with a time (HH.MI.SSXFF AM as TIMESTAMP has it, or HH24:MI:SS); in
 * Traditional Chinese (NLS_LANGUAGE) the month is written 3月, padded to 3月 , and AM 上午.
 */
const ORACLE = new RegExp(
  `^(\\d{1,2})-(${MONTHS.join('|')}|\\d{1,2}月) ?-(\\d{2}|\\d{4})(?: (\\d{1,2})[.:](\\d{1,2})(?:[.:](\\d{1,2})(?:[.,]\\d{1,9})?)?(?:\\s?${MERIDIEM})?)?$`, 'i');

export function isWrittenDate(value: string): boolean {
  return SEPARATED.test(value) || ORACLE.test(value);
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
  const s = SEPARATED.exec(value);
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
