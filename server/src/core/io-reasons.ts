import type { Bilingual } from './types';

/** Why a path could not be read or written, from a Node error code when there is one. */
const IO_REASONS: Record<string, Bilingual> = {
  ENOENT: { 'zh-TW': '檔案不存在', en: 'no such file' },
  EACCES: { 'zh-TW': '沒有存取權限', en: 'permission denied' },
  EPERM: { 'zh-TW': '沒有存取權限', en: 'permission denied' },
  // Windows: a sharing violation (a file still being copied, an image open in a viewer that locks it).
  EBUSY: { 'zh-TW': '檔案正被其他程式開啟並鎖定，請先在該程式中關閉它', en: 'another program has the file open and locked; close it there first' },
  EISDIR: { 'zh-TW': '這是資料夾', en: 'it is a folder' },
  ELOOP: { 'zh-TW': '符號連結形成迴圈', en: 'symbolic link loop' },
  ENOTDIR: { 'zh-TW': '路徑中有一段不是資料夾', en: 'a part of the path is not a folder' },
  EMFILE: { 'zh-TW': '同時開啟的檔案太多', en: 'too many open files' },
  EIO: { 'zh-TW': '讀寫錯誤', en: 'input/output error' },
  NOT_REGULAR: { 'zh-TW': '不是一般檔案（例如具名管道或裝置）', en: 'not a regular file (e.g. a named pipe or a device)' },
  ENOSPC: { 'zh-TW': '磁碟空間不足', en: 'no space left on the disk' },
  EROFS: { 'zh-TW': '唯讀的檔案系統', en: 'a read-only file system' },
  NO_MATCH: { 'zh-TW': '沒有檔案符合此萬用字元', en: 'no file matches this wildcard pattern' },
  NO_CSV: { 'zh-TW': '資料夾內（含子資料夾）沒有 .csv 檔', en: 'the folder (and its subfolders) holds no .csv file' },
};

/** A CSV locked by another program is most often one open in Excel, which locks the files it opens. */
const CSV_REASONS: Record<string, Bilingual> = {
  EBUSY: { 'zh-TW': '檔案正被其他程式（例如 Excel）開啟並鎖定，請先在該程式中關閉它', en: 'another program (Excel, for one) has the file open and locked; close it there first' },
};

/** A file system error code in words, when it is one we know; `of: 'csv'` for a CSV's own. */
export function ioReason(code: string | undefined, of: 'file' | 'csv' = 'file'): Bilingual | undefined {
  if (!code) return undefined;
  if (of === 'csv' && Object.hasOwn(CSV_REASONS, code)) return CSV_REASONS[code];
  return Object.hasOwn(IO_REASONS, code) ? IO_REASONS[code] : undefined;
}

/** Why a file system call failed: its code in words when it is one we know, else the error's own text. */
export function ioFailure(e: unknown, of: 'file' | 'csv' = 'file'): Bilingual {
  const known = ioReason((e as NodeJS.ErrnoException | undefined)?.code, of);
  if (known) return known;
  const text = e instanceof Error ? e.message : String(e);
  return { 'zh-TW': text, en: text };
}
