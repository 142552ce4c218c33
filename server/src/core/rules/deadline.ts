import type { Row } from '../csv/model';
import { bi } from '../i18n';
import { formatDuration, formatGregorian, parseRoc, type RocValue } from '../roc';
import type { Bilingual, Lang } from '../types';
import { isFutureAt } from './future-times';

export const INCENTIVE_WINDOW_MS = 24 * 3600_000;

export type DeadlineBasis = 'exam' | 'replacement-card' | 'referral';

export interface RowDeadline {
  /** When the 24-hour window starts and ends, ms since the epoch. */
  start: number;
  deadline: number;
  basis: DeadlineBasis;
  /** The field whose time starts the window: 12, 4 or 17. */
  field: 12 | 4 | 17;
}

const BASIS: Record<DeadlineBasis, Bilingual> = {
  exam: bi('實際檢查後 24 小時', '24 h after the exam'),
  'replacement-card': bi('補卡後 24 小時', '24 h after the replacement card swipe'),
  referral: bi('收到轉（代）檢影像後 24 小時', '24 h after the referred images arrived'),
};

/** Said of a window that starts in the future (F-future: a mistyped time) instead of the time left. */
export const FUTURE_START = bi('起算的時間晚於現在，請先更正該時間', 'the time it counts from is later than now: correct that time first');

/** Whether a row's window starts later than `now` (beyond the clock tolerance), so that no time is left to count. */
export function startsInFuture(deadline: number, now: number): boolean {
  return isFutureAt(deadline - INCENTIVE_WINDOW_MS, now);
}

export function basisText(basis: DeadlineBasis): Bilingual {
  return BASIS[basis];
}

/**
 * The incentive deadline of a row (四、(一)): 24 h after the exam (field 12); a replacement card swiped after
 * the exam (field 7 = 2, field 4 later) also qualifies within 24 h of the swipe, and a referred exam (field 17
 * filled) within 24 h of receiving the images. Any of these windows qualifies (「亦符合」), so the deadline is
 * the latest of them. A field 17 before the exam is an error of its own (X17) and opens no window.
 * Undefined when the times it needs are not valid. Accepts a row or its 17 values.
 */
export function rowDeadline(row: Row | readonly string[]): RowDeadline | undefined {
  const values: readonly string[] = Array.isArray(row) ? (row as readonly string[]) : (row as Row).cells.map((c) => c.value);
  const value = (n: number): string => (values[n - 1] ?? '').trim();
  const exam = parseRoc(value(12), 'YYYMMDDHHMM');
  if (!exam.ok) return undefined;
  const receivedText = value(17);
  const received = receivedText === '' ? undefined : parseRoc(receivedText, 'YYYMMDDHHMM');
  if (received && !received.ok) return undefined;
  const swipe = value(7) === '2' ? parseRoc(value(4), 'YYYMMDDHHMMSS') : undefined;
  return deadlineOf(exam, received, value(7), swipe && swipe.ok ? swipe : undefined);
}

/** The deadline from times already parsed: exam (12), received (17, when filled), card flag (7), swipe (4). */
export function deadlineOf(exam: RocValue, received: RocValue | undefined, cardFlag: string, swipe: RocValue | undefined): RowDeadline {
  let start = exam.epochMs;
  let basis: DeadlineBasis = 'exam';
  let field: RowDeadline['field'] = 12;
  if (cardFlag === '2' && swipe && swipe.epochMs > start) {
    start = swipe.epochMs;
    basis = 'replacement-card';
    field = 4;
  }
  if (received && received.epochMs >= exam.epochMs && received.epochMs > start) {
    start = received.epochMs;
    basis = 'referral';
    field = 17;
  }
  return { start, deadline: start + INCENTIVE_WINDOW_MS, basis, field };
}

/** "期限 2026-11-26 09:30（週四），尚餘 3 小時" / "deadline 2026-11-26 09:30 (Thu), 3 h left", or overdue. */
export function describeDeadline(d: RowDeadline, now: number): { missed: boolean; message: Bilingual } {
  return { missed: now > d.deadline, message: bi(deadlineText(d.deadline, d.basis, now, 'zh-TW'), deadlineText(d.deadline, d.basis, now, 'en')) };
}

function deadlineText(deadline: number, basis: DeadlineBasis, now: number, lang: Lang): string {
  const when = formatGregorian(deadline, lang);
  const gap = formatDuration(deadline - now, lang);
  const b = BASIS[basis][lang];
  // Hours "left" until the deadline of a mistyped future time (F-future) would only mislead.
  if (startsInFuture(deadline, now)) {
    return lang === 'zh-TW' ? `上傳獎勵期限 ${when}（${b}）；${FUTURE_START[lang]}` : `incentive deadline ${when} (${b}); ${FUTURE_START[lang]}`;
  }
  if (lang === 'zh-TW') return now > deadline ? `已逾上傳獎勵期限 ${when}（${b}），已逾期 ${gap}` : `上傳獎勵期限 ${when}（${b}），尚餘 ${gap}`;
  return now > deadline ? `incentive deadline ${when} (${b}) passed ${gap} ago` : `incentive deadline ${when} (${b}), ${gap} left`;
}

/**
 * describeDeadline's message, each language written when first read: every row of a file gets a
 * deadline note, and a file of 100,000 rows would otherwise keep 200,000 formatted strings alive
 * that are mostly never shown (the language server shows at most maxDiagnostics).
 */
export class DeadlineMessage implements Bilingual {
  readonly #deadline: number;
  readonly #basis: DeadlineBasis;
  readonly #now: number;
  #zh: string | undefined;
  #en: string | undefined;

  constructor(d: RowDeadline, now: number) {
    this.#deadline = d.deadline;
    this.#basis = d.basis;
    this.#now = now;
  }

  get 'zh-TW'(): string {
    return (this.#zh ??= deadlineText(this.#deadline, this.#basis, this.#now, 'zh-TW'));
  }

  get en(): string {
    return (this.#en ??= deadlineText(this.#deadline, this.#basis, this.#now, 'en'));
  }

  /** Serialised (and copied with JSON) as the plain Bilingual it stands for. */
  toJSON(): Bilingual {
    return bi(this['zh-TW'], this.en);
  }
}
