import { bi } from '../../i18n';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { AtomicOutput } from '../atomic';
import { pipeFile } from '../copy-pipeline';
import { ArchiveError, toArchiveError } from '../errors';
import { statInputs, type ArchiveInput, type WriteProgress, type WriteResult } from '../inputs';
import { cfdataChecksum } from './checksum';
import {
  CAB_ATTR_NAME_IS_UTF,
  CAB_BLOCK_SIZE,
  CAB_COMPRESSION,
  CAB_HEADER_SIZE,
  CAB_MAX_SIZE,
  CFDATA_HEADER_SIZE,
  CFFILE_FIXED_SIZE,
  CFFOLDER_SIZE,
  msToDosDateTime,
} from './format';

const deflateRaw = promisify(zlib.deflateRaw);
const CAB_ATTR_ARCHIVE = 0x20;
/** Blocks being compressed at once (zlib's thread pool spreads them over the cores). */
const IN_FLIGHT = 8;
/** Worst-case bytes a block adds on top of its data: CFDATA header, "CK", stored-deflate framing. */
const BLOCK_OVERHEAD = CFDATA_HEADER_SIZE + 2 + 5;
const MAX_BLOCKS = 0xffff;

export interface CabWriteOptions {
  compression?: 'mszip' | 'none';
  /** zlib level for MSZIP, 1-9 (default 6). */
  level?: number;
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
}

function encodeName(archivePath: string): { bytes: Buffer; utf: boolean } {
  const name = archivePath.replace(/\//g, '\\');
  const ascii = /^[\x20-\x7e]*$/.test(name);
  return { bytes: Buffer.from(name + '\0', ascii ? 'latin1' : 'utf8'), utf: !ascii };
}

/**
 * Writes a single-folder cabinet (none or MSZIP: "CK" + raw deflate per 32 KiB block, every block
 * checksummed), atomically. Refuses payloads a cabinet cannot hold (2 GiB) with a 'too-large' error.
 */
export async function writeCab(files: readonly ArchiveInput[], outPath: string, options: CabWriteOptions = {}): Promise<WriteResult> {
  const compression = options.compression ?? 'mszip';
  const level = options.level ?? 6;
  const inputs = await statInputs(files);
  if (inputs.length > 0xffff) throw new ArchiveError('too-large', bi(`${inputs.length} 個檔案；一個 CAB 壓縮檔最多只能容納 65535 個`, `${inputs.length} files; a cabinet holds at most 65535`));
  const names = inputs.map((f) => encodeName(f.archivePath));
  const total = inputs.reduce((t, f) => t + f.size, 0);
  const blocks = Math.ceil(total / CAB_BLOCK_SIZE);
  const tableSize = names.reduce((t, n) => t + CFFILE_FIXED_SIZE + n.bytes.length, 0);
  const dataStart = CAB_HEADER_SIZE + CFFOLDER_SIZE + tableSize;
  if (blocks > MAX_BLOCKS || dataStart + total + blocks * BLOCK_OVERHEAD > CAB_MAX_SIZE) {
    throw new ArchiveError('too-large', bi(`檔案共 ${total} 位元組；CAB 壓縮檔須小於 2 GiB，請改用 .7z`, `${total} bytes of files; a cabinet holds less than 2 GiB, use .7z`));
  }

  const out = await AtomicOutput.create(outPath);
  const queue: Array<Promise<{ n: number; data: Buffer }>> = [];
  try {
    let filePos = dataStart;
    let pending: Buffer[] = [];
    let pendingLen = 0;
    const flush = async () => {
      if (!pendingLen) return;
      const buf = Buffer.concat(pending, pendingLen);
      pending = [];
      pendingLen = 0;
      let w = 0;
      while (w < buf.length) w += (await out.handle.write(buf, w, buf.length - w, filePos + w)).bytesWritten;
      filePos += buf.length;
    };
    const emit = async (uncompressed: number, data: Buffer) => {
      const head = Buffer.alloc(CFDATA_HEADER_SIZE);
      head.writeUInt16LE(data.length, 4);
      head.writeUInt16LE(uncompressed, 6);
      head.writeUInt32LE(cfdataChecksum(head.subarray(4, 8), data), 0);
      pending.push(head, data);
      pendingLen += head.length + data.length;
      if (pendingLen >= 1 << 20) await flush();
    };
    const submit = async (block: Buffer) => {
      queue.push(
        compression === 'none'
          ? Promise.resolve({ n: block.length, data: block })
          : deflateRaw(block, { level }).then((d) => ({ n: block.length, data: Buffer.concat([Buffer.from('CK', 'latin1'), d]) })),
      );
      if (queue.length >= IN_FLIGHT) {
        const done = await queue.shift()!;
        await emit(done.n, done.data);
      }
    };

    let block = Buffer.allocUnsafe(CAB_BLOCK_SIZE);
    let fill = 0;
    let bytesDone = 0;
    for (const [i, f] of inputs.entries()) {
      await pipeFile(
        f.sourcePath,
        f.size,
        async (chunk) => {
          let off = 0;
          while (off < chunk.length) {
            const take = Math.min(CAB_BLOCK_SIZE - fill, chunk.length - off);
            block.set(chunk.subarray(off, off + take), fill);
            fill += take;
            off += take;
            if (fill === CAB_BLOCK_SIZE) {
              await submit(block);
              block = Buffer.allocUnsafe(CAB_BLOCK_SIZE);
              fill = 0;
            }
          }
          bytesDone += chunk.length;
          options.onProgress?.({ bytesDone, bytesTotal: total, filesDone: i, filesTotal: inputs.length });
        },
        options.signal,
      );
    }
    if (fill > 0) await submit(block.subarray(0, fill));
    while (queue.length) {
      const done = await queue.shift()!;
      await emit(done.n, done.data);
    }
    await flush();

    const header = Buffer.alloc(dataStart);
    header.write('MSCF', 0, 'latin1');
    header.writeUInt32LE(filePos, 8);
    header.writeUInt32LE(CAB_HEADER_SIZE + CFFOLDER_SIZE, 16);
    header[24] = 3;
    header[25] = 1;
    header.writeUInt16LE(1, 26);
    header.writeUInt16LE(inputs.length, 28);
    header.writeUInt32LE(dataStart, CAB_HEADER_SIZE);
    header.writeUInt16LE(blocks, CAB_HEADER_SIZE + 4);
    header.writeUInt16LE(compression === 'none' ? CAB_COMPRESSION.none : CAB_COMPRESSION.mszip, CAB_HEADER_SIZE + 6);
    let p = CAB_HEADER_SIZE + CFFOLDER_SIZE;
    let folderOffset = 0;
    inputs.forEach((f, i) => {
      const { date, time } = msToDosDateTime(f.mtimeMs);
      header.writeUInt32LE(f.size, p);
      header.writeUInt32LE(folderOffset, p + 4);
      header.writeUInt16LE(0, p + 8);
      header.writeUInt16LE(date, p + 10);
      header.writeUInt16LE(time, p + 12);
      header.writeUInt16LE(CAB_ATTR_ARCHIVE | (names[i].utf ? CAB_ATTR_NAME_IS_UTF : 0), p + 14);
      names[i].bytes.copy(header, p + CFFILE_FIXED_SIZE);
      p += CFFILE_FIXED_SIZE + names[i].bytes.length;
      folderOffset += f.size;
    });
    await out.handle.write(header, 0, header.length, 0);
    await out.commit();
    options.onProgress?.({ bytesDone, bytesTotal: total, filesDone: inputs.length, filesTotal: inputs.length });
    return { path: outPath, bytes: filePos, entries: inputs.length };
  } catch (e) {
    for (const q of queue) q.catch(() => undefined);
    await out.abort();
    throw toArchiveError(e, outPath);
  }
}
