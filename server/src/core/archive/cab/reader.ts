import { bi } from '../../i18n';
import { ArchiveError, archiveMessage } from '../errors';
import type { FileSource } from '../file-source';
import type { ChunkProducer } from '../cursor';
import { FolderedReader, type EntryLocation } from '../foldered-reader';
import { StreamCursor } from '../cursor';
import { toArchiveError } from '../errors';
import type { ArchiveEntry, ArchiveLimits, EntryMethod, VerifyOptions, VerifyResult } from '../types';
import { CabFolderStream } from './folder-stream';
import { trailingDataNotice } from '../trailing-data';
import { DER_SEQUENCE } from './signature';
import {
  CAB_COMPRESSION,
  CFDATA_HEADER_SIZE,
  CFFILE_FIXED_SIZE,
  CONTINUED_FOLDER,
  dosDateTimeToMs,
  parseCabFiles,
  parseCabFolders,
  parseCabHeader,
  type CabFolder,
  type CabHeader,
} from './format';

const METHOD_BY_TYPE: Record<number, EntryMethod> = {
  [CAB_COMPRESSION.none]: 'none',
  [CAB_COMPRESSION.mszip]: 'mszip',
  [CAB_COMPRESSION.quantum]: 'quantum',
  [CAB_COMPRESSION.lzx]: 'lzx',
};

/** Decodes a folder whose method we do not decode in JS (LZX); provided by the WebAssembly 7-Zip fallback. */
export type ForeignFolderOpener = (path: string, entry: ArchiveEntry, wanted?: number) => AsyncGenerator<Uint8Array>;

/**
 * Where a cabinet ends: at cbCabinet, or past it where its data blocks run further (some writers undercount it, and
 * readers take the blocks where they are: folder-stream.ts). Undefined when a block header lies past the end of the
 * file, a cut the full check names. Walks the block headers only of a file longer than cbCabinet.
 */
function cabinetEnd(source: FileSource, header: CabHeader, folders: readonly CabFolder[]): number | undefined {
  let end = header.cbCabinet;
  // The blocks of a cabinet's folders do not overlap: more headers than fit in the file is a crafted one, not walked.
  let budget = Math.floor(source.size / CFDATA_HEADER_SIZE);
  for (const f of folders) {
    let at = f.coffCabStart;
    for (let block = 0; block < f.cCFData; block++) {
      if (at + CFDATA_HEADER_SIZE > source.size || --budget < 0) return undefined;
      const head = source.readExactSync(at, CFDATA_HEADER_SIZE, bi('CAB 資料區塊檔頭', 'CAB data block header'));
      at += CFDATA_HEADER_SIZE + header.cbCFData + (head[4] | (head[5] << 8));
    }
    end = Math.max(end, at);
  }
  return end;
}

/** Reads Microsoft cabinets: none and MSZIP in JS, LZX through a fallback, Quantum refused. */
export class CabReader extends FolderedReader {
  readonly kind = 'cab' as const;

  private constructor(
    source: FileSource,
    limits: ArchiveLimits,
    list: ArchiveEntry[],
    locations: Array<EntryLocation | null>,
    private readonly header: CabHeader,
    private readonly folders: CabFolder[],
    private readonly foreign: ForeignFolderOpener | undefined,
  ) {
    super(source, limits, list, locations);
    if (header.prevCabinet !== null || header.nextCabinet !== null) {
      const names = [header.prevCabinet, header.nextCabinet].filter((n) => n !== null).join(', ');
      this.notices.push({ code: 'multi-volume', message: archiveMessage('multi-volume', `${source.path} → ${names}`) });
    }
    for (const f of folders) {
      const method = METHOD_BY_TYPE[f.typeCompress & 0x0f];
      if (method === undefined || method === 'quantum' || (method === 'lzx' && !foreign)) {
        this.notices.push({
          code: 'unsupported-method',
          message: archiveMessage('unsupported-method', `CAB folder ${f.index}: ${method ?? `type ${f.typeCompress & 0x0f}`}`),
        });
      }
    }
  }

  static async open(source: FileSource, limits: ArchiveLimits, foreign?: ForeignFolderOpener): Promise<CabReader> {
    const headLen = Math.min(source.size, 65536);
    const head = source.readExactSync(0, headLen, bi('CAB 檔頭', 'CAB header'));
    const header = parseCabHeader(head, source.size);
    if (header.cFiles > limits.maxEntries) throw new ArchiveError('limit-exceeded', bi(`${header.cFiles} 個項目`, `${header.cFiles} entries`));
    const folders = parseCabFolders(head, header);
    const tableLen = Math.min(header.cbCabinet - header.coffFiles, header.cFiles * (CFFILE_FIXED_SIZE + 257));
    const table = source.readExactSync(header.coffFiles, tableLen, bi('CAB 檔案表', 'CAB file table'));
    const files = parseCabFiles(table, header.cFiles);
    const list: ArchiveEntry[] = [];
    const locations: Array<EntryLocation | null> = [];
    files.forEach((f, index) => {
      const continued = f.iFolder >= CONTINUED_FOLDER.fromPrev;
      const folder = continued ? undefined : folders[f.iFolder];
      if (!continued && !folder) throw new ArchiveError('corrupt', bi(`CAB 檔案 ${f.rawName} 指向資料夾 ${f.iFolder}，但只有 ${folders.length} 個資料夾`, `CAB file ${f.rawName} names folder ${f.iFolder} of ${folders.length}`));
      list.push({
        index,
        name: f.rawName.replace(/\\/g, '/'),
        rawName: f.rawName,
        size: f.cbFile,
        packedSize: folder && (folder.typeCompress & 0x0f) === CAB_COMPRESSION.none ? f.cbFile : null,
        crc32: null,
        isDirectory: false,
        isSymlink: false,
        attributes: f.attribs,
        encrypted: false,
        method: folder ? (METHOD_BY_TYPE[folder.typeCompress & 0x0f] ?? 'other') : 'other',
        mtime: dosDateTimeToMs(f.date, f.time),
      });
      locations.push(continued ? null : { folder: f.iFolder, offset: f.uoffFolderStart });
    });
    const reader = new CabReader(source, limits, list, locations, header, folders, foreign);
    const end = source.size > header.cbCabinet ? cabinetEnd(source, header, folders) : undefined;
    const signature = header.signature;
    // A signature is part of the file only where the reserve puts it right after the cabinet, and only so far as it goes;
    // and only a PKCS#7 blob, whose DER starts with a SEQUENCE (30H): a reserve naming a second cabinet or 7z archive
    // appended there ("MSCF", "7z") hides no files.
    const signed = end !== undefined && signature !== undefined && signature.offset === end && end + signature.length <= source.size
      && source.readExactSync(end, 1, bi('CAB 的 Authenticode 簽章', 'the CAB Authenticode signature'))[0] === DER_SEQUENCE;
    const trailing = end === undefined ? undefined : trailingDataNotice(source, signed ? end + signature.length : end, 'cab', signed);
    if (trailing) reader.notices.push(trailing);
    return reader;
  }

  /** Also checks the block checksums of LZX folders, whose content 7-Zip (WebAssembly) decodes. */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const result = await super.verify(options);
    for (const f of this.folders) {
      if (!this.isDirectFolder(f.index)) continue;
      try {
        const stream = new CabFolderStream(this.source, this.header, f, () => undefined, true);
        await new StreamCursor(stream, bi(`${this.path} 資料夾 ${f.index}`, `${this.path} folder ${f.index}`)).drain(options.signal);
      } catch (e) {
        const error = toArchiveError(e, this.path);
        if (error.code === 'aborted') throw error;
        result.problems.push({ entry: null, error });
        result.ok = false;
      }
    }
    return result;
  }

  protected folderCount(): number {
    return this.folders.length;
  }

  protected checkReadable(entry: ArchiveEntry): void {
    if (this.locations[entry.index] === null && entry.size > 0) {
      throw new ArchiveError('multi-volume', bi(`${entry.name} 接續在另一個 CAB 壓縮檔中`, `${entry.name} continues in another cabinet`));
    }
    if (entry.method === 'quantum' || entry.method === 'other') {
      throw new ArchiveError('unsupported-method', `${entry.name}: ${entry.method}`);
    }
    if (entry.method === 'lzx' && !this.foreign) throw new ArchiveError('unsupported-method', `${entry.name}: LZX`);
  }

  protected directStream(entry: ArchiveEntry, _signal?: AbortSignal, wanted?: number): AsyncGenerator<Uint8Array> | undefined {
    if (entry.method === 'lzx' && this.foreign) return this.countDecoded(this.foreign(this.path, entry, wanted));
    return undefined;
  }

  protected isDirectFolder(folder: number): boolean {
    return (this.folders[folder].typeCompress & 0x0f) === CAB_COMPRESSION.lzx && this.foreign !== undefined;
  }

  protected isForeignFolder(folder: number): boolean {
    return this.isDirectFolder(folder);
  }

  private async *countDecoded(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const c of chunks) {
      this.budget.spend(c.length);
      yield c;
    }
  }

  protected openFolder(folder: number): ChunkProducer {
    return new CabFolderStream(this.source, this.header, this.folders[folder], (n) => this.budget.spend(n));
  }
}
