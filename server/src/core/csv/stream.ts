/**
 * Reads a CSV file from disk (or standard input) in chunks and hands over its rows batch by batch,
 * so memory is bounded by the largest row (and one chunk), not by the file. The only module of the
 * CSV model that touches the file system.
 */
import { isUtf8 } from 'node:buffer';
import { open, stat } from 'node:fs/promises';
import type { Finding } from '../types';
import type { Row, SyntaxProblem } from './model';
import { CsvChunkParser, DEFAULT_MAX_ROW_LENGTH } from './chunked';
import { completeUtf8Length, CsvByteDecoder, SNIFF_LENGTH, sniffEncoding } from './decode';
import { encodingFinding, overlongFinding, RULE_ENCODING, unreadableFinding } from './rules';
import { LineEndTally, type LineEnds } from './line-ends';

export { completeUtf8Length };

/**
 * Bytes read at a time. Small enough that a chunk's rows (and their findings) die young in the
 * garbage collector's nursery instead of piling up in the old generation: with 1 MiB chunks the
 * CLI peaked at ~400 MB RSS on 100,000 rows, with 64 KiB at ~110 MB (see BENCHMARKS.md).
 */
export const DEFAULT_CHUNK_SIZE = SNIFF_LENGTH;

export interface CsvBatch {
  /** The file starts with a UTF-8 BOM (known from its first chunk). */
  bom: boolean;
  rows: Row[];
  syntaxProblems: SyntaxProblem[];
  /** Problems of reading: encoding, over-long rows, I/O. */
  findings: Finding[];
}

export interface CsvFileSummary {
  bom: boolean;
  lineCount: number;
  /** Rows seen, over-long ones included. */
  rowCount: number;
  bytes: number;
  /** The file could not be opened or read (missing, not a regular file, permission, I/O error). */
  unreadable: boolean;
  /** The file is not UTF-8 text; the rows of the chunk holding the offending byte and after it were not handed over. */
  badEncoding: boolean;
  /** How the lines end, once the whole file was read. */
  lineEnds?: LineEnds;
}

export interface StreamOptions {
  chunkSize?: number;
  maxRowLength?: number;
  signal?: AbortSignal;
  /** Called after each chunk is read, with the bytes read so far (progress). */
  onRead?: (bytes: number) => void;
}

/** Reads up to `length` bytes into `buffer` at `offset`; resolves with how many, 0 at the end. */
type ReadBytes = (buffer: Buffer, offset: number, length: number) => Promise<number>;

/**
 * Streams `path`, calling `onBatch` for each chunk's rows (awaited, so the consumer sets the
 * pace). Never throws for anything about the file: problems come as findings in a batch.
 */
export async function streamCsvFile(
  path: string,
  onBatch: (batch: CsvBatch) => void | Promise<void>,
  options: StreamOptions = {},
): Promise<CsvFileSummary> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return await unreadable({ code: info.isDirectory() ? 'EISDIR' : 'NOT_REGULAR' }, onBatch);
  } catch (error) {
    return await unreadable(error, onBatch);
  }
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return await unreadable(error, onBatch);
  }
  const file = handle;
  try {
    return await streamCsvBytes(async (buffer, offset, length) => (await file.read(buffer, offset, length, null)).bytesRead, onBatch, options);
  } finally {
    await file.close().catch(() => undefined);
  }
}

/** `streamCsvFile` over bytes from elsewhere (standard input): the chunks of `source` as they come. */
export function streamCsvStream(
  source: AsyncIterable<Uint8Array>,
  onBatch: (batch: CsvBatch) => void | Promise<void>,
  options: StreamOptions = {},
): Promise<CsvFileSummary> {
  return streamCsvBytes(bytesOfIterable(source), onBatch, options);
}

function emptySummary(): CsvFileSummary {
  return { bom: false, lineCount: 1, rowCount: 0, bytes: 0, unreadable: false, badEncoding: false };
}

async function unreadable(error: unknown, onBatch: (batch: CsvBatch) => void | Promise<void>, summary = emptySummary(), bom = false): Promise<CsvFileSummary> {
  summary.unreadable = true;
  const err = error as NodeJS.ErrnoException;
  await onBatch({ bom, rows: [], syntaxProblems: [], findings: [unreadableFinding(err?.code, err?.message)] });
  return summary;
}

/** Reads over an iterable of chunks, keeping what a read did not take for the next. */
function bytesOfIterable(source: AsyncIterable<Uint8Array>): ReadBytes {
  const chunks = source[Symbol.asyncIterator]();
  let left: Uint8Array = new Uint8Array(0);
  let done = false;
  return async (buffer, offset, length) => {
    while (left.length === 0 && !done) {
      const next = await chunks.next();
      if (next.done) done = true;
      else left = next.value;
    }
    const n = Math.min(length, left.length);
    buffer.set(left.subarray(0, n), offset);
    left = left.subarray(n);
    return n;
  };
}

/** Fills `buffer` from `read` (the first chunk must hold SNIFF_LENGTH bytes for the encoding verdict); how many, 0 at the end. */
async function fill(read: ReadBytes, buffer: Buffer): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const bytesRead = await read(buffer, filled, buffer.length - filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * The encoding error streamCsvFile reports for `path` (a NUL byte or bytes that are not UTF-8, wherever they stand);
 * undefined for UTF-8 text and for a file that cannot be read (the stream names why). The editor shows a file that
 * is not UTF-8 text with that error alone: asked first, it keeps a check from saying the rows before a late bad byte.
 */
export async function encodingFindingOfFile(path: string, options: Pick<StreamOptions, 'chunkSize'> = {}): Promise<Finding | undefined> {
  let plain: boolean;
  try {
    // A named pipe would be waited on (and its bytes taken from the stream): only a regular file is read.
    if (!(await stat(path)).isFile()) return undefined;
    const file = await open(path, 'r');
    try {
      plain = await holdsUtf8WithoutNul(async (buffer, offset, length) => (await file.read(buffer, offset, length, null)).bytesRead, Buffer.allocUnsafe(PLAIN_UTF8_READ));
    } finally {
      await file.close().catch(() => undefined);
    }
  } catch {
    return undefined;
  }
  // Most files are UTF-8 without a NUL: the stream can then find no more than its first chunk tells, so they are
  // read once more only to be checked. Any other file is streamed as the check streams it, for its finding.
  return plain ? undefined : encodingFindingStreamed((onBatch) => streamCsvFile(path, onBatch, options));
}

/**
 * encodingFindingOfFile for bytes that can be read again from their start, `chunks()` giving them anew at each call
 * (standard input the CLI held whole).
 */
export async function encodingFindingOfBytes(chunks: () => AsyncIterable<Uint8Array>, options: Pick<StreamOptions, 'chunkSize'> = {}): Promise<Finding | undefined> {
  if (await holdsUtf8WithoutNul(bytesOfIterable(chunks()), Buffer.allocUnsafe(PLAIN_UTF8_READ))) return undefined;
  return encodingFindingStreamed((onBatch) => streamCsvStream(chunks(), onBatch, options));
}

/** The encoding error among the findings of `stream`, which streams bytes that are not plain UTF-8. */
async function encodingFindingStreamed(stream: (onBatch: (batch: CsvBatch) => void) => Promise<CsvFileSummary>): Promise<Finding | undefined> {
  let found: Finding | undefined;
  await stream((batch) => void (found ??= batch.findings.find((f) => f.ruleId === RULE_ENCODING)));
  return found;
}

/** The reads of the pass that only asks whether a file is UTF-8: large, as nothing is decoded from them. */
const PLAIN_UTF8_READ = 1024 * 1024;

/**
 * Whether the bytes `read` gives are UTF-8 throughout and hold no NUL, read into `buffer` a chunk at a time (a
 * sequence cut by the chunk's end is checked with the next chunk), and their start has nothing the stream's sniff
 * calls binary (control characters, a known format's signature): the stream would find something in them.
 */
async function holdsUtf8WithoutNul(read: ReadBytes, buffer: Buffer): Promise<boolean> {
  let carried = 0;
  let first = true;
  for (;;) {
    const filled = carried + (await fill(read, buffer.subarray(carried)));
    if (filled === carried) return carried === 0;
    const bytes = buffer.subarray(0, filled);
    if (bytes.indexOf(0) >= 0) return false;
    if (first && sniffEncoding(bytes) !== null) return false;
    first = false;
    const cut = filled === buffer.length ? completeUtf8Length(bytes) : filled;
    if (!isUtf8(bytes.subarray(0, cut))) return false;
    carried = filled - cut;
    buffer.copy(buffer, 0, cut, filled);
  }
}


async function streamCsvBytes(
  read: ReadBytes,
  onBatch: (batch: CsvBatch) => void | Promise<void>,
  options: StreamOptions,
): Promise<CsvFileSummary> {
  const chunkSize = Math.max(options.chunkSize ?? DEFAULT_CHUNK_SIZE, SNIFF_LENGTH);
  const maxRowLength = options.maxRowLength ?? DEFAULT_MAX_ROW_LENGTH;
  const parser = new CsvChunkParser(maxRowLength);
  const decoder = new CsvByteDecoder();
  const summary = emptySummary();
  const lineEnds = new LineEndTally();
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      options.signal?.throwIfAborted();
      const filled = await fill(read, buffer);
      summary.bytes += filled;
      options.onRead?.(summary.bytes);
      const piece = filled > 0 ? decoder.push(buffer.subarray(0, filled)) : decoder.end();
      // Counted apart from the parser, which holds back a record that may go on in the next chunk.
      const linesBefore = lineEnds.breaksBefore(piece.text);
      lineEnds.push(piece.text);
      const result = parser.push(piece.text);
      const findings = result.overlong.map((o) => overlongFinding(o, maxRowLength));
      if (piece.problem) {
        summary.badEncoding = true;
        findings.push(encodingFinding({ ...piece.problem, line: piece.problem.line + linesBefore }));
        // The rows of this chunk are not handed over: in a file that is not UTF-8 from its first
        // chunk on, the encoding error is the only finding.
        await onBatch({ bom: parser.bom, rows: [], syntaxProblems: [], findings });
        break;
      }
      const last = filled === 0 ? parser.end() : null;
      if (last) {
        result.rows.push(...last.rows);
        result.syntaxProblems.push(...last.syntaxProblems);
        findings.push(...last.overlong.map((o) => overlongFinding(o, maxRowLength)));
      }
      if (result.rows.length > 0 || result.syntaxProblems.length > 0 || findings.length > 0) {
        await onBatch({ bom: parser.bom, rows: result.rows, syntaxProblems: result.syntaxProblems, findings });
      }
      if (filled === 0) break;
    }
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    return await unreadable(error, onBatch, summary, parser.bom);
  }
  summary.bom = parser.bom;
  summary.lineCount = parser.lineCount;
  summary.rowCount = parser.rowCount;
  summary.lineEnds = lineEnds.end();
  return summary;
}
