import type { Lang } from '../types';

const UNITS = [
  { unit: 'GB', size: 1e9, digits: 2 },
  { unit: 'MB', size: 1e6, digits: 1 },
  { unit: 'KB', size: 1e3, digits: 1 },
] as const;

/**
 * Bytes as the build's progress and summaries show them, in the largest unit `scale` (by default the bytes
 * themselves) reaches: 「1.3 MB」, 「4.2 KB」, 「512 B」, so that a small archive does not read 「0.0 MB」.
 */
export function byteSize(bytes: number, scale = bytes): string {
  const u = UNITS.find((x) => scale >= x.size);
  return u ? `${(bytes / u.size).toFixed(u.digits)} ${u.unit}` : `${bytes} B`;
}

/** 「約剩 1 分 5 秒」 / "about 1 min 5 s left". */
export function timeLeft(ms: number, lang: Lang): string {
  const s = Math.ceil(ms / 1000);
  const [min, sec] = [Math.floor(s / 60), s % 60];
  if (lang === 'zh-TW') return `約剩 ${min ? `${min} 分 ` : ''}${sec} 秒`;
  return `about ${min ? `${min} min ` : ''}${sec} s left`;
}

/** What a packing step's message is followed by: the bytes written of all, both in the unit of all, and, once known, the time left. */
export function packedSoFar(bytesDone: number, bytesTotal: number, etaMs: number | undefined, lang: Lang): string {
  const eta = etaMs === undefined ? '' : `${lang === 'zh-TW' ? '，' : ', '}${timeLeft(etaMs, lang)}`;
  return ` — ${byteSize(bytesDone, bytesTotal)} / ${byteSize(bytesTotal)}${eta}`;
}
