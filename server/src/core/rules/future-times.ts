import { bi, fieldName } from '../i18n';
import { describeRoc, formatDuration, formatGregorian, type RocForm, type RocValue } from '../roc';
import type { RowContext } from './context';
import { emit } from './emit';

/**
 * How far past the reference time a value may lie before it is called a future time
 * (docs/decisions/future-times.md): the HIS that wrote it and this PC may disagree by minutes, and the
 * language server moves "now" on every five minutes, so a row typed just now may be ahead of it.
 */
export const FUTURE_TOLERANCE_MS = 15 * 60_000;

/** Whether an instant lies in the future at `now`, beyond the tolerance. */
export function isFutureAt(epochMs: number, now: number): boolean {
  return epochMs > now + FUTURE_TOLERANCE_MS;
}

/**
 * F-future: a card swipe, birth, exam, newborn birth or image receipt later than the reference time cannot be
 * upload data. A value is compared by its earliest instant (a date by its day's 00:00 in Taiwan), so a date
 * is never called future on its own day.
 */
export function checkFutureTimes(ctx: RowContext): void {
  // The times a row states about the past, where the field checks left them (parsed, valid), in field order;
  // named one by one rather than read through a table of five reading functions (one call site for five functions).
  checkFutureTime(ctx, ctx.swipe, 4, 'YYYMMDDHHMMSS');
  checkFutureTime(ctx, ctx.birth, 9, 'YYYMMDD');
  checkFutureTime(ctx, ctx.exam, 12, 'YYYMMDDHHMM');
  checkFutureTime(ctx, ctx.newborn, 15, 'YYYMMDD');
  checkFutureTime(ctx, ctx.received, 17, 'YYYMMDDHHMM');
}

function checkFutureTime(ctx: RowContext, v: RocValue | undefined, field: number, form: RocForm): void {
  const now = ctx.options.now;
  if (!v || !isFutureAt(v.epochMs, now)) return;
  const name = fieldName(field);
  const text = ctx.values[field - 1];
  const ahead = v.epochMs - now;
  emit(ctx.out, ctx.options, 'F-future', ctx.cells[field - 1]!.range, field, ctx.row.index,
    bi(`${name['zh-TW']} ${text}（${describeRoc(v, form, 'zh-TW')}）比現在（參考時間 ${formatGregorian(now, 'zh-TW')}）晚 ${formatDuration(ahead, 'zh-TW')}；上傳資料不會有未來的時間，常是民國年或月份打錯，請依原始紀錄更正`,
      `${name.en} ${text} (${describeRoc(v, form, 'en')}) is ${formatDuration(ahead, 'en')} later than now (reference time ${formatGregorian(now, 'en')}); upload data holds no future times, often a mistyped ROC year or month: correct it from the source record`));
}
