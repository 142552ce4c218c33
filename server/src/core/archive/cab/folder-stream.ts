import * as zlib from 'node:zlib';
import { ArchiveError } from '../errors';
import { RangeReader, type FileSource } from '../file-source';
import type { ChunkProducer } from '../cursor';
import { cfdataChecksum } from './checksum';
import { CAB_BLOCK_SIZE, CAB_COMPRESSION, CAB_MAX_BLOCK_INPUT, CFDATA_HEADER_SIZE, type CabFolder, type CabHeader } from './format';

const MSZIP_SIGNATURE_C = 0x43;
const MSZIP_SIGNATURE_K = 0x4b;
const HISTORY = 32768;

/** Decodes one CAB folder block by block (checksum first, then none or MSZIP). */
export class CabFolderStream implements ChunkProducer {
  private readonly reader: RangeReader;
  private block = 0;
  private history: Buffer | undefined;
  /** Decoded bytes produced so far. */
  produced = 0;

  constructor(
    source: FileSource,
    private readonly header: CabHeader,
    private readonly folder: CabFolder,
    private readonly onDecoded: (n: number) => void,
  ) {
    this.reader = new RangeReader(source, folder.coffCabStart, header.cbCabinet, 1 << 20);
  }

  get method(): number {
    return this.folder.typeCompress & 0x0f;
  }

  async next(): Promise<Uint8Array | null> {
    if (this.block >= this.folder.cCFData) return null;
    const where = `CAB folder ${this.folder.index}, block ${this.block}`;
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
    if (csum !== 0) {
      const actual = cfdataChecksum(whole.subarray(4, 8), whole.subarray(8, headLen + cbData));
      if (actual !== csum) {
        throw new ArchiveError('bad-checksum', `${where}: stored ${hex(csum)}, computed ${hex(actual)}`);
      }
    }
    const data = whole.subarray(headLen, headLen + cbData);
    const out = this.decode(data, cbUncomp, where);
    this.reader.skip(headLen + cbData);
    this.block++;
    this.produced += out.length;
    this.onDecoded(out.length);
    return out;
  }

  private decode(data: Uint8Array, cbUncomp: number, where: string): Uint8Array {
    switch (this.method) {
      case CAB_COMPRESSION.none:
        if (data.length !== cbUncomp) throw new ArchiveError('corrupt', `${where}: stored block of ${data.length} bytes claims ${cbUncomp}`);
        return data;
      case CAB_COMPRESSION.mszip:
        return this.inflateMszip(data, cbUncomp, where);
      default:
        throw new ArchiveError('unsupported-method', `${where}: compression type ${this.method}`);
    }
  }

  private inflateMszip(data: Uint8Array, cbUncomp: number, where: string): Uint8Array {
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
    this.history = out.length >= HISTORY || !this.history ? out : Buffer.concat([this.history, out]).subarray(-HISTORY);
    return out;
  }
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}
