import { bi } from './i18n';
import type { Bilingual } from './types';

/** `bytes` in GiB, two decimals: "4.52 GiB". */
export function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** 「4,831,838,208 位元組（4.50 GiB）」 / "4,831,838,208 bytes (4.50 GiB)". */
export function sizeText(bytes: number): Bilingual {
  const n = bytes.toLocaleString('en-US');
  return bi(`${n} 位元組（${gib(bytes)}）`, `${n} bytes (${gib(bytes)})`);
}
