/**
 * The status-bar text for one document, from the server's status notification. Pure (no
 * `vscode` import) so it can be unit-tested; statusBar.ts puts it on screen.
 */
import type { NearestDeadline, StatusParams } from '../../server/src/shared/protocol';
import { normalizeSettings } from '../../server/src/shared/settings';
import type { DisplayLang } from './i18n';

export interface StatusView {
  text: string;
  tooltip: string;
  /** Which background the item gets: errors first, then warnings. */
  level: 'error' | 'warning' | 'ok';
}

const WORDS = {
  'zh-TW': {
    rows: '列',
    errors: '錯誤',
    warnings: '警告',
    infos: '資訊',
    deadline: '最近上傳獎勵期限',
    left: '剩餘',
    row: '第 {0} 列',
    noDeadline: '沒有未到期的上傳獎勵期限',
    truncated: '問題過多，只顯示前面的部分（nhiImaging.maxDiagnostics）',
    title: '健保影像上傳 CSV',
    checking: '健保影像上傳：正在檢查此檔案…',
    stopped: '健保影像：伺服器已停止',
    stoppedTooltip: '健保影像上傳的語言伺服器未在執行，此檔案目前沒有檢查結果。按一下以重新啟動語言伺服器。',
    statusItem: '健保影像上傳',
    fieldItem: '健保影像上傳：欄位',
  },
  en: {
    rows: 'rows',
    errors: 'errors',
    warnings: 'warnings',
    one: { rows: 'row', errors: 'error', warnings: 'warning' },
    infos: 'info',
    deadline: 'Nearest incentive deadline',
    left: 'left',
    row: 'row {0}',
    noDeadline: 'No open incentive deadline',
    truncated: 'Too many problems: only the first are shown (nhiImaging.maxDiagnostics)',
    title: 'NHI imaging upload CSV',
    checking: 'NHI Imaging Upload: checking this file…',
    stopped: 'NHI: server stopped',
    stoppedTooltip: 'The NHI Imaging language server is not running, so this file is not being checked. Click to restart the language server.',
    statusItem: 'NHI Imaging Upload',
    fieldItem: 'NHI Imaging Upload: Field',
  },
} as const;

/** "2d 3h", "5h 07m", "12m": the time left, coarse enough to read at a glance. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(mins).padStart(2, '0')}m`;
  return `${mins}m`;
}

/** An ISO instant shown as Taiwan local time (UTC+8, the time zone of the CSV's times). */
export function formatTaipeiTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} (UTC+8)`;
}

/**
 * `clockNow`: when the deadline reference time is "now", the current time, so the time left
 * keeps counting down between validations; without it the server's msLeft is shown as sent.
 */
export function timeLeft(d: Pick<NearestDeadline, 'deadline' | 'msLeft'>, clockNow: number | undefined): number {
  const at = Date.parse(d.deadline);
  return clockNow === undefined || Number.isNaN(at) ? d.msLeft : at - clockNow;
}

/**
 * Whether the time left counts down with the clock: the server takes the reference time to be "now" unless the
 * nhiImaging.deadlineReferenceTime setting holds a time it reads, and settings.json may hold anything there
 * (a number, text that is no time).
 */
export function countsDown(referenceSetting: unknown): boolean {
  return normalizeSettings({ deadlineReferenceTime: referenceSetting }).deadlineReferenceTime === 'now';
}

/** The names of the status items (the counts of statusBar.ts, the field of fieldStatus.ts), which VS Code lists in the status bar's context menu. */
export function statusItemNames(lang: DisplayLang): { status: string; field: string } {
  return { status: WORDS[lang].statusItem, field: WORDS[lang].fieldItem };
}

/** The item until the first counts of a document arrive: a spinner, and what it is doing. */
export function checkingView(lang: DisplayLang): StatusView {
  return { text: '$(sync~spin) NHI', tooltip: WORDS[lang].checking, level: 'ok' };
}

/** The item while the language server is not running: no counts, which would be stale. */
export function stoppedView(lang: DisplayLang): StatusView {
  const w = WORDS[lang];
  return { text: `$(error) ${w.stopped}`, tooltip: w.stoppedTooltip, level: 'error' };
}

/** The word for `n` rows, errors or warnings: English has a singular, Chinese does not. */
function count(lang: DisplayLang, word: 'rows' | 'errors' | 'warnings', n: number): string {
  const w = WORDS[lang];
  return n === 1 && 'one' in w ? w.one[word] : w[word];
}

export function statusView(s: StatusParams, lang: DisplayLang, clockNow?: number): StatusView {
  const w = WORDS[lang];
  const parts = [`$(table) ${s.rows} ${count(lang, 'rows', s.rows)}`, `$(error) ${s.errors}`, `$(warning) ${s.warnings}`];
  const msLeft = s.nearestDeadline ? timeLeft(s.nearestDeadline, clockNow) : 0;
  if (s.nearestDeadline) parts.push(`$(clock) ${formatDuration(msLeft)}`);
  if (s.truncated) parts.push('$(ellipsis)');

  const lines = [
    w.title,
    (['rows', 'errors', 'warnings'] as const).map((k) => `${s[k]} ${count(lang, k, s[k])}`).join(' · ') + ` · ${s.infos} ${w.infos}`,
  ];
  if (s.nearestDeadline) {
    const d = s.nearestDeadline;
    lines.push(
      `${w.deadline}: ${formatTaipeiTime(d.deadline)} (${w.row.replace('{0}', String(d.row + 1))}, ${w.left} ${formatDuration(msLeft)})`,
    );
  } else {
    lines.push(w.noDeadline);
  }
  if (s.truncated) lines.push(w.truncated);

  const level = s.errors > 0 ? 'error' : s.warnings > 0 ? 'warning' : 'ok';
  return { text: parts.join('  '), tooltip: lines.join('\n'), level };
}
