import { open } from 'node:fs/promises';
import { CsvByteDecoder, SNIFF_LENGTH } from './decode';
import { encodingFinding } from './rules';
import type { Finding } from '../types';

export interface StoredEncoding {
  /** The bytes start with a UTF-8 byte order mark. */
  bom: boolean;
  /** FILE-encoding, as the CSV check gives it, when the bytes are not UTF-8 text. */
  encoding?: Finding;
}

const CHUNK = 1024 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * How the file at `path` is stored: its bytes decoded and their line breaks counted, no rows parsed (an editor
 * has the text already). Undefined when the file cannot be read.
 */
export async function readStoredEncoding(path: string): Promise<StoredEncoding | undefined> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const decoder = new CsvByteDecoder();
    const lines = new LineBreakCounter();
    const buffer = Buffer.allocUnsafe(Math.max(CHUNK, SNIFF_LENGTH));
    let bom: boolean | undefined;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      const bytes = buffer.subarray(0, bytesRead);
      bom ??= UTF8_BOM.every((b, i) => bytes[i] === b);
      const piece = bytesRead > 0 ? decoder.push(bytes) : decoder.end();
      if (piece.problem) return { bom, encoding: encodingFinding({ ...piece.problem, line: piece.problem.line + lines.before(bytes) }) };
      if (bytesRead === 0) return { bom };
      lines.add(bytes);
    }
  } catch {
    return undefined;
  } finally {
    await file.close().catch(() => undefined);
  }
}

/** Line breaks (LF, CR, CRLF counted once) in bytes that come in chunks. */
class LineBreakCounter {
  private count = 0;
  /** The last chunk ended in CR: one break with an LF that may start the next. */
  private pendingCr = false;

  /** The breaks before `next`, the chunk about to be added (empty at the end). */
  before(next: Uint8Array): number {
    return this.count + (this.pendingCr && next[0] !== 10 ? 1 : 0);
  }

  add(bytes: Uint8Array): void {
    this.count = this.before(bytes);
    this.pendingCr = false;
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) this.count++;
    for (let i = bytes.indexOf(13); i >= 0; i = bytes.indexOf(13, i + 1)) {
      if (i === bytes.length - 1) this.pendingCr = true;
      else if (bytes[i + 1] !== 10) this.count++;
    }
  }
}
