import type { Bilingual } from '../types';
import { ioReason } from '../io-reasons';

/** Every way reading or writing an archive can fail, each with a bilingual message template. */
export type ArchiveErrorCode =
  | 'not-found'
  | 'io'
  | 'not-archive'
  | 'wrong-kind'
  | 'truncated'
  | 'corrupt'
  | 'bad-checksum'
  | 'crc-mismatch'
  | 'unsupported-method'
  | 'encrypted'
  | 'multi-volume'
  | 'limit-exceeded'
  | 'not-checked'
  | 'trailing-data'
  | 'too-large'
  | 'output-exists'
  | 'bad-input'
  | 'aborted';

/** `{detail}` in a template is replaced by the error's detail text. */
const MESSAGES: Record<ArchiveErrorCode, Bilingual> = {
  'not-found': { 'zh-TW': '找不到壓縮檔：{detail}', en: 'Archive not found: {detail}' },
  io: { 'zh-TW': '讀寫壓縮檔失敗：{detail}', en: 'Could not read or write the archive: {detail}' },
  'not-archive': { 'zh-TW': '不是 7z 或 CAB 壓縮檔：{detail}', en: 'Not a 7z or CAB archive: {detail}' },
  'wrong-kind': { 'zh-TW': '壓縮檔格式與副檔名不符：{detail}', en: 'The archive format does not match its extension: {detail}' },
  truncated: { 'zh-TW': '壓縮檔不完整（檔案被截斷）：{detail}', en: 'The archive is truncated: {detail}' },
  corrupt: { 'zh-TW': '壓縮檔已損壞：{detail}', en: 'The archive is corrupt: {detail}' },
  'bad-checksum': { 'zh-TW': 'CAB 資料區塊校驗和錯誤：{detail}', en: 'CAB data block checksum mismatch: {detail}' },
  'crc-mismatch': { 'zh-TW': '檔案 CRC 校驗錯誤：{detail}', en: 'CRC mismatch: {detail}' },
  'unsupported-method': { 'zh-TW': '不支援的壓縮方式：{detail}', en: 'Unsupported compression method: {detail}' },
  encrypted: { 'zh-TW': '壓縮檔已加密，健保署無法讀取：{detail}', en: 'The archive is encrypted; the NHI cannot read it: {detail}' },
  'multi-volume': { 'zh-TW': 'CAB 為多檔分割壓縮（跨多個 .CAB），每列只能對應單一壓縮檔：{detail}', en: 'The CAB is part of a multi-cabinet set; each row needs one self-contained archive: {detail}' },
  'limit-exceeded': { 'zh-TW': '解壓縮資料量超過上限（疑似壓縮炸彈）：{detail}', en: 'Decompressed size exceeds the limit (possible decompression bomb): {detail}' },
  'not-checked': { 'zh-TW': '未檢查：{detail}', en: 'Not checked: {detail}' },
  'trailing-data': { 'zh-TW': '壓縮檔結尾之後還有資料：{detail}', en: 'Data after the end of the archive: {detail}' },
  'too-large': { 'zh-TW': '超過格式大小上限：{detail}', en: 'Exceeds the format size limit: {detail}' },
  'output-exists': { 'zh-TW': '輸出檔已存在，不覆寫：{detail}', en: 'The output file already exists and is not overwritten: {detail}' },
  'bad-input': { 'zh-TW': '無法打包：{detail}', en: 'Cannot pack: {detail}' },
  aborted: { 'zh-TW': '已取消：{detail}', en: 'Cancelled: {detail}' },
};

/** A typed archive failure; `message` is the English text, `bilingual` carries both languages. */
export class ArchiveError extends Error {
  readonly code: ArchiveErrorCode;
  readonly detail: string;
  readonly bilingual: Bilingual;

  /** `detail`: one text for both languages (paths, numbers), or a text in each. */
  constructor(code: ArchiveErrorCode, detail: string | Bilingual, options?: { cause?: unknown }) {
    const template = MESSAGES[code];
    const said: Bilingual = typeof detail === 'string' ? { 'zh-TW': detail, en: detail } : detail;
    const bilingual: Bilingual = {
      'zh-TW': template['zh-TW'].replace('{detail}', said['zh-TW']),
      en: template.en.replace('{detail}', said.en),
    };
    super(bilingual.en, options);
    this.name = 'ArchiveError';
    this.code = code;
    this.detail = said.en;
    this.bilingual = bilingual;
  }
}

/**
 * Packing stopped because the archive was about to pass `limit` bytes (SevenZipWriteOptions.maxBytes): `reached` is the
 * size its next write would have given it, after `sourceBytesDone` of `sourceBytes` bytes of files were read (as 7-Zip
 * reports its progress, in whole percent). Nothing is left of the archive.
 */
export class ArchiveLimitError extends ArchiveError {
  constructor(
    readonly path: string,
    readonly limit: number,
    readonly reached: number,
    readonly sourceBytesDone: number,
    readonly sourceBytes: number,
  ) {
    super('too-large', { 'zh-TW': `${path}：超過 ${limit} 位元組`, en: `${path}: more than ${limit} bytes` });
    this.name = 'ArchiveLimitError';
  }
}

export function archiveMessage(code: ArchiveErrorCode, detail: string | Bilingual): Bilingual {
  return new ArchiveError(code, detail).bilingual;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ArchiveError('aborted', { 'zh-TW': '作業已取消', en: 'operation cancelled' });
}

/**
 * Wraps any thrown value (Node fs errors, strings, objects) into an ArchiveError. `path` is an archive's, or with
 * `of: 'source'` a file being packed, whose failures are said as such (not "archive not found").
 */
export function toArchiveError(e: unknown, path: string, of: 'archive' | 'source' = 'archive'): ArchiveError {
  if (e instanceof ArchiveError) return e;
  const code = (e as { code?: unknown })?.code;
  if (code === 'ABORT_ERR' || (e as { name?: unknown })?.name === 'AbortError') {
    return new ArchiveError('aborted', path, { cause: e });
  }
  if (code === 'ENOENT' && of === 'archive') return new ArchiveError('not-found', path, { cause: e });
  const kind = of === 'source' ? 'bad-input' : 'io';
  const reason = ioReason(typeof code === 'string' ? code : undefined);
  if (reason) return new ArchiveError(kind, { 'zh-TW': `${path}：${reason['zh-TW']}`, en: `${path}: ${reason.en}` }, { cause: e });
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  return new ArchiveError(kind, `${path}: ${text}`, { cause: e });
}
