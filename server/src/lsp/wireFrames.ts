import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');
/** Longest header block waited for: a client's headers are two short lines. */
const MAX_HEADER_BYTES = 8192;
/** How much of dropped bytes a report quotes. */
const QUOTED_BYTES = 80;
const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/;
const CONTENT_LENGTH = /content-length:/i;

/**
 * The message frames of a JSON-RPC stream (a header block with a Content-Length, then that many bytes), passed on
 * unchanged while they are well formed. vscode-jsonrpc's reader, given a header block without a numeric
 * Content-Length, drops that block and takes the message after it for the next header, and so on for every later
 * message: the server would answer nothing more, and say nothing. Here such bytes are dropped up to the next
 * Content-Length header, where reading goes on, and each drop is reported; so is a body that is no JSON object
 * (a Content-Length that cut a message short or ran into the next), which the reader drops without a word.
 */
export class CheckedFrames extends Transform {
  private header: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to come; -1 while reading a header. */
  private bodyLeft = -1;
  private bodyFirst = -1;
  private bodyLast = -1;
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
    // Only the first and the last bytes of a body that are not white space are looked at: a body may be megabytes.
    if (this.bodyFirst < 0) this.bodyFirst = part[nonSpace(part, 0, 1)] ?? -1;
    this.bodyLast = part[nonSpace(part, part.length - 1, -1)] ?? this.bodyLast;
    this.push(part);
    this.bodyLeft -= part.length;
    if (this.bodyLeft === 0) this.endBody();
    return chunk.subarray(part.length);
  }

  private endBody(): void {
    if (this.bodyFirst !== 0x7b || this.bodyLast !== 0x7d) this.report('a message whose body is no JSON object could not be read (is its Content-Length right?)');
    this.bodyLeft = -1;
    this.bodyFirst = -1;
    this.bodyLast = -1;
  }

  /** Adds `chunk` to the header block; returns what follows a complete, well-formed one (its body onwards). */
  private readHeader(chunk: Buffer): Buffer {
    this.header = this.header.length === 0 ? chunk : Buffer.concat([this.header, chunk]);
    for (;;) {
      const end = this.header.indexOf(HEADER_END);
      if (end < 0 && this.header.length <= MAX_HEADER_BYTES) return Buffer.alloc(0);
      const length = end < 0 ? undefined : contentLength(this.header.subarray(0, end).toString('latin1'));
      if (length !== undefined) {
        this.reportDropped();
        this.push(this.header.subarray(0, end + HEADER_END.length));
        const after = this.header.subarray(end + HEADER_END.length);
        this.header = Buffer.alloc(0);
        this.bodyLeft = length;
        if (length === 0) this.endBody();
        return after;
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

/** The Content-Length of a header block whose every line is a header, if it names one as a whole number. */
function contentLength(block: string): number | undefined {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    if (!HEADER_LINE.test(line)) return undefined;
    const colon = line.indexOf(':');
    if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d+$/.test(value)) return undefined;
    length = Number(value);
  }
  return length;
}

/** The index of the first byte from `from` on, stepping by `step`, that is no JSON white space (-1 for none). */
function nonSpace(bytes: Buffer, from: number, step: 1 | -1): number {
  for (let i = from; i >= 0 && i < bytes.length; i += step) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return i;
  }
  return -1;
}
