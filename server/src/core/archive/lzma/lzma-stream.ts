import type { Bilingual } from '../../types';
import { bi } from '../../i18n';
import { ArchiveError } from '../errors';
import { RangeReader, type ByteSource } from '../file-source';
import type { ChunkProducer } from '../cursor';
import { LzmaDecoder, parsePropsByte, StepResult } from './lzma-decoder';
import { reserveWindow } from '../window-budget';

/** Input slack: the longest LZMA symbol reads well under this many bytes. */
const SLACK = 64;
const LZMA2_MAX_CHUNK_INPUT = 6 + 65536;

export function lzmaDictionarySize(props: Uint8Array): number {
  if (props.length < 5) throw new ArchiveError('corrupt', bi('LZMA 編碼器屬性短於 5 位元組', 'LZMA coder properties are shorter than 5 bytes'));
  return Math.max(4096, (props[1] | (props[2] << 8) | (props[3] << 16) | (props[4] << 24)) >>> 0);
}

export function lzma2DictionarySize(props: Uint8Array): number {
  const b = props[0] ?? 0xff;
  if (b > 40) throw new ArchiveError('corrupt', bi(`LZMA2 字典屬性 ${b} 無效`, `LZMA2 dictionary property ${b} is invalid`));
  return b === 40 ? 0xffffffff : (2 | (b & 1)) * 2 ** ((b >>> 1) + 11);
}

interface StreamSpec {
  source: ByteSource;
  packOffset: number;
  packSize: number;
  unpackSize: number;
  props: Uint8Array;
  /** Largest window we agree to allocate. */
  maxWindow: number;
  onDecoded: (n: number) => void;
  what: Bilingual;
}

/** A detail about `what`: 「what：zh」 / "what: en". */
function about(what: Bilingual, zh: string, en: string): Bilingual {
  return bi(`${what['zh-TW']}：${zh}`, `${what.en}: ${en}`);
}

function windowFor(dict: number, spec: StreamSpec): number {
  const size = Math.max(1, Math.min(dict, spec.unpackSize));
  if (size > spec.maxWindow) {
    throw new ArchiveError('limit-exceeded', about(spec.what, `LZMA 字典 ${dict} 位元組超過上限 ${spec.maxWindow} 位元組`, `LZMA dictionary of ${dict} bytes exceeds the ${spec.maxWindow}-byte cap`));
  }
  reserveWindow(size);
  return size;
}

/** Decodes an LZMA (7z coder 030101) packed stream into its known unpacked size. */
export class LzmaStream implements ChunkProducer {
  private readonly input: RangeReader;
  private readonly dec: LzmaDecoder;
  private left: number;
  private started = false;
  /** The end was judged (finish). */
  private ended = false;

  constructor(private readonly spec: StreamSpec) {
    this.input = new RangeReader(spec.source, spec.packOffset, spec.packOffset + spec.packSize, 1 << 20);
    this.dec = new LzmaDecoder(windowFor(lzmaDictionarySize(spec.props), spec));
    this.dec.setProps(parsePropsByte(spec.props[0]));
    this.dec.resetState();
    this.left = spec.unpackSize;
  }

  async next(): Promise<Uint8Array | null> {
    if (this.left <= 0) {
      if (!this.ended) {
        this.ended = true;
        await this.finish();
      }
      return null;
    }
    for (;;) {
      const atEnd = await this.fill();
      const start = this.dec.wpos;
      const { result, produced } = this.dec.decode(this.left);
      if (this.dec.inPos > this.dec.input.length) throw this.endsEarly();
      this.input.skip(this.dec.inPos);
      this.left -= produced;
      if (result === StepResult.EndMarker && this.left > 0) {
        throw new ArchiveError('truncated', about(this.spec.what, `LZMA 結束標記比宣告的大小早了 ${this.left} 位元組`, `LZMA end marker ${this.left} bytes before the declared size`));
      }
      if (produced > 0) {
        this.spec.onDecoded(produced);
        return this.dec.window.subarray(start, start + produced);
      }
      if (result === StepResult.NeedInput && atEnd) throw this.endsEarly();
    }
  }

  /** Points the decoder at the packed data from the read position on; true when that is all there is left. */
  private async fill(): Promise<boolean> {
    const view = await this.input.peek(1 << 20);
    const atEnd = this.input.remaining === view.length;
    this.dec.input = view;
    this.dec.inPos = 0;
    if (!this.started) {
      if (view.length < 5) throw new ArchiveError('truncated', about(this.spec.what, `LZMA 資料流短於 5 位元組`, `LZMA stream shorter than 5 bytes`));
      this.dec.initRange();
      this.started = true;
    }
    this.dec.inSafe = atEnd ? view.length + SLACK : view.length - SLACK;
    return atEnd;
  }

  /**
   * After the declared size, the end 7-Zip tests: the range coder back at zero, past an end marker when the encoder
   * wrote one (7zz -m0=LZMA:eos). A bit flipped in the last bytes can leave every file whole and their CRCs right.
   */
  private async finish(): Promise<void> {
    if (!this.started || this.dec.finishedCleanly) return;
    let endMarker = false;
    try {
      for (;;) {
        const atEnd = await this.fill();
        const { result, produced } = this.dec.decode(1);
        if (produced > 0 || this.dec.inPos > this.dec.input.length) break;
        this.input.skip(this.dec.inPos);
        endMarker = result === StepResult.EndMarker;
        if (result !== StepResult.NeedInput || atEnd) break;
      }
    } catch (e) {
      if (!(e instanceof ArchiveError) || e.code === 'aborted') throw e;
    }
    // Whatever follows the data, if not an end marker and then zero: the end is damaged, the data may be whole.
    if (!endMarker || !this.dec.finishedCleanly) throw notClean(this.spec.what, bi('LZMA 資料', 'LZMA data'));
  }

  private endsEarly(): ArchiveError {
    return new ArchiveError('truncated', about(this.spec.what, 'LZMA 資料提早結束', 'LZMA data ends early'));
  }
}

/** LZMA data or an LZMA2 chunk whose end 7-Zip rejects ("Data Error"), though what it decoded may all be there. */
function notClean(what: Bilingual, data: Bilingual): ArchiveError {
  return new ArchiveError('corrupt', about(
    what,
    `${data['zh-TW']}的結尾不完整（範圍解碼器未回到零），7-Zip 回報資料錯誤`,
    `${data.en} does not end cleanly (its range decoder does not finish at zero), which 7-Zip reports as a data error`,
  ));
}

/** Decodes an LZMA2 (7z coder 21) packed stream: chunks of stored or LZMA data. */
export class Lzma2Stream implements ChunkProducer {
  private readonly input: RangeReader;
  private readonly dec: LzmaDecoder;
  private left: number;
  /** Bytes still to come from the current chunk; its kind. */
  private chunkLeft = 0;
  private chunkLzma = false;
  private chunkPack = 0;
  private ended = false;
  private needProps = true;
  /**
   * A chunk that did not end cleanly: said at the end of the data (its next chunk starts afresh), so that reading the
   * files goes on and their CRCs judge them, and the damage is the block's, as 7-Zip reports it.
   */
  private damage: ArchiveError | undefined;

  constructor(private readonly spec: StreamSpec) {
    this.input = new RangeReader(spec.source, spec.packOffset, spec.packOffset + spec.packSize, 1 << 20);
    this.dec = new LzmaDecoder(windowFor(lzma2DictionarySize(spec.props), spec));
    this.left = spec.unpackSize;
  }

  private async startChunk(): Promise<void> {
    const head = await this.input.peek(6);
    if (head.length < 1) throw new ArchiveError('truncated', about(this.spec.what, `LZMA2 資料在結束標記之前就結束`, `LZMA2 data ends before its end marker`));
    const control = head[0];
    if (control === 0) {
      this.input.skip(1);
      this.ended = true;
      return;
    }
    if (control === 1 || control === 2) {
      if (head.length < 3) throw new ArchiveError('truncated', about(this.spec.what, 'LZMA2 區塊檔頭', 'LZMA2 chunk header'));
      const size = ((head[1] << 8) | head[2]) + 1;
      this.input.skip(3);
      if (control === 1) this.dec.resetDictionary();
      const data = await this.input.peek(size);
      if (data.length < size) throw new ArchiveError('truncated', about(this.spec.what, `LZMA2 未壓縮區塊`, `LZMA2 stored chunk`));
      this.chunkLeft = size;
      this.chunkPack = size;
      this.chunkLzma = false;
      this.dec.input = data;
      this.dec.inPos = 0;
      return;
    }
    if (control < 0x80) throw new ArchiveError('corrupt', about(this.spec.what, `LZMA2 控制位元組 ${control}`, `LZMA2 control byte ${control}`));
    const mode = (control >>> 5) & 3;
    const hasProps = mode >= 2;
    const headLen = hasProps ? 6 : 5;
    if (head.length < headLen) throw new ArchiveError('truncated', about(this.spec.what, 'LZMA2 區塊檔頭', 'LZMA2 chunk header'));
    const unpack = (control & 0x1f) * 65536 + ((head[1] << 8) | head[2]) + 1;
    const pack = ((head[3] << 8) | head[4]) + 1;
    if (mode === 3) this.dec.resetDictionary();
    if (hasProps) {
      const props = parsePropsByte(head[5]);
      if (props.lc + props.lp > 4) throw new ArchiveError('corrupt', about(this.spec.what, `LZMA2 lc+lp > 4`, `LZMA2 lc+lp > 4`));
      this.dec.setProps(props);
      this.needProps = false;
    } else if (this.needProps) {
      throw new ArchiveError('corrupt', about(this.spec.what, `LZMA2 區塊沒有屬性`, `LZMA2 chunk without properties`));
    }
    if (mode >= 1) this.dec.resetState();
    this.input.skip(headLen);
    const data = await this.input.peek(pack);
    if (data.length < pack) throw new ArchiveError('truncated', about(this.spec.what, `LZMA2 區塊資料`, `LZMA2 chunk data`));
    this.chunkPack = pack;
    this.chunkLeft = unpack;
    this.chunkLzma = true;
    this.dec.input = data;
    this.dec.inPos = 0;
    this.dec.inSafe = pack + LZMA2_MAX_CHUNK_INPUT;
    this.dec.initRange();
  }

  /** After the declared size, the end marker (control byte 0); anything else 7-Zip reports as a data error. */
  private async endMarker(): Promise<void> {
    const head = this.chunkLeft === 0 ? await this.input.peek(1) : undefined;
    if (head?.length === 0) throw new ArchiveError('truncated', about(this.spec.what, `LZMA2 資料在結束標記之前就結束`, `LZMA2 data ends before its end marker`));
    if (head?.[0] !== 0) {
      throw new ArchiveError('corrupt', about(this.spec.what, 'LZMA2 資料在宣告的大小之後沒有結束標記', 'LZMA2 data does not close with its end marker after its declared size'));
    }
    this.input.skip(1);
    this.ended = true;
  }

  async next(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.left <= 0) {
        if (!this.ended) await this.endMarker();
        if (this.damage) throw this.damage;
        return null;
      }
      if (this.chunkLeft === 0) {
        if (this.ended) throw new ArchiveError('truncated', about(this.spec.what, `LZMA2 結束標記提早了 ${this.left} 位元組`, `LZMA2 end marker ${this.left} bytes early`));
        await this.startChunk();
        continue;
      }
      const start = this.dec.wpos;
      const want = Math.min(this.chunkLeft, this.left);
      let produced: number;
      if (this.chunkLzma) {
        const step = this.dec.decode(want);
        produced = step.produced;
        if (step.result === StepResult.EndMarker) throw new ArchiveError('corrupt', about(this.spec.what, `LZMA2 區塊內出現結束標記`, `end marker inside an LZMA2 chunk`));
        if (this.dec.inPos > this.chunkPack) throw new ArchiveError('corrupt', about(this.spec.what, `LZMA2 區塊讀過了其壓縮大小`, `LZMA2 chunk reads past its packed size`));
      } else {
        produced = Math.min(want, this.dec.window.length - this.dec.wpos);
        this.dec.copyStored(produced);
        if (this.dec.wpos === this.dec.window.length) this.dec.wpos = 0;
      }
      this.chunkLeft -= produced;
      this.left -= produced;
      if (this.chunkLeft === 0) {
        if (this.chunkLzma && !this.damage && (this.dec.inPos !== this.chunkPack || !this.dec.finishedCleanly)) this.damage = notClean(this.spec.what, bi('LZMA2 區塊', 'an LZMA2 chunk'));
        this.input.skip(this.chunkPack);
      }
      if (produced > 0) {
        this.spec.onDecoded(produced);
        return this.dec.window.subarray(start, start + produced);
      }
      if (this.chunkLeft > 0 && this.chunkLzma) throw new ArchiveError('corrupt', about(this.spec.what, `LZMA2 區塊無法繼續解碼`, `LZMA2 chunk makes no progress`));
    }
  }
}
