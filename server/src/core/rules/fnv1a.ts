/** FNV-1a over UTF-16 code units: a fast 32-bit hash for grouping rows and values, not for security. */
export const FNV1A_OFFSET = 0x811c9dc5 | 0;
export const FNV1A_PRIME = 16777619;

/** Continues the hash `h` over `s` from code unit `from`. */
export function fnv1a(h: number, s: string, from = 0): number {
  for (let i = from; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV1A_PRIME);
  return h;
}
