/**
 * The check of one archive file, independent of the CSV row: the size rule, the kind by magic bytes,
 * then its content (images/inspect.ts). Runs in the calling thread or in a worker of the check pool
 * (check-pool.ts); what it returns is plain data, so it crosses a worker boundary by structured clone.
 */
import { readlinkSync, statSync } from 'node:fs';
import { bi } from '../i18n';
import { ioFailure } from '../io-reasons';
import type { Bilingual } from '../types';
import { sizeText } from '../byte-sizes';
import { inspectArchive } from '../images/inspect';
import type { ArchiveLayout, CheckMode, ImageFact } from '../images/inspect';
import { IssueList } from '../images/issues';
import type { IssueRecord } from '../images/issues';
import { BUILD_AS_NAMED, PUT_THE_ARCHIVE_THERE, READ_AND_CHECK_AGAIN, EXPORT_SMALLER, STAY_UNDER_DECIMAL_LIMIT } from '../images/advice';
import { detectArchiveKindOfFile, openArchive } from './open';
import { kindFromFileName } from './detect';
import { ArchiveError } from './errors';
import { addArchiveError } from './rules';
import type { ArchiveKind, ArchiveReader, OpenOptions } from './types';

/** Over this an archive is rejected (4.5 GiB). */
export const ARCHIVE_SIZE_LIMIT = 4.5 * 1024 * 1024 * 1024;
/** Above this, up to the limit, a warning: 4.5 GB read as 10^9 bytes, which an archive of exactly this size does not exceed (不可超過). */
export const ARCHIVE_SIZE_WARNING = 4.5e9;

/** What was learned about one archive file, before the row's expectations are applied. */
export interface ArchiveFileOutcome {
  bytes: number | null;
  kind: ArchiveKind | null;
  issues: IssueRecord[];
  content: { images: ImageFact[]; entries: number; uncompressedBytes: number; bytesRead: number } | null;
}

export interface ArchiveFileCheck {
  /** The archive's name as in field 14 (decides DCF or ATT and the expected extension). */
  name: string;
  path: string;
  mode: CheckMode;
  signal?: AbortSignal;
  /** Entries done of the archive's total, at most every ENTRY_PROGRESS_MS once past the first entry (see entryProgress). */
  onEntries?: (done: number, total: number) => void;
  /** Opens an archive; the archive layer's openArchive unless a test supplies another. */
  open?: (path: string, options: OpenOptions) => Promise<ArchiveReader>;
}

/** Entry progress is reported at most this often: a quick check reads a file in tens of microseconds, and a report a file would cost more than the reading (in the editor, two messages each). */
export const ENTRY_PROGRESS_MS = 20;

/** `report` for the first entry, the last, and between them at most every ENTRY_PROGRESS_MS. */
export function entryProgress(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done > 1 && done < total && now - last < ENTRY_PROGRESS_MS) return;
    last = now;
    report(done, total);
  };
}

/**
 * Why the file under the archive's name cannot be read, in words. The name was listed in its folder, so a file not
 * there is most often a symbolic link whose target is gone (a share not mounted) or a link to itself: named with it.
 */
function unreadable(name: string, path: string, e: unknown): Bilingual {
  const why = ioFailure(e);
  let target: string | undefined;
  try {
    target = readlinkSync(path);
  } catch {
    // Not a link: the file itself cannot be read.
  }
  return target === undefined
    ? bi(`無法讀取 ${name}（${why['zh-TW']}）`, `cannot read ${name} (${why.en})`)
    : bi(`${name} 是指向 ${target} 的符號連結，無法讀取（${why['zh-TW']}）`, `${name} is a symbolic link to ${target}, which cannot be read (${why.en})`);
}

/** Checks the archive at `path`. Bad content gives issues; only cancellation (an 'aborted' ArchiveError) and bugs throw. */
export async function checkArchiveFile(job: ArchiveFileCheck): Promise<ArchiveFileOutcome> {
  const issues = new IssueList();
  const outcome: ArchiveFileOutcome = { bytes: null, kind: null, issues: [], content: null };
  const finish = () => ((outcome.issues = issues.records()), outcome);
  const { name, path } = job;
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      issues.add('A14-missing', null, bi(`${name} 不是一般檔案`, `${name} is not a regular file`), PUT_THE_ARCHIVE_THERE);
      return finish();
    }
    size = st.size;
  } catch (e) {
    issues.add('A14-missing', null, unreadable(name, path, e), READ_AND_CHECK_AGAIN);
    return finish();
  }
  outcome.bytes = size;
  if (size > ARCHIVE_SIZE_LIMIT) {
    const said = sizeText(size);
    issues.add('A14-size', null, bi(`大小 ${said['zh-TW']}超過 4.5 GiB`, `${said.en} is over 4.5 GiB`), EXPORT_SMALLER);
    return finish();
  }
  if (size > ARCHIVE_SIZE_WARNING) {
    issues.add('A14-size-near', null, bi(`大小 ${size.toLocaleString('en-US')} 位元組，超過 4.5×10^9`, `${size.toLocaleString('en-US')} bytes is over 4.5×10^9`), STAY_UNDER_DECIMAL_LIMIT);
  }

  let kind: ArchiveKind;
  try {
    kind = await detectArchiveKindOfFile(path);
  } catch (e) {
    if (e instanceof ArchiveError) addArchiveError(issues, e.code, null, e.bilingual);
    else issues.add('A14-unreadable', null, bi(String(e), String(e)));
    return finish();
  }
  outcome.kind = kind;
  const promised = kindFromFileName(name);
  if (kind !== '7z' && kind !== 'cab') {
    const what = kind === 'empty' ? bi('空檔案', 'an empty file') : kind === 'unknown' ? bi('不明格式', 'of an unknown format') : bi(`${kind.toUpperCase()} 檔`, `a ${kind.toUpperCase()} file`);
    issues.add('A14-format', null, bi(`內容是${what['zh-TW']}，不是 7z 或 CAB`, `the content is ${what.en}, not 7z or CAB`), BUILD_AS_NAMED);
    return finish();
  }
  if (promised && promised !== kind) {
    issues.add('A14-format', null, bi(`副檔名為 .${promised === 'cab' ? 'CAB' : '7z'}，內容卻是 ${kind === 'cab' ? 'CAB' : '7z'}`, `named .${promised === 'cab' ? 'CAB' : '7z'} but the content is ${kind === 'cab' ? 'CAB' : '7z'}`), BUILD_AS_NAMED);
  }

  let reader: ArchiveReader;
  try {
    reader = await (job.open ?? openArchive)(path, { signal: job.signal });
  } catch (e) {
    if (e instanceof ArchiveError) {
      if (e.code === 'aborted') throw e;
      addArchiveError(issues, e.code, null, e.bilingual);
      return finish();
    }
    throw e;
  }
  try {
    job.onEntries?.(0, reader.entries().length);
    const content = await inspectArchive(reader, { layout: layoutOf(name, reader), mode: job.mode, signal: job.signal, onEntry: job.onEntries });
    issues.merge(content.issues);
    outcome.content = { images: content.images, entries: content.entries, uncompressedBytes: content.uncompressedBytes, bytesRead: content.bytesRead };
  } finally {
    await reader.close().catch(() => undefined);
  }
  return finish();
}

/** DCF or ATT from the name's prefix; for a malformed name, from the content (a DICOMDIR means DCF). */
function layoutOf(name: string, reader: ArchiveReader): ArchiveLayout {
  const prefix = name.slice(0, 3).toUpperCase();
  if (prefix === 'DCF') return 'dcf';
  if (prefix === 'ATT') return 'att';
  const hasDicomdir = reader.entries().some((e) => /(^|\/)DICOMDIR$/i.test(e.name));
  return hasDicomdir ? 'dcf' : 'att';
}
