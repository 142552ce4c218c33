/**
 * The text of the build's progress notification for one report of the server. Pure (no `vscode` import) so it can
 * be unit-tested; commands/build.ts puts it on screen.
 */
import type { BuildProgressParams } from '../../server/src/shared/build';
import type { DisplayLang } from './i18n';

/** Bytes as the build's messages show them: 「1.3 MB」. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** 「約剩 1 分 5 秒」 / "about 1 min 5 s left". */
export function timeLeft(ms: number, lang: DisplayLang): string {
  const s = Math.ceil(ms / 1000);
  const [min, sec] = [Math.floor(s / 60), s % 60];
  if (lang === 'zh-TW') return `約剩 ${min ? `${min} 分 ` : ''}${sec} 秒`;
  return `about ${min ? `${min} min ` : ''}${sec} s left`;
}

/** The server's message; while packing, the bytes written of all and, once known, the time left. */
export function buildProgressText(p: BuildProgressParams, lang: DisplayLang): string {
  if (p.phase !== 'pack' || !p.bytesTotal) return p.message;
  const eta = p.etaMs === undefined ? '' : `${lang === 'zh-TW' ? '，' : ', '}${timeLeft(p.etaMs, lang)}`;
  return `${p.message} — ${mb(p.bytesDone)} / ${mb(p.bytesTotal)}${eta}`;
}
