/**
 * Standard input held whole, so that `check -` reads it twice as it reads a file: once for whether it is UTF-8 text
 * without NUL bytes (a bad byte at its end makes its encoding error the only finding, none of the rows before it),
 * then for its rows. Standard input can be read only once: its first HELD_IN_MEMORY bytes (an editor's buffer, a
 * day's batch) are kept in memory, and a larger input is written on, from its start, to a temporary file that is read
 * back a chunk at a time, so memory stays at most that bound whatever the input's size.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unreadableFinding } from '../core/csv/rules';
import { DEFAULT_CHUNK_SIZE } from '../core/csv/stream';
import { bi } from '../core/i18n';
import { ioFailure } from '../core/io-reasons';
import type { Finding } from '../core/types';

export const HELD_IN_MEMORY = 8 * 1024 * 1024;

export interface HeldInput {
  /** The bytes held, from the start, anew at each call. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Lets go of the memory and the temporary file. */
  release(): Promise<void>;
}

export interface HoldOptions {
  /** Bytes kept in memory before the input goes to a temporary file. */
  inMemory?: number;
  /** Where the temporary file is made. */
  folder?: string;
}

/** Reads `source` to its end and holds it; the error to report when it cannot be read or held. */
export async function holdInput(source: AsyncIterable<Uint8Array>, { inMemory = HELD_IN_MEMORY, folder = tmpdir() }: HoldOptions = {}): Promise<HeldInput | { finding: Finding }> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let spill: Spill | undefined;
  try {
    for await (const chunk of source) {
      if (spill) {
        await spill.write(chunk);
        continue;
      }
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes <= inMemory) continue;
      try {
        spill = await Spill.open(folder);
        for (const part of held) await spill.write(part);
      } catch (error) {
        await spill?.release();
        return { finding: notHeldFinding(folder, inMemory, error) };
      }
      held.length = 0;
    }
  } catch (error) {
    await spill?.release();
    if (spill?.failed) return { finding: notHeldFinding(folder, inMemory, spill.failed) };
    const err = error as NodeJS.ErrnoException;
    return { finding: unreadableFinding(err?.code, err?.message) };
  }
  if (spill) return spill;
  return {
    async *chunks() {
      yield* held;
    },
    async release() {
      held.length = 0;
    },
  };
}

/** The temporary file a large input is written to. */
class Spill implements HeldInput {
  /** The error of a write, told apart from one of reading the input. */
  failed: unknown;
  private size = 0;

  private constructor(private readonly handle: FileHandle, private readonly path: string) {}

  static async open(folder: string): Promise<Spill> {
    const path = join(folder, `nhi-imaging-stdin-${randomUUID()}.csv`);
    const handle = await fsp.open(path, 'wx+', 0o600);
    // Unnamed at once where the system allows it (the open handle still reads it): a run killed midway leaves nothing.
    await fsp.unlink(path).catch(() => undefined);
    return new Spill(handle, path);
  }

  async write(chunk: Uint8Array): Promise<void> {
    try {
      for (let done = 0; done < chunk.length;) done += (await this.handle.write(chunk, done, chunk.length - done, this.size + done)).bytesWritten;
      this.size += chunk.length;
    } catch (error) {
      this.failed = error;
      throw error;
    }
  }

  async *chunks(): AsyncIterable<Uint8Array> {
    for (let at = 0; at < this.size;) {
      const buffer = Buffer.allocUnsafe(Math.min(DEFAULT_CHUNK_SIZE, this.size - at));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) throw Object.assign(new Error('the temporary copy of standard input ended early'), { code: 'EIO' });
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  async release(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fsp.rm(this.path, { force: true }).catch(() => undefined);
  }
}

/** Standard input too large to keep in memory, and the temporary file for it could not be written. */
function notHeldFinding(folder: string, inMemory: number, error: unknown): Finding {
  const mb = inMemory / 1024 / 1024;
  const reason = ioFailure(error);
  return {
    ...unreadableFinding(undefined),
    message: bi(
      `無法讀取標準輸入：超過 ${mb} MB，需暫存於 ${folder}，但無法寫入（${reason['zh-TW']}）；請改為指定檔案路徑。`,
      `Cannot read standard input: it is over ${mb} MB and is kept in ${folder}, which cannot be written (${reason.en}); give the file's path instead.`,
    ),
  };
}
