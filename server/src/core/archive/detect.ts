import type { ArchiveKind } from './types';

/** Magic bytes at offset 0, as data. Longest signatures first is not needed: none is a prefix of another. */
const SIGNATURES: ReadonlyArray<{ kind: ArchiveKind; bytes: readonly number[] }> = [
  { kind: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: 'cab', bytes: [0x4d, 0x53, 0x43, 0x46] }, // MSCF
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] }, // empty zip
  { kind: 'zip', bytes: [0x50, 0x4b, 0x07, 0x08] }, // spanned zip
  { kind: 'rar', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { kind: 'gzip', bytes: [0x1f, 0x8b] },
  { kind: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { kind: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { kind: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
];

/** The number of leading bytes detectArchiveKind needs. */
export const DETECT_BYTES = 8;

/** Names the format from the first bytes, so callers can say "this .7z is really a ZIP". */
export function detectArchiveKind(head: Uint8Array): ArchiveKind {
  if (head.length === 0) return 'empty';
  for (const { kind, bytes } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return kind;
  }
  return 'unknown';
}

/** The kind the NHI file name promises: `.7z` or `.CAB` (any case), or null for other names. */
export function kindFromFileName(name: string): '7z' | 'cab' | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.7z')) return '7z';
  if (lower.endsWith('.cab')) return 'cab';
  return null;
}
