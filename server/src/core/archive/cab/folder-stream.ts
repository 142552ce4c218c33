import * as zlib from 'node:zlib';
import { ArchiveError } from '../errors';
import { RangeReader, type FileSource } from '../file-source';
import type { ChunkProducer } from '../cursor';
import { hex32 } from '../crc32';
import { cfdataChecksum } from './checksum';
import { CAB_BLOCK_SIZE, CAB_COMPRESSION, CAB_MAX_BLOCK_INPUT, CFDATA_HEADER_SIZE, type CabFolder, type CabHeader } from './format';

const MSZIP_SIGNATURE_C = 0x43;
const MSZIP_SIGNATURE_K = 0x4b;
const HISTORY = 32768;

/** A block read ahead: its checksum outcome, and for MSZIP a speculative inflate without history. */
interface PendingBlock {
  index: number;
  cbUncomp: number;
  data: Buffer;
  error?: ArchiveError;
  inflated?: Promise<Buffer | null>;
}

/** Blocks read and inflated ahead (zlib's thread pool spreads them over the cores). */
const READ_AHEAD = 8;

const inflateNoHistory = (data: Buffer, cbUncomp: number): Promise<Buffer | null> =>
  new Promise((resolve) => {
    zlib.inflateRaw(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: CAB_BLOCK_SIZE }, (err, out) =>
      resolve(err || out.length !== cbUncomp ? null : out),
    );
  });

/**
 * Decodes one CAB folder block by block (checksum first, then none or MSZIP). MSZIP blocks are first
 * inflated in parallel without history; zlib refuses any block that refers back into the previous
 * block ("distance too far back"), and only those are inflated again, in order, with the history.
 */
export class CabFolderStream implements ChunkProducer {
  private readonly reader: RangeReader;
  private block = 0;
  private history: Buffer | undefined;
  private readonly ahead: PendingBlock[] = [];
  /** Decoded bytes produced so far. */
  produced = 0;

  constructor(
    source: FileSource,
    private readonly header: CabHeader,
    private readonly folder: CabFolder,
    private readonly onDecoded: (n: number) => void,
    /** Check block checksums only, decoding nothing (for LZX folders, decoded elsewhere). */
    private readonly checksumsOnly = false,
  ) {
    this.reader = new RangeReader(source, folder.coffCabStart, header.cbCabinet, 1 << 20);
  }

  get method(): number {
    return this.folder.typeCompress & 0x0f;
  }

  private where(index: number): string {
    return `CAB folder ${this.folder.index}, block ${index}`;
  }

  /** Reads the next block's header and data, checks its checksum, and starts its speculative inflate. */
  private async readBlock(): Promise<PendingBlock> {
    const index = this.block++;
    const where = this.where(index);
    const headLen = CFDATA_HEADER_SIZE + this.header.cbCFData;
    const head = await this.reader.peek(headLen);
    if (head.length < headLen) throw new ArchiveError('truncated', `${where}: header cut off`);
    const dv = new DataView(head.buffer, head.byteOffset, headLen);
    const csum = dv.getUint32(0, true);
    const cbData = dv.getUint16(4, true);
    const cbUncomp = dv.getUint16(6, true);
    if (cbData > CAB_MAX_BLOCK_INPUT || cbUncomp > CAB_BLOCK_SIZE) {
      throw new ArchiveError('corrupt', `${where}: block sizes ${cbData}/${cbUncomp} exceed the format`);
    }
    const whole = await this.reader.peek(headLen + cbData);
    if (whole.length < headLen + cbData) throw new ArchiveError('truncated', `${where}: data cut off`);
    const block: PendingBlock = { index, cbUncomp, data: Buffer.from(whole.subarray(headLen, headLen + cbData)) };
    if (csum !== 0) {
      const actual = cfdataChecksum(whole.subarray(4, 8), whole.subarray(8, headLen + cbData));
      if (actual !== csum) block.error = new ArchiveError('bad-checksum', `${where}: stored ${hex32(csum)}, computed ${hex32(actual)}`);
    }
    this.reader.skip(headLen + cbData);
    const d = block.data;
    if (!block.error && this.method === CAB_COMPRESSION.mszip && d.length >= 2 && d[0] === MSZIP_SIGNATURE_C && d[1] === MSZIP_SIGNATURE_K) {
      block.inflated = inflateNoHistory(d.subarray(2), cbUncomp);
    }
    return block;
  }

  async next(): Promise<Uint8Array | null> {
    while (this.ahead.length < READ_AHEAD && this.block < this.folder.cCFData) {
      try {
        this.ahead.push(await this.readBlock());
      } catch (e) {
        if (this.ahead.length === 0) throw e;
        break; // report it when its turn comes
      }
    }
    const b = this.ahead.shift();
    if (!b) return null;
    if (b.error) throw b.error;
    if (this.checksumsOnly) return new Uint8Array(0);
    const out = await this.decode(b);
    this.produced += out.length;
    this.onDecoded(out.length);
    return out;
  }

  private async decode(b: PendingBlock): Promise<Uint8Array> {
    const where = this.where(b.index);
    switch (this.method) {
      case CAB_COMPRESSION.none:
        if (b.data.length !== b.cbUncomp) throw new ArchiveError('corrupt', `${where}: stored block of ${b.data.length} bytes claims ${b.cbUncomp}`);
        return b.data;
      case CAB_COMPRESSION.mszip: {
        const fast = b.inflated ? await b.inflated : null;
        const out = fast ?? this.inflateWithHistory(b.data, b.cbUncomp, where);
        this.history = out.length >= HISTORY || !this.history ? out : Buffer.concat([this.history, out]).subarray(-HISTORY);
        return out;
      }
      default:
        throw new ArchiveError('unsupported-method', `${where}: compression type ${this.method}`);
    }
  }

  private inflateWithHistory(data: Uint8Array, cbUncomp: number, where: string): Buffer {
    if (data.length < 2 || data[0] !== MSZIP_SIGNATURE_C || data[1] !== MSZIP_SIGNATURE_K) {
      throw new ArchiveError('corrupt', `${where}: MSZIP block lacks its "CK" signature`);
    }
    let out: Buffer;
    try {
      out = zlib.inflateRawSync(data.subarray(2), {
        dictionary: this.history,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
        maxOutputLength: CAB_BLOCK_SIZE,
      });
    } catch (e) {
      throw new ArchiveError('corrupt', `${where}: deflate data invalid (${(e as Error).message})`, { cause: e });
    }
    if (out.length !== cbUncomp) throw new ArchiveError('corrupt', `${where}: inflated to ${out.length} bytes, header says ${cbUncomp}`);
    return out;
  }
}

