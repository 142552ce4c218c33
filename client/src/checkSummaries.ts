/**
 * The one-line summaries of Check Large Upload CSV and Check Linked Archives. Pure (no `vscode` import) so they can
 * be unit-tested; commands/largeFiles.ts and commands/archives.ts put them on screen.
 */
import type { CheckArchivesResult } from '../../server/src/shared/archives';
import type { CheckFileResult } from '../../server/src/shared/fileCheck';
import { counted } from '../../server/src/core/counted';
import type { DisplayLang } from './i18n';

/** 「big.csv：120 列，3 個錯誤、…」 / "big.csv: 120 rows, 3 errors, 1 warning, 0 information." */
export function largeFileSummary(r: CheckFileResult, lang: DisplayLang): string {
  const name = decodeURIComponent(r.uri.slice(r.uri.lastIndexOf('/') + 1));
  return lang === 'zh-TW'
    ? `${name}：${r.rows} 列，${r.errors} 個錯誤、${r.warnings} 個警告、${r.infos} 個資訊${r.truncated ? '（問題面板只列出最嚴重的部分）' : ''}。`
    : `${name}: ${counted(r.rows, 'row')}, ${counted(r.errors, 'error')}, ${counted(r.warnings, 'warning')}, ${r.infos} information${r.truncated ? ' (the Problems panel lists the most severe only)' : ''}.`;
}

/** 「已檢查 3 列的壓縮檔：…」 / "Checked the archives of 3 rows: 1 error, 0 warnings." */
export function archiveCheckSummary(r: Pick<CheckArchivesResult, 'rows' | 'findings'>, lang: DisplayLang): string {
  const { errors, warnings } = r.findings;
  return lang === 'zh-TW'
    ? `已檢查 ${r.rows} 列的壓縮檔：${errors} 個錯誤、${warnings} 個警告。`
    : `Checked the archives of ${counted(r.rows, 'row')}: ${counted(errors, 'error')}, ${counted(warnings, 'warning')}.`;
}
