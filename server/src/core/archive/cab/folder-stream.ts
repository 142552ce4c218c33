import type { Bilingual } from '../../types';
import { bi } from '../../i18n';
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
    /** Check block checksums only, decoding nothing (for LZX folders, decoded elsewhere). */
    private readonly checksumsOnly = false,
  ) {
    // To the end of the file, not of cbCabinet: cabextract and 7-Zip read the blocks where they are, a header that
    // undercounts the cabinet's bytes notwithstanding (their checksums still judge the data).
    this.reader = new RangeReader(source, folder.coffCabStart, source.size, 1 << 20);
  }

  get method(): number {
    return this.folder.typeCompress & 0x0f;
  }

  private where(index: number): Bilingual {
    return bi(`CAB 資料夾 ${this.folder.index} 的區塊 ${index}`, `CAB folder ${this.folder.index}, block ${index}`);
  }

  /** Reads the next block's header and data and checks its checksum; the view is valid until the next read. */
  private async readBlock(): Promise<{ index: number; cbUncomp: number; data: Uint8Array }> {
    const index = this.block++;
    const where = this.where(index);
    const headLen = CFDATA_HEADER_SIZE + this.header.cbCFData;
    const head = await this.reader.peek(headLen);
    if (head.length < headLen) throw new ArchiveError('truncated', bi(`${where['zh-TW']}：區塊檔頭被截斷`, `${where.en}: header cut off`));
    const dv = new DataView(head.buffer, head.byteOffset, headLen);
    const csum = dv.getUint32(0, true);
    const cbData = dv.getUint16(4, true);
    const cbUncomp = dv.getUint16(6, true);
    if (cbData > CAB_MAX_BLOCK_INPUT || cbUncomp > CAB_BLOCK_SIZE) {
      throw new ArchiveError('corrupt', bi(`${where['zh-TW']}：區塊大小 ${cbData}/${cbUncomp} 超出格式上限`, `${where.en}: block sizes ${cbData}/${cbUncomp} exceed the format`));
    }
    const whole = await this.reader.peek(headLen + cbData);
    if (whole.length < headLen + cbData) throw new ArchiveError('truncated', bi(`${where['zh-TW']}：資料被截斷`, `${where.en}: data cut off`));
    if (csum !== 0) {
      const actual = cfdataChecksum(whole.subarray(4, 8), whole.subarray(8, headLen + cbData));
      // With reserved bytes in each block, cabinet readers disagree on whether the checksum covers them: MS-CAB's
      // text and 7-Zip say it does, libmspack (cabextract) that it does not. Either is accepted.
      const withoutReserve = () => cfdataChecksum(whole.subarray(4, 8), whole.subarray(headLen, headLen + cbData));
      if (actual !== csum && (this.header.cbCFData === 0 || withoutReserve() !== csum)) {
        throw new ArchiveError('bad-checksum', bi(`${where['zh-TW']}：記載的檢查碼為 ${hex32(csum)}，計算出 ${hex32(actual)}`, `${where.en}: stored ${hex32(csum)}, computed ${hex32(actual)}`));
      }
    }
    this.reader.skip(headLen + cbData);
    return { index, cbUncomp, data: whole.subarray(headLen, headLen + cbData) };
  }

  async next(): Promise<Uint8Array | null> {
    if (this.block >= this.folder.cCFData) return null;
    const b = await this.readBlock();
    if (this.checksumsOnly) return new Uint8Array(0);
    const out = this.decode(b.data, b.cbUncomp, this.where(b.index));
    this.produced += out.length;
    this.blocksDecoded++;
    this.onDecoded(out.length);
    return out;
  }

  /** Blocks decoded so far (tests count them to check that a folder is decoded once). */
  blocksDecoded = 0;

  private decode(data: Uint8Array, cbUncomp: number, where: Bilingual): Uint8Array {
    switch (this.method) {
      case CAB_COMPRESSION.none:
        if (data.length !== cbUncomp) throw new ArchiveError('corrupt', bi(`${where['zh-TW']}：未壓縮區塊有 ${data.length} 位元組，檔頭卻記載 ${cbUncomp}`, `${where.en}: stored block of ${data.length} bytes claims ${cbUncomp}`));
        return data;
      case CAB_COMPRESSION.mszip: {
        const out = this.inflate(data, cbUncomp, where);
        this.history = out.length >= HISTORY || !this.history ? out : Buffer.concat([this.history, out]).subarray(-HISTORY);
        return out;
      }
      default:
        throw new ArchiveError('unsupported-method', bi(`${where['zh-TW']}：壓縮類型 ${this.method}`, `${where.en}: compression type ${this.method}`));
    }
  }

  private inflate(data: Uint8Array, cbUncomp: number, where: Bilingual): Buffer {
    if (data.length < 2 || data[0] !== MSZIP_SIGNATURE_C || data[1] !== MSZIP_SIGNATURE_K) {
      throw new ArchiveError('corrupt', bi(`${where['zh-TW']}：MSZIP 區塊缺少「CK」簽章`, `${where.en}: MSZIP block lacks its "CK" signature`));
    }
    let out: Buffer;
    try {
      out = zlib.inflateRawSync(data.subarray(2), {
        dictionary: this.history,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
        chunkSize: Math.max(cbUncomp, 64),
        maxOutputLength: CAB_BLOCK_SIZE,
      });
    } catch (e) {
      throw new ArchiveError('corrupt', bi(`${where['zh-TW']}：deflate 資料無效（${(e as Error).message}）`, `${where.en}: deflate data invalid (${(e as Error).message})`), { cause: e });
    }
    if (out.length !== cbUncomp) throw new ArchiveError('corrupt', bi(`${where['zh-TW']}：解壓後為 ${out.length} 位元組，檔頭記載 ${cbUncomp}`, `${where.en}: inflated to ${out.length} bytes, header says ${cbUncomp}`));
    return out;
  }
}
