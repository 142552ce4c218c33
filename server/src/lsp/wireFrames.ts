import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');
/** Longest header block waited for: a client's headers are two short lines. */
const MAX_HEADER_BYTES = 8192;
/**
 * Longest message body read. VS Code syncs a file of up to 50 MB with its language servers; as JSON a text
 * grows: a client that escapes every character beyond ASCII sends a Big5 or UTF-16 file's two bytes a character
 * as six (\uXXXX), a 50 MB file as 150 MB. A body is read as one string, of 2^29 - 24 characters at most
 * (V8's longest), held beside the bytes it came from: 256 MiB leaves room above the first and below the second.
 */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** How much of dropped bytes a report quotes. */
const QUOTED_BYTES = 80;
const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/;
const CONTENT_LENGTH = /content-length:/i;

/**
 * The message frames of a JSON-RPC stream (a header block with a Content-Length, then that many bytes), passed on
 * unchanged while they are well formed. vscode-jsonrpc's reader, given a header block without a numeric
 * Content-Length, drops that block and takes the message after it for the next header, and so on for every later
 * message: the server would answer nothing more, and say nothing. Here such bytes are dropped up to the next
 * Content-Length header, where reading goes on, and each drop is reported. So is a frame longer than
 * MAX_BODY_BYTES, which the reader would wait for, holding all of it, for as long as it takes (a Content-Length of
 * 2^53 for ever): its header is reported at once, and the bytes after it are dropped as they come, holding none,
 * up to the next Content-Length header. Within a JSON body no such header can begin: its line breaks would have to
 * be in a string, where JSON allows none. A body that is no JSON is passed on: the reader answers it (screenedReader.ts).
 */
export class CheckedFrames extends Transform {
  private header: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to come; -1 while reading a header. */
  private bodyLeft = -1;
  /** Bytes dropped since the last well-formed header, and the first of them. */
  private droppedBytes = 0;
  private droppedStart = Buffer.alloc(0);

  constructor(private readonly report: (problem: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let rest = chunk;
    while (rest.length > 0) rest = this.bodyLeft >= 0 ? this.passBody(rest) : this.readHeader(rest);
    done();
  }

  private passBody(chunk: Buffer): Buffer {
    const part = chunk.subarray(0, this.bodyLeft);
    this.push(part);
    this.bodyLeft -= part.length;
    if (this.bodyLeft === 0) this.bodyLeft = -1;
    return chunk.subarray(part.length);
  }

  /** Adds `chunk` to the header block; returns what follows a complete, well-formed one (its body onwards). */
  private readHeader(chunk: Buffer): Buffer {
    this.header = this.header.length === 0 ? chunk : Buffer.concat([this.header, chunk]);
    for (;;) {
      const end = this.header.indexOf(HEADER_END);
      if (end < 0 && this.header.length <= MAX_HEADER_BYTES) return Buffer.alloc(0);
      const digits = end < 0 ? undefined : contentLength(this.header.subarray(0, end).toString('latin1'));
      const length = digits === undefined ? undefined : Number(digits);
      if (length !== undefined && length <= MAX_BODY_BYTES) {
        this.reportDropped();
        this.push(this.header.subarray(0, end + HEADER_END.length));
        const after = this.header.subarray(end + HEADER_END.length);
        this.header = Buffer.alloc(0);
        this.bodyLeft = length > 0 ? length : -1;
        return after;
      }
      if (length !== undefined) {
        this.report(`a message of ${digits} bytes (its Content-Length) is longer than the ${MAX_BODY_BYTES} bytes a message may have: it is dropped, up to the next Content-Length header`);
      }
      this.dropToNextHeader();
    }
  }

  override _flush(done: TransformCallback): void {
    this.discard(this.header.length);
    this.reportDropped();
    done();
  }

  /** Drops the bytes before the next Content-Length header (all of them, but a tail that may begin one, when there is none). */
  private dropToNextHeader(): void {
    const next = this.header.toString('latin1').slice(1).search(CONTENT_LENGTH);
    this.discard(next >= 0 ? next + 1 : Math.max(1, this.header.length - 'content-length:'.length));
  }

  private discard(count: number): void {
    if (this.droppedStart.length < QUOTED_BYTES) {
      this.droppedStart = Buffer.concat([this.droppedStart, this.header.subarray(0, Math.min(count, QUOTED_BYTES - this.droppedStart.length))]);
    }
    this.droppedBytes += count;
    this.header = this.header.subarray(count);
  }

  private reportDropped(): void {
    if (this.droppedBytes === 0) return;
    this.report(`${this.droppedBytes} bytes without a valid Content-Length header were dropped, from ${JSON.stringify(this.droppedStart.toString('utf8'))}`);
    this.droppedBytes = 0;
    this.droppedStart = Buffer.alloc(0);
  }
}

/** The Content-Length of a header block whose every line is a header, if it names one as a whole number (its digits). */
function contentLength(block: string): string | undefined {
  let length: string | undefined;
  for (const line of block.split('\r\n')) {
    if (!HEADER_LINE.test(line)) return undefined;
    const colon = line.indexOf(':');
    if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d+$/.test(value)) return undefined;
    length = value;
  }
  return length;
}
