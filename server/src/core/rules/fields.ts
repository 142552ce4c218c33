import type { Bilingual, DateOrder, FixKind } from '../types';
import type { Cell } from '../csv/model';
import { bi, fieldName } from '../i18n';
import { describeRoc, gregorianToRoc, parseRoc, zeroPadRocCandidates, type RocForm, type RocProblem, type RocValue } from '../roc';
import { DATE_ORDER_NAMES as ORDER } from '../date-orders';
import { writtenDateToRoc, yearLastDateToRoc, zonedDateToRoc, type Lacking, type TaiwanTime } from '../written-dates';
import { fieldSpec } from '../spec/fields';
import { CARE_CATEGORIES, CARE_CATEGORY_MAP, VISIT_SERIAL_ABNORMAL_MAP, VISIT_TYPE_MAP } from '../spec/codes';
import { orderSpec } from '../spec/orders';
import { ARCHIVE_NAME, archiveOfPath, caseFixedArchiveName, diagnoseArchiveName, isDraftPath, isHomeOrVariableAlone, looksLikeArchiveName } from './archive-name';
import type { RowContext } from './context';
import { checkBodySiteValue } from './cross-field';
import { hospitalOfFileName } from './file-name';
import { emit, replaceFix } from './emit';
import { isFutureAt } from './future-times';
import { checkNationalId, idCheckDigit } from './national-id';
import { SCIENTIFIC, SPREADSHEET_NUMBER } from './spreadsheet-number';

const FIX_UPPER = bi('改為大寫', 'Change to upper case');

type FieldCheck = (v: string, cell: Cell, ctx: RowContext) => boolean;

function fail(ctx: RowContext, ruleId: string, field: number, cell: Cell, what: Bilingual, fix?: { kind: FixKind; title: Bilingual; text: string }): false {
  const name = fieldName(field);
  const form = fieldSpec(field).form;
  emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index,
    bi(`${name['zh-TW']}${what['zh-TW']}；應為${/^[\u3400-\u9fff]/.test(form['zh-TW']) ? '' : ' '}${form['zh-TW']}`, `${name.en}${what.en}; expected ${form.en}`),
    fix ? [replaceFix(fix.kind, fix.title, cell.range, fix.text)] : undefined);
  return false;
}

const PROBLEM: Record<RocProblem, (v: string) => Bilingual> = {
  length: (v) => bi(`長度為 ${v.length}`, `length ${v.length}`),
  digits: () => bi('含非數字字元', 'contains characters other than digits'),
  year: (v) => bi(`年份「${v.slice(0, 3)}」無效（民國前請寫 -05 這種形式，沒有民國 0 年）`, `year "${v.slice(0, 3)}" is invalid (years before ROC 1 are written like -05; there is no year 0)`),
  month: (v) => bi(`月份 ${v.slice(3, 5)} 不存在`, `month ${v.slice(3, 5)} does not exist`),
  day: (v) => bi(`該月沒有 ${v.slice(5, 7)} 日`, `that month has no day ${v.slice(5, 7)}`),
  hour: (v) => bi(`小時 ${v.slice(7, 9)} 超出 00-23`, `hour ${v.slice(7, 9)} is outside 00-23`),
  minute: (v) => bi(`分鐘 ${v.slice(9, 11)} 超出 00-59`, `minute ${v.slice(9, 11)} is outside 00-59`),
  second: (v) => bi(`秒 ${v.slice(11, 13)} 超出 00-59`, `second ${v.slice(11, 13)} is outside 00-59`),
};

function zeroPadTitle(padded: string): Bilingual {
  return bi(`前補 0：${padded}`, `Zero-pad: ${padded}`);
}

/** The text took effect on ROC 108-08-01: no exam, card swipe, execution month or received image of this format is older. */
const PROGRAMME_START_ROC_YEAR = 108;
const OLDEST_BIRTH_YEARS = 130;

type RocKey = 'swipe' | 'birth' | 'exam' | 'newborn' | 'received' | 'execution';

/**
 * Whether a reading of a value is a date the field can hold: not later than now (F-future), a birth in the
 * last 130 years, an event of the programme's time.
 */
function plausible(key: RocKey, v: RocValue, ctx: RowContext): boolean {
  if (isFutureAt(v.epochMs, ctx.options.now)) return false;
  if (key === 'birth' || key === 'newborn') return v.year > new Date(ctx.options.now).getUTCFullYear() - OLDEST_BIRTH_YEARS;
  return v.rocYear >= PROGRAMME_START_ROC_YEAR;
}

/**
 * The readings of a value that lost zeros which the field can hold. An exam time that agrees with field 3's
 * year-month is preferred to one that does not, when there is one.
 */
function zeroPadReadings(v: string, form: RocForm, key: RocKey, ctx: RowContext): { text: string; value: RocValue }[] {
  const readings = zeroPadRocCandidates(v, form).filter((c) => plausible(key, c.value, ctx));
  const month = ctx.execution;
  if (key !== 'exam' || !month || readings.length < 2) return readings;
  const agreeing = readings.filter((c) => c.value.year === month.year && c.value.month === month.month);
  return agreeing.length ? agreeing : readings;
}

/** One reading: a fix everyone can apply. Several: each a fix of its own, for a person to choose (not in "fix all"). */
function zeroPadFixes(readings: { text: string; value: RocValue }[], form: RocForm, range: Cell['range']) {
  if (readings.length === 1) return [replaceFix('zero-pad', zeroPadTitle(readings[0].text), range, readings[0].text)];
  return readings.map(({ text, value }) =>
    replaceFix('zero-pad-choice', bi(`補 0 為 ${text}（${describeRoc(value, form, 'zh-TW')}）`, `Put the zero back: ${text} (${describeRoc(value, form, 'en')})`), range, text));
}

function zeroPadWording(readings: { text: string; value: RocValue }[], form: RocForm): Bilingual {
  if (readings.length === 0) return bi('', '');
  if (readings.length === 1) return bi(`；前補 0 應寫 ${readings[0].text}`, `; zero-padded it is ${readings[0].text}`);
  const zh = readings.map(({ text, value }) => `${text}（${describeRoc(value, form, 'zh-TW')}）`).join('、');
  const en = readings.map(({ text, value }) => `${text} (${describeRoc(value, form, 'en')})`).join(', ');
  return bi(`；少了 0，可能是 ${zh}，請依原始資料選擇`, `; it lacks a zero and may be ${en}: choose from the source record`);
}

const LACKING: Record<Lacking, Bilingual> = {
  day: bi('沒有日', 'has no day'),
  time: bi('沒有時間（時分）', 'has no time of day'),
  seconds: bi('沒有秒', 'has no seconds'),
};

function separatedWording(v: string, name: Bilingual, form: RocForm, r: { text: string } | { lacking: keyof typeof LACKING }): Bilingual {
  if ('lacking' in r) {
    return bi(`${name['zh-TW']} ${v} 不是民國 ${form}，且${LACKING[r.lacking]['zh-TW']}：請依原始紀錄填寫`, `${name.en} ${v} is not a ROC ${form} and ${LACKING[r.lacking].en}: take it from the source record`);
  }
  const reading = readingOf(r.text, form);
  return bi(`${name['zh-TW']} ${v} 不是民國 ${form} 的寫法（不用分隔符號）；${reading['zh-TW']}應寫 ${r.text}`,
    `${name.en} ${v} is not written as a ROC ${form} (no separators); ${reading.en} is written ${r.text}`);
}

/** The reading of a valid ROC value in words, for the message of a fix that writes it. */
function readingOf(text: string, form: RocForm): Bilingual {
  const p = parseRoc(text, form);
  return p.ok ? bi(describeRoc(p, form, 'zh-TW'), describeRoc(p, form, 'en')) : bi('', '');
}

/**
 * The readings of a date whose year Oracle wrote in two digits (DD-MON-RR): each century's, kept when the field
 * can hold it (both kept when neither can, for a person to see). A newborn seen on a parent's card is weeks old:
 * of two, the later century.
 */
function centuryReadings(texts: string[], form: RocForm, key: RocKey, ctx: RowContext): { text: string; value: RocValue }[] {
  const readings = texts.map((text) => ({ text, value: parseRoc(text, form) as RocValue }));
  const kept = readings.filter((r) => plausible(key, r.value, ctx));
  if (key === 'newborn' && kept.length > 1) return kept.slice(-1);
  return kept.length ? kept : readings;
}

function centuryWording(v: string, name: Bilingual, readings: { text: string; value: RocValue }[], form: RocForm): Bilingual {
  const zh = readings.map(({ text, value }) => `${text}（${describeRoc(value, form, 'zh-TW')}）`).join('或');
  const en = readings.map(({ text, value }) => `${text} (${describeRoc(value, form, 'en')})`).join(' or ');
  return bi(`${name['zh-TW']} ${v} 的年份只有兩位數，可能是 ${zh}，請依原始資料選擇；匯出時請寫四位數年份`,
    `${name.en} ${v} has a two-digit year and may be ${en}: choose from the source record, and export a four-digit year`);
}

function centuryFixes(readings: { text: string; value: RocValue }[], form: RocForm, range: Cell['range']) {
  return readings.map(({ text, value }) =>
    replaceFix('century-choice', bi(`改為 ${text}（${describeRoc(value, form, 'zh-TW')}）`, `Write ${text} (${describeRoc(value, form, 'en')})`), range, text));
}

const rocDateFix = (text: string, range: Cell['range']) => replaceFix('roc-date', bi(`改為民國 ${text}`, `Write as ROC ${text}`), range, text);

function zonedWording(v: string, name: Bilingual, t: TaiwanTime): Bilingual {
  return bi(`${name['zh-TW']} ${v} 帶有時區 ${t.zone}，本欄為臺灣時間（UTC+8）：${t.written} ${t.zone} 是臺灣時間 ${t.taiwan}，應寫 ${t.text}；請確認原始時間的時區`,
    `${name.en} ${v} has a time zone, ${t.zone}, and the field is Taiwan time (UTC+8): ${t.written} ${t.zone} is ${t.taiwan} in Taiwan, written ${t.text}; check the zone of the source time`);
}

const taiwanTimeFix = (t: TaiwanTime, range: Cell['range']) =>
  replaceFix('taiwan-time', bi(`改為臺灣時間 ${t.text}（${t.written} ${t.zone} 是臺灣時間 ${t.taiwan}）`, `Write Taiwan time ${t.text} (${t.written} ${t.zone} is ${t.taiwan} in Taiwan)`), range, t.text);

type OrderReading = { order: DateOrder; text: string; value: RocValue };

/** The two numbers before the year of a date written with the year last: month and day, in one order or the other. */
function monthAndDay(v: string): [number, number] {
  const [first, second] = v.split('/').map(Number);
  return [first, second];
}

/** How a date with the year last shows its one real reading: a number that is no month, or month and day alike. */
function orderShown(v: string, order: DateOrder): Bilingual {
  const [first, second] = monthAndDay(v);
  if (first === second) return bi('年寫在最後的寫法（月與日相同，兩種順序讀法一樣）', 'with the year last (month and day are the same, so either order reads alike)');
  const noMonth = Math.max(first, second);
  return bi(`${ORDER[order]['zh-TW']}的寫法（${noMonth} 不是月份）`, `${ORDER[order].en}, as ${noMonth} is no month`);
}

function yearLastWording(v: string, name: Bilingual, form: RocForm, all: OrderReading[], kept: OrderReading[]): Bilingual {
  const described = (r: OrderReading, lang: 'zh-TW' | 'en') => `${r.text}${lang === 'en' ? ' (' : '（'}${describeRoc(r.value, form, lang)}${lang === 'en' ? ')' : '）'}`;
  if (kept.length > 1) {
    return bi(`${name['zh-TW']} ${v} 可能是${ORDER[kept[0].order]['zh-TW']}，${described(kept[0], 'zh-TW')}，或${ORDER[kept[1].order]['zh-TW']}，${described(kept[1], 'zh-TW')}，請依原始資料選擇；匯出時請把年寫在前面`,
      `${name.en} ${v} may be ${ORDER[kept[0].order].en}, ${described(kept[0], 'en')}, or ${ORDER[kept[1].order].en}, ${described(kept[1], 'en')}: choose from the source record, and export the year first`);
  }
  const [r] = kept;
  const reading = readingOf(r.text, form);
  if (all.length === 1) {
    const how = orderShown(v, r.order);
    return bi(`${name['zh-TW']} ${v} 是${how['zh-TW']}；${reading['zh-TW']}應寫 ${r.text}`, `${name.en} ${v} is written ${how.en}; ${reading.en} is written ${r.text}`);
  }
  const other = all.find((x) => x !== r)!;
  const what = form === 'YYYMMDD' ? bi('日期', 'date') : bi('時間', 'time');
  return bi(`${name['zh-TW']} ${v} 依${ORDER[r.order]['zh-TW']}讀取：若為${ORDER[other.order]['zh-TW']}則是 ${describeRoc(other.value, form, 'zh-TW')}，本欄不可能是這個${what['zh-TW']}；${reading['zh-TW']}應寫 ${r.text}，請與原始資料核對`,
    `${name.en} ${v} is read ${ORDER[r.order].en}, as ${ORDER[other.order].en} it would be ${describeRoc(other.value, form, 'en')}, a ${what.en} this field cannot hold; ${reading.en} is written ${r.text}: check it against the source record`);
}

function orderChoiceFixes(v: string, readings: OrderReading[], form: RocForm, range: Cell['range']) {
  return readings.map(({ order, text, value }) => ({
    ...replaceFix('date-order-choice', bi(`依${ORDER[order]['zh-TW']}改為 ${text}（${describeRoc(value, form, 'zh-TW')}）`, `Read ${ORDER[order].en}: ${text} (${describeRoc(value, form, 'en')})`), range, text),
    dateOrder: { order, written: v },
  }));
}

/** The fix of a date with the year last that has one reading; it tells the order when month and day differ. */
function yearLastFix(v: string, r: OrderReading, range: Cell['range']) {
  const [first, second] = monthAndDay(v);
  const fix = rocDateFix(r.text, range);
  return first === second ? fix : { ...fix, dateOrder: { order: r.order, written: v } };
}

/**
 * A date-time with a zone, or a date with the year last (month or day first), reported with its reading;
 * whether the value was one. Reached only by values that are not ROC dates.
 */
function reportExportedDate(v: string, cell: Cell, ctx: RowContext, ruleId: string, field: number, form: RocForm, key: RocKey): boolean {
  const name = fieldName(field);
  const report = (message: Bilingual, fixes?: ReturnType<typeof replaceFix>[]) => emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index, message, fixes);
  const zoned = zonedDateToRoc(v, form);
  if (zoned && 'lacking' in zoned) report(separatedWording(v, name, form, zoned));
  else if (zoned?.exact) report(separatedWording(v, name, form, zoned), [rocDateFix(zoned.text, cell.range)]);
  else if (zoned) report(zonedWording(v, name, zoned), [taiwanTimeFix(zoned, cell.range)]);
  if (zoned) return true;
  const yearLast = yearLastDateToRoc(v, form);
  if (!yearLast) return false;
  if ('lacking' in yearLast) {
    report(separatedWording(v, name, form, yearLast));
    return true;
  }
  const all = yearLast.readings.map((r) => ({ ...r, value: parseRoc(r.text, form) as RocValue }));
  const plausibleOnes = all.filter((r) => plausible(key, r.value, ctx));
  const kept = plausibleOnes.length ? plausibleOnes : all;
  const certain = all.length === 1;
  report(yearLastWording(v, name, form, all, kept), certain ? [yearLastFix(v, all[0], cell.range)] : orderChoiceFixes(v, kept, form, cell.range));
  return true;
}

/**
 * A date-time in the other form of the text, the minute form (fields 12, 17) against the second form (field 4):
 * with seconds where the field has none, whose fix drops them, or without the seconds the field needs, which
 * only the card reader's record holds. Whether the value was one.
 */
function reportSeconds(v: string, cell: Cell, ctx: RowContext, ruleId: string, field: number, form: RocForm): boolean {
  const name = fieldName(field);
  const report = (message: Bilingual, fixes?: ReturnType<typeof replaceFix>[]) => emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index, message, fixes);
  if (form === 'YYYMMDDHHMM' && parseRoc(v, 'YYYMMDDHHMMSS').ok) {
    const minutes = v.slice(0, -2);
    report(bi(`${name['zh-TW']} ${v} 多了秒（民國 YYYMMDDHHMMSS）；本欄為民國 YYYMMDDHHMM，不含秒，應寫 ${minutes}`,
      `${name.en} ${v} has seconds (ROC YYYMMDDHHMMSS); the field is ROC YYYMMDDHHMM, without seconds: ${minutes}`),
    [replaceFix('drop-seconds', bi(`去掉秒：${minutes}`, `Drop the seconds: ${minutes}`), cell.range, minutes)]);
    return true;
  }
  if (form === 'YYYMMDDHHMMSS' && parseRoc(v, 'YYYMMDDHHMM').ok) {
    report(bi(`${name['zh-TW']} ${v} 沒有秒（民國 YYYMMDDHHMM）；本欄為民國 YYYMMDDHHMMSS，含秒：請依讀卡機產生的刷卡時間填寫`,
      `${name.en} ${v} has no seconds (ROC YYYMMDDHHMM); the field is ROC YYYMMDDHHMMSS, with seconds: take them from the time the card reader recorded`));
    return true;
  }
  return false;
}

/** Puts a field's parsed value where the checks across fields read it (`ctx[key] = r`, one store site a key). */
function keepRoc(ctx: RowContext, key: RocKey, r: RocValue): void {
  switch (key) {
    case 'swipe': ctx.swipe = r; break;
    case 'birth': ctx.birth = r; break;
    case 'exam': ctx.exam = r; break;
    case 'newborn': ctx.newborn = r; break;
    case 'received': ctx.received = r; break;
    case 'execution': ctx.execution = r; break;
  }
}

function rocCheck(ruleId: string, field: number, form: RocForm, key: RocKey): FieldCheck {
  return (v, cell, ctx) => {
    const r = parseRoc(v, form);
    if (r.ok) {
      keepRoc(ctx, key, r);
      return true;
    }
    const name = fieldName(field);
    const asRoc = gregorianToRoc(v, form);
    if (asRoc !== undefined) {
      const reading = readingOf(asRoc, form);
      emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index,
        bi(`${name['zh-TW']} ${v} 不是民國${form === 'YYYMM' ? '年月' : '年月日'}（${form}）；${reading['zh-TW']}應寫 ${asRoc}`,
          `${name.en} ${v} is not a ROC date (${form}); ${reading.en} is written ${asRoc}`),
        [rocDateFix(asRoc, cell.range)]);
      return false;
    }
    const written = writtenDateToRoc(v, form);
    if (written) {
      const readings = 'texts' in written ? centuryReadings(written.texts, form, key, ctx) : [];
      if (readings.length > 1) {
        emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index, centuryWording(v, name, readings, form), centuryFixes(readings, form, cell.range));
      } else {
        emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index, separatedWording(v, name, form, 'lacking' in written ? written : readings[0]),
          'lacking' in written ? undefined : [rocDateFix(readings[0].text, cell.range)]);
      }
      return false;
    }
    if (reportExportedDate(v, cell, ctx, ruleId, field, form, key)) return false;
    if (reportSeconds(v, cell, ctx, ruleId, field, form)) return false;
    const readings = zeroPadReadings(v, form, key, ctx);
    const what = SCIENTIFIC.test(v) ? SPREADSHEET_NUMBER : PROBLEM[r.problem](v);
    const padding = zeroPadWording(readings, form);
    emit(ctx.out, ctx.options, ruleId, cell.range, field, ctx.row.index,
      bi(`${name['zh-TW']} ${v} 不是有效的民國 ${form}：${what['zh-TW']}${padding['zh-TW']}`,
        `${name.en} ${v} is not a valid ROC ${form}: ${what.en}${padding.en}`),
      readings.length ? zeroPadFixes(readings, form, cell.range) : undefined);
    return false;
  };
}

function isAlnum(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

function isDigits(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const upperFix = (v: string, valid: (u: string) => boolean) => {
  const u = v.toUpperCase();
  return u !== v && valid(u) ? { kind: 'upper-case' as const, title: FIX_UPPER, text: u } : undefined;
};

const zeroPadFix = (padded: string) => ({ kind: 'zero-pad' as const, title: zeroPadTitle(padded), text: padded });

const CARE_LIST = CARE_CATEGORIES.map((c) => c.code).join(', ');

function isVisitSerial(v: string): boolean {
  if (v.length !== 4) return false;
  if (isDigits(v)) return v !== '0000';
  if (v.startsWith('IC')) return isAlnum(v.slice(2)) && v.slice(2) === v.slice(2).toUpperCase();
  return v === 'HVIT' || VISIT_SERIAL_ABNORMAL_MAP.has(v);
}

/** The fields that hold a ROC date or time. */
export const ROC_FIELDS: ReadonlySet<number> = new Set([3, 4, 9, 12, 15, 17]);

/** Field-specific checks, by field number; each returns whether the value is well-formed. */
const executionMonth = rocCheck('F03-format', 3, 'YYYMM', 'execution');

export const FIELD_CHECKS: Readonly<Record<number, FieldCheck>> = {
  1: (v, cell, ctx) => {
    if (v.length === 10 && isAlnum(v)) return true;
    // Many hospital codes start with 0, which a spreadsheet drops when it takes the code for a number. The fix is
    // offered only when the file name's hospital code confirms it (a code can also have lost a digit elsewhere).
    const padded = isDigits(v) && v.length >= 7 && v.length < 10 ? v.padStart(10, '0') : undefined;
    const confirmed = padded !== undefined && ctx.options.fileName !== undefined && hospitalOfFileName(ctx.options.fileName) === padded;
    return fail(ctx, 'F01-format', 1, cell,
      padded
        ? bi(` ${v} 為 ${v.length} 碼；若是試算表刪去了開頭的 0，應寫 ${padded}`, ` ${v} has ${v.length} characters; if a spreadsheet dropped its leading zeros, it is ${padded}`)
        : bi(` ${v} 為 ${v.length} 碼`, ` ${v} has ${v.length} characters`),
      confirmed ? zeroPadFix(padded) : undefined);
  },
  2: (v, cell, ctx) => CARE_CATEGORY_MAP.has(v) || fail(ctx, 'F02-care-category', 2, cell, bi(` ${v} 不是醫事類別代碼（${CARE_LIST}）`, ` ${v} is not a care category (${CARE_LIST})`)),
  // Unlike fields 4, 9, 12, 15 and 17, the text of field 3 knows no years before ROC 1 (表二 序號3 三).
  3: (v, cell, ctx) => v.startsWith('-')
    ? fail(ctx, 'F03-format', 3, cell, bi(` ${v} 不可為民國前年份`, ` ${v} cannot be a year before ROC 1`))
    : executionMonth(v, cell, ctx),
  4: rocCheck('F04-format', 4, 'YYYMMDDHHMMSS', 'swipe'),
  5: (v, cell, ctx) => {
    if (VISIT_TYPE_MAP.has(v)) return true;
    // A spreadsheet reads 01-09 as numbers and drops the 0.
    const padded = v.length === 1 && VISIT_TYPE_MAP.has('0' + v) ? '0' + v : undefined;
    return fail(ctx, 'F05-visit-type', 5, cell, bi(` ${v} 不是就醫類別代碼${padded ? `；若是試算表刪去了開頭的 0，應寫 ${padded}` : ''}`, ` ${v} is not a visit type code${padded ? `; if a spreadsheet dropped its leading 0, it is ${padded}` : ''}`),
      padded ? zeroPadFix(padded) : upperFix(v, (u) => VISIT_TYPE_MAP.has(u)));
  },
  6: (v, cell, ctx) => {
    if (isVisitSerial(v)) return true;
    const padded = isDigits(v) && v.length < 4 && Number(v) > 0 ? v.padStart(4, '0') : undefined;
    return fail(ctx, 'F06-visit-serial', 6, cell,
      padded
        ? bi(` ${v} 不是有效的就醫序號；若是試算表刪去了開頭的 0，應寫 ${padded}`, ` ${v} is not a valid visit serial; if a spreadsheet dropped its leading zeros, it is ${padded}`)
        : bi(` ${v} 不是有效的就醫序號`, ` ${v} is not a valid visit serial`),
      padded ? zeroPadFix(padded) : upperFix(v, isVisitSerial));
  },
  7: (v, cell, ctx) => v === '1' || v === '2' || fail(ctx, 'F07-card-flag', 7, cell, bi(` ${v} 不是 1 或 2`, ` ${v} is neither 1 nor 2`)),
  8: (v, cell, ctx) => {
    const r = checkNationalId(v);
    if (r.ok) return true;
    if (r.problem === 'pattern') {
      const upper = upperFix(v, (u) => {
        const c = checkNationalId(u);
        return c.ok || c.problem !== 'pattern';
      });
      return fail(ctx, 'F08-pattern', 8, cell, upper ? bi(` ${v} 的英文字母須為大寫 ${upper.text}`, ` ${v} is written with upper-case letters, ${upper.text}`) : bi(` ${v} 格式不符`, ` ${v} has the wrong form`), upper);
    }
    const digit = idCheckDigit(v.slice(0, 9));
    emit(ctx.out, ctx.options, 'F08-checksum', cell.range, 8, ctx.row.index,
      bi(`身分證統一編號 ${v} 檢查碼不符${digit !== undefined ? `（依前 9 碼，檢查碼應為 ${digit}）` : ''}；請核對號碼`,
        `national ID (field 8) ${v} fails its check digit${digit !== undefined ? ` (the first nine characters give ${digit})` : ''}; check the number`));
    return true;
  },
  9: rocCheck('F09-format', 9, 'YYYMMDD', 'birth'),
  10: (v, cell, ctx) => {
    const spec = orderSpec(v);
    if (spec) {
      ctx.order = spec;
      return true;
    }
    // A code in the wrong case still tells the body-site check what the order is, so one fix-all run mends both.
    const upper = orderSpec(v.toUpperCase());
    if (upper) {
      ctx.order = upper;
      return fail(ctx, 'F10-order-code', 10, cell, bi(` ${v} 須為大寫 ${upper.code}`, ` ${v} is written in upper case, ${upper.code}`), { kind: 'upper-case', title: FIX_UPPER, text: upper.code });
    }
    return fail(ctx, 'F10-order-code', 10, cell, bi(` ${v} 不在表一`, ` ${v} is not in Table 1`));
  },
  11: (v, cell, ctx) => (isDigits(v) && Number(v) >= 1) || fail(ctx, 'F11-format', 11, cell, bi(` ${v} 不是 1 起之整數`, ` ${v} is not an integer from 1`)),
  12: rocCheck('F12-format', 12, 'YYYMMDDHHMM', 'exam'),
  13: checkBodySiteValue,
  14: (v, cell, ctx) => {
    const named = archiveOfPath(v);
    // In a draft an archive (named, or the path of one) is no folder: Build refuses the row, and uploaded, the rows
    // naming folders are rejected. No fix to the name alone, which a draft refuses as well.
    if ((named || ARCHIVE_NAME.test(v)) && ctx.options.draft === true) {
      emit(ctx.out, ctx.options, 'F14-pattern', cell.range, 14, ctx.row.index, bi(
        `序號14 的 ${v} 是${named ? '壓縮檔的路徑' : '壓縮檔名'}，但此檔是供建置的草稿，各列填影像資料夾（上傳文字檔才每列都填壓縮檔名）：請填該列影像的路徑，例如 ./row1`,
        `field 14 ${v} is ${named ? 'the path of an archive' : 'an archive name'}, but the file is a draft for Build, whose rows name their image folders (an upload CSV names an archive on every row): write the path of the row's images, e.g. ./row1`,
      ));
      return false;
    }
    if (named) {
      return fail(ctx, 'F14-pattern', 14, cell, bi(` ${v} 是壓縮檔的路徑；本欄只填壓縮檔名 ${named}`, ` ${v} is the path of the archive; the field holds its name alone, ${named}`),
        { kind: 'archive-name-only', title: bi(`改為 ${named}`, `Write ${named}`), text: named });
    }
    // In an upload CSV a folder is no archive name: uploaded, the row is rejected; built, the other rows are refused.
    if ((isDraftPath(v) || isHomeOrVariableAlone(v)) && ctx.options.draft === false) {
      return fail(ctx, 'F14-pattern', 14, cell, bi(
        ` ${v} 是影像資料夾的路徑，但此檔是上傳文字檔，各列填壓縮檔名（供建置的草稿每列都填資料夾）`,
        ` ${v} is the path of an image folder, but the file is an upload CSV, whose rows name their archives (a draft for Build names a folder on every row)`,
      ));
    }
    if (isDraftPath(v)) {
      emit(ctx.out, ctx.options, 'DRAFT-path', cell.range, 14, ctx.row.index,
        bi(`影像資料夾 ${v} 將由「建置上傳批次」打包並改寫為正式壓縮檔名`, `image folder ${v} will be packaged by Build, which writes the archive name`));
      return false;
    }
    if (ARCHIVE_NAME.test(v)) return true;
    // The home folder or a variable's alone would take in every image there: not expanded (home-folder-alone.md).
    if (ctx.options.draft === true && isHomeOrVariableAlone(v)) {
      const folder = v.trim().replace(/[\\/]$/, '');
      const home = folder === '~';
      const example = (sub: string) => (home ? `~/${sub}/row1` : `${folder}\\${sub}\\row1`);
      emit(ctx.out, ctx.options, 'F14-pattern', cell.range, 14, ctx.row.index, bi(
        `序號14 的 ${v} 單獨一項是整個${home ? '家目錄' : ` ${folder} 的資料夾`}，建置不展開它（否則會打包其中所有影像）：請寫出該列影像資料夾的完整路徑，例如 ${example('影像')} 或 D:\\影像\\row1`,
        `field 14 ${v} alone is a whole folder, ${home ? 'the home folder' : `${folder}'s`}, which Build does not expand (it would pack every image in it): write the full path of the row's image folder, e.g. ${example('images')} or D:\\images\\row1`,
      ));
      return false;
    }
    // A folder's name alone is no path (isDraftPath): in a draft it was meant as one, not as an archive name.
    if (ctx.options.draft === true && !looksLikeArchiveName(v)) {
      emit(ctx.out, ctx.options, 'F14-pattern', cell.range, 14, ctx.row.index, bi(
        `序號14 的 ${v} 不是路徑：草稿的序號14 填該次檢查影像資料夾或檔案的路徑，草稿旁的資料夾寫成 ./${v}`,
        `field 14 ${v} is no path: a draft's field 14 holds the path of the row's image folder or files, and a folder beside the draft is written ./${v}`,
      ));
      return false;
    }
    const fixed = caseFixedArchiveName(v);
    if (fixed && fixed.slice(0, 3) === v.slice(0, 3)) {
      return fail(ctx, 'F14-extension-case', 14, cell, bi(` ${v} 的副檔名大小寫錯誤`, ` ${v} has the extension in the wrong case`),
        { kind: 'extension-case', title: bi(`改為 ${fixed.slice(fixed.lastIndexOf('.'))}`, `Write ${fixed.slice(fixed.lastIndexOf('.'))}`), text: fixed });
    }
    const why = diagnoseArchiveName(v);
    return fail(ctx, 'F14-pattern', 14, cell, bi(` ${v}：${why['zh-TW']}`, ` ${v}: ${why.en}`), fixed ? { kind: 'upper-case', title: FIX_UPPER, text: fixed } : undefined);
  },
  15: rocCheck('F15-format', 15, 'YYYMMDD', 'newborn'),
  16: (v, cell, ctx) => {
    const c = v.charCodeAt(0);
    return (v.length === 1 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) ||
      fail(ctx, 'F16-format', 16, cell, bi(` ${v} 不是一個英文字母`, ` ${v} is not a single letter`));
  },
  17: rocCheck('F17-format', 17, 'YYYMMDDHHMM', 'received'),
};
