import { open, stat } from 'node:fs/promises';
import type { Finding } from '../core/types';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Whether the file starts with a UTF-8 byte order mark (false when it cannot be read: the check says why). */
export async function startsWithBom(path: string): Promise<boolean> {
  try {
    // Opening a named pipe would wait for a writer: only regular files are looked at.
    if (!(await stat(path)).isFile()) return false;
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(3);
      const { bytesRead } = await handle.read(head, 0, 3, 0);
      return bytesRead === 3 && UTF8_BOM.every((b, i) => head[i] === b);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * A finding on the first line of a file with a BOM, with columns counted from after the BOM, as editors
 * count them (they do not show it): `path:1:12` then opens where the finding is. The BOM's own finding keeps
 * its place at the start.
 */
export function withoutBomColumn(f: Finding): Finding {
  const { start, end } = f.range;
  if (start.line !== 0 || f.ruleId === 'FILE-bom') return f;
  const back = (p: { line: number; character: number }) => (p.line === 0 && p.character > 0 ? { line: 0, character: p.character - 1 } : p);
  return { ...f, range: { start: back(start), end: back(end) } };
}
