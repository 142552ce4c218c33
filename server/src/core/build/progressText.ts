import type { Lang } from '../types';

/** Bytes as the build's progress and summaries show them: 「1.3 MB」. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** 「約剩 1 分 5 秒」 / "about 1 min 5 s left". */
export function timeLeft(ms: number, lang: Lang): string {
  const s = Math.ceil(ms / 1000);
  const [min, sec] = [Math.floor(s / 60), s % 60];
  if (lang === 'zh-TW') return `約剩 ${min ? `${min} 分 ` : ''}${sec} 秒`;
  return `about ${min ? `${min} min ` : ''}${sec} s left`;
}

/** What a packing step's message is followed by: the bytes written of all and, once known, the time left. */
export function packedSoFar(bytesDone: number, bytesTotal: number, etaMs: number | undefined, lang: Lang): string {
  const eta = etaMs === undefined ? '' : `${lang === 'zh-TW' ? '，' : ', '}${timeLeft(etaMs, lang)}`;
  return ` — ${mb(bytesDone)} / ${mb(bytesTotal)}${eta}`;
}
