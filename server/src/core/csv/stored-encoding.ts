import { open } from 'node:fs/promises';
import { CsvByteDecoder, SNIFF_LENGTH } from './decode';
import { encodingFinding } from './rules';
import { LineEndTally, type LineEnds } from './line-ends';
import type { Finding } from '../types';

export interface StoredEncoding {
  /** The bytes start with a UTF-8 byte order mark. */
  bom: boolean;
  /** FILE-encoding, as the CSV check gives it, when the bytes are not UTF-8 text. */
  encoding?: Finding;
  /** How the lines end, when the bytes are UTF-8 text. */
  lineEnds?: LineEnds;
}

const CHUNK = 1024 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * How the file at `path` is stored: its bytes decoded and their line ends counted, no rows parsed (an editor
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
    const lines = new LineEndTally();
    const buffer = Buffer.allocUnsafe(Math.max(CHUNK, SNIFF_LENGTH));
    let bom: boolean | undefined;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      const bytes = buffer.subarray(0, bytesRead);
      bom ??= UTF8_BOM.every((b, i) => bytes[i] === b);
      const piece = bytesRead > 0 ? decoder.push(bytes) : decoder.end();
      if (piece.problem) return { bom, encoding: encodingFinding({ ...piece.problem, line: piece.problem.line + lines.breaksBefore(piece.text) }) };
      lines.push(piece.text);
      if (bytesRead === 0) return { bom, lineEnds: lines.end() };
    }
  } catch {
    return undefined;
  } finally {
    await file.close().catch(() => undefined);
  }
}
