/**
 * The texts of the build commands: the progress notification for one report of the server, the summary of a
 * finished build, and the buttons of a refused one that another option would let through. Pure (no `vscode` import)
 * so they can be unit-tested; commands/build.ts puts them on screen.
 */
import { isCompressionLevel, type BuildParams, type BuildProgressParams, type BuildRemedy, type BuildResultSummary } from '../../server/src/shared/build';
import type { Bilingual } from '../../server/src/core/types';
import { byteSize, packedSoFar } from '../../server/src/core/build/progressText';
import type { DisplayLang } from './i18n';
import { counted } from '../../server/src/core/counted';

/** The server's message; while packing, the bytes written of all and, once known, the time left. */
export function buildProgressText(p: BuildProgressParams, lang: DisplayLang): string {
  return p.phase === 'pack' && p.bytesTotal ? p.message + packedSoFar(p.bytesDone, p.bytesTotal, p.etaMs, lang) : p.message;
}

/** The summary's button that shows its warnings and notes. */
export const SHOW_DETAILS = { 'zh-TW': '顯示詳細資料', en: 'Show Details' } as const;

/**
 * A finished build as its notification says it, on one line, and the warnings and notes it leaves to the output
 * channel: VS Code pops up no toast for a message too tall for the window (four warnings of sent rows were enough),
 * leaving it unseen in the notification centre.
 */
export function buildSummaryText(s: BuildResultSummary, lang: DisplayLang): { message: string; details: string[] } {
  const name = s.csvPath.split(/[\\/]/).pop();
  const zh = lang === 'zh-TW';
  const deadline = s.earliestDeadlineText ? (zh ? `，最早上傳獎勵期限 ${s.earliestDeadlineText}` : `, earliest incentive deadline ${s.earliestDeadlineText}`) : '';
  let message = zh
    ? `已建置 ${name}：${s.rows} 列、${s.archives} 個壓縮檔、${byteSize(s.bytes)}${deadline}`
    : `Built ${name}: ${counted(s.rows, 'row')}, ${counted(s.archives, 'archive')}, ${byteSize(s.bytes)}${deadline}`;
  const notes = s.notes ?? [];
  const counts = zh
    ? [s.warnings.length ? `${s.warnings.length} 個警告` : '', notes.length ? `${notes.length} 則說明` : ''].filter(Boolean).join('、')
    : [s.warnings.length ? counted(s.warnings.length, 'warning') : '', notes.length ? counted(notes.length, 'note') : ''].filter(Boolean).join(', ');
  if (counts) message += zh ? `；另有 ${counts}，按「${SHOW_DETAILS['zh-TW']}」查看` : `; ${counts}: ${SHOW_DETAILS.en} lists them`;
  return { message, details: [...s.warnings, ...notes] };
}

/** The lines of a refused build's reasons its dialog shows: about three lines of the dialog each, in English. */
export const REFUSAL_DETAIL_LINES = 6;

/**
 * A refused build's reasons as its modal dialog shows them: the first REFUSAL_DETAIL_LINES, and how many more there are,
 * which the output channel lists (Show Details). VS Code's dialog does not scroll: twenty reasons made it taller than
 * the window, its title and its OK button off the screen.
 */
export function refusalDetail(details: readonly string[], lang: DisplayLang): { detail: string; cut: boolean } {
  const shown = details.slice(0, REFUSAL_DETAIL_LINES);
  const more = details.length - shown.length;
  if (more <= 0) return { detail: shown.join('\n'), cut: false };
  const rest = lang === 'zh-TW' ? `…另有 ${more} 項，按「${SHOW_DETAILS['zh-TW']}」查看全部` : `… and ${more} more: ${SHOW_DETAILS.en} lists them all`;
  return { detail: [...shown, rest].join('\n'), cut: true };
}

/** The buttons of a refused build that another option would let through (BuildResult.error.remedy), and that option. */
export const REMEDIES: Readonly<Record<BuildRemedy, { button: Bilingual; params: Partial<BuildParams> }>> = {
  'rebuild-dicomdir': { button: { 'zh-TW': '重建 DICOMDIR', en: 'Rebuild DICOMDIR' }, params: { rebuildDicomdir: true } },
  // A row whose images pass 4.5 GiB, refused in store: compressed, it is packed and judged by its archive.
  compress: { button: { 'zh-TW': '以壓縮方式建置（LZMA2 等級 1）', en: 'Build compressed (LZMA2 level 1)' }, params: { format: '7z', level: 1 } },
  // A compressed archive that passed the limit with most of its images packed: the highest level may save the rest.
  'compress-most': { button: { 'zh-TW': '以最高壓縮建置（LZMA2 等級 5）', en: 'Build with the most compression (LZMA2 level 5)' }, params: { format: '7z', level: 5 } },
};

/** The remedies each command can apply: a build all of them, a re-send none that sets a level (it takes none). */
export const REMEDIES_TAKEN: Readonly<Record<'build' | 'resend', readonly BuildRemedy[]>> = {
  build: Object.keys(REMEDIES) as BuildRemedy[],
  resend: ['rebuild-dicomdir'],
};

/** The button a refusal offers, when its remedy is one of those the command takes (a re-send takes no level). */
export function remedyOffered(remedy: BuildRemedy | undefined, takes: readonly BuildRemedy[], lang: DisplayLang): { remedy: BuildRemedy; button: string } | undefined {
  return remedy && takes.includes(remedy) ? { remedy, button: REMEDIES[remedy].button[lang] } : undefined;
}

/**
 * What the build command asks for: the format chosen and, for 7z, the level of the nhiImaging.buildCompressionLevel
 * setting (store when it holds anything else). CAB is MSZIP, and takes no level.
 */
export function buildRequestParams(format: '7z' | 'cab', levelSetting: unknown): Pick<BuildParams, 'format' | 'level'> {
  return format === 'cab' ? { format } : { format, level: isCompressionLevel(levelSetting) ? levelSetting : 0 };
}
