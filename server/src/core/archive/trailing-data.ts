/**
 * Bytes after the end of an archive: 7-Zip tests such a file as good but warns "There are data after the end of
 * archive", and unpacks nothing of them. Most often a second archive was appended to the first (`cat a.7z b.7z`),
 * whose files neither 7-Zip nor the NHI would see.
 */
import { bi } from '../i18n';
import { archiveMessage } from './errors';
import { detectArchiveKind, DETECT_BYTES } from './detect';
import type { FileSource } from './file-source';
import type { ArchiveNotice } from './types';

/**
 * The notice of the bytes of `source` after `end`, where its archive ends (`signed`: a cabinet's Authenticode
 * signature included); undefined when none follow.
 */
export function trailingDataNotice(source: FileSource, end: number, kind: '7z' | 'cab', signed = false): ArchiveNotice | undefined {
  const extra = source.size - end;
  if (end < 0 || extra <= 0) return undefined;
  const head = source.readExactSync(end, Math.min(DETECT_BYTES, extra), bi('壓縮檔結尾之後的資料', 'the data after the end of the archive'));
  const name = kind === 'cab' ? 'CAB' : '7z';
  const said = bi(
    `${name} 壓縮檔${signed ? '連同其 Authenticode 簽章' : ''}在前 ${end.toLocaleString('en-US')} 位元組結束，其後還有 ${extra.toLocaleString('en-US')} 位元組`,
    `the ${name} archive ${signed ? 'and its Authenticode signature end' : 'ends'} after ${end.toLocaleString('en-US')} bytes, and ${extra.toLocaleString('en-US')} more ${extra === 1 ? 'byte follows' : 'bytes follow'}`,
  );
  const appended = detectArchiveKind(head);
  if (appended === '7z' || appended === 'cab') {
    const other = appended === 'cab' ? 'CAB' : '7z';
    said['zh-TW'] += `，是接在後面的另一個 ${other} 壓縮檔，其中的檔案 7-Zip 不會解出`;
    said.en += `: a second ${other} archive appended to it, whose files 7-Zip does not unpack`;
  } else {
    said['zh-TW'] += '，7-Zip 解壓時不會讀取';
    said.en += ', which 7-Zip does not read';
  }
  return { code: 'trailing-data', message: archiveMessage('trailing-data', said) };
}
