/**
 * The texts of the deadlines view (deadlinesView.ts) from the server's nhiImaging/deadlines answer. Pure (no `vscode`
 * import) so it can be unit-tested.
 */
import { counted } from '../../server/src/core/counted';
import { formatDuration } from '../../server/src/core/roc';
import type { DeadlineRow, DeadlinesResult } from '../../server/src/shared/protocol';
import type { DisplayLang } from './i18n';
import { formatTaipeiTime } from './statusText';

/** Below this time left a row is shown as a warning: a few hours is what a missing upload takes to chase. */
export const SOON_MS = 3 * 3600_000;

export type Urgency = 'missed' | 'soon' | 'open';

export function urgencyOf(msLeft: number): Urgency {
  return msLeft < 0 ? 'missed' : msLeft < SOON_MS ? 'soon' : 'open';
}

/** "5 open · 2 missed" / "未逾期 5 · 已逾期 2": a document's counts beside its name. */
export function documentCounts(result: Pick<DeadlinesResult, 'open' | 'missed'>, lang: DisplayLang): string {
  return lang === 'zh-TW' ? `未逾期 ${result.open} · 已逾期 ${result.missed}` : `${result.open} open · ${result.missed} missed`;
}

/** "3 h 12 min left" / "missed 25 min ago", and in Chinese as the DEADLINE findings say it. */
export function timeLeftText(msLeft: number, lang: DisplayLang): string {
  const span = formatDuration(msLeft, lang);
  if (lang === 'zh-TW') return msLeft < 0 ? `已逾期 ${span}` : `尚餘 ${span}`;
  return msLeft < 0 ? `missed ${span} ago` : `${span} left`;
}

/**
 * "3 h 12 min left · row 12": what a row of the view says first, so that a narrow sidebar cuts the order's name
 * (rowDescription), not the time left.
 */
export function rowLabel(r: DeadlineRow, msLeft: number, lang: DisplayLang): string {
  return `${timeLeftText(msLeft, lang)} · ${lang === 'zh-TW' ? `第 ${r.row + 1} 列` : `row ${r.row + 1}`}`;
}

/** "33070B CT without contrast · A12****789": the row's order and masked ID, as its document symbol names them. */
export function rowDescription(r: DeadlineRow): string {
  const parts: string[] = [];
  if (r.orderCode) parts.push(r.orderName ? `${r.orderCode} ${r.orderName}` : r.orderCode);
  if (r.maskedId) parts.push(r.maskedId);
  return parts.join(' · ');
}

/** The deadline in Taiwan time and what it counts from. */
export function rowTooltip(r: DeadlineRow, lang: DisplayLang): string {
  const when = formatTaipeiTime(r.deadline);
  return lang === 'zh-TW' ? `上傳獎勵期限 ${when}\n${r.basis}` : `Incentive deadline ${when}\n${r.basis}`;
}

/** The node after the rows listed when the server left some out. */
export function omittedLabel(omitted: number, listed: number, lang: DisplayLang): string {
  if (lang === 'zh-TW') return `另有 ${omitted} 列未列出（只列出最早的 ${listed} 列）`;
  return `${counted(omitted, 'more row')} not listed (only the earliest ${listed} are)`;
}

/** The view's message while the language server is stopped: nothing can be listed until it runs again. */
export function stoppedMessage(lang: DisplayLang): string {
  return lang === 'zh-TW'
    ? '語言伺服器未在執行，無法列出上傳獎勵期限。請執行「健保影像上傳：重新啟動語言伺服器」。'
    : 'The language server is not running, so no incentive deadlines can be listed. Run "NHI Imaging: Restart Language Server".';
}
