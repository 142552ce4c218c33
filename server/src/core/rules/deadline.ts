import type { Row } from '../csv/model';
import { bi } from '../i18n';
import { formatDuration, formatGregorian, parseRoc, type RocValue } from '../roc';
import type { Bilingual } from '../types';

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

export function basisText(basis: DeadlineBasis): Bilingual {
  return BASIS[basis];
}

/**
 * The incentive deadline of a row: 24 h after the exam (field 12); for a replacement card swiped after the
 * exam (field 7 = 2, field 4 later), 24 h after field 4; for a referred exam (field 17 filled), 24 h after
 * field 17. Undefined when the times it needs are not valid. Accepts a row or its 17 values.
 */
export function rowDeadline(row: Row | readonly string[]): RowDeadline | undefined {
  const value = (n: number): string => {
    if (Array.isArray(row)) return ((row as readonly string[])[n - 1] ?? '').trim();
    return ((row as Row).cells[n - 1]?.value ?? '').trim();
  };
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
  if (received) return { start: received.epochMs, deadline: received.epochMs + INCENTIVE_WINDOW_MS, basis: 'referral', field: 17 };
  if (cardFlag === '2' && swipe && swipe.epochMs > exam.epochMs) {
    return { start: swipe.epochMs, deadline: swipe.epochMs + INCENTIVE_WINDOW_MS, basis: 'replacement-card', field: 4 };
  }
  return { start: exam.epochMs, deadline: exam.epochMs + INCENTIVE_WINDOW_MS, basis: 'exam', field: 12 };
}

/** "期限 2026-11-26 09:30 (週四)，尚餘 3 小時" / "deadline 2026-11-26 09:30 (Thu), 3 h left", or overdue. */
export function describeDeadline(d: RowDeadline, now: number): { missed: boolean; message: Bilingual } {
  const missed = now > d.deadline;
  const whenZh = formatGregorian(d.deadline, 'zh-TW');
  const whenEn = formatGregorian(d.deadline, 'en');
  const gapZh = formatDuration(d.deadline - now, 'zh-TW');
  const gapEn = formatDuration(d.deadline - now, 'en');
  const b = BASIS[d.basis];
  return missed
    ? { missed, message: bi(`已逾上傳獎勵期限 ${whenZh}（${b['zh-TW']}）${gapZh}`, `incentive deadline ${whenEn} (${b.en}) passed ${gapEn} ago`) }
    : { missed, message: bi(`上傳獎勵期限 ${whenZh}（${b['zh-TW']}），尚餘 ${gapZh}`, `incentive deadline ${whenEn} (${b.en}), ${gapEn} left`) };
}
