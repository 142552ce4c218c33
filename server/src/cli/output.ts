/**
 * Buffered writing to a stream (stdout) that respects back-pressure, so a report of a million
 * findings streams out in flat memory instead of piling up in the process.
 */
import type { Writable } from 'node:stream';

const FLUSH_AT = 64 * 1024;

export class Output {
  private pending: string[] = [];
  private size = 0;
  /** Set once the reader went away (e.g. `| head`): everything after is dropped. */
  closed = false;

  constructor(private readonly stream: Writable) {
    stream.on('error', () => {
      this.closed = true;
    });
  }

  write(text: string): void {
    if (this.closed) return;
    this.pending.push(text);
    this.size += text.length;
  }

  /** Hands buffered text to the stream once enough piled up, waiting while the stream is full. */
  async maybeFlush(): Promise<void> {
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0 || this.closed) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(text)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}
