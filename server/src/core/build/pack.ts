import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeCab, write7z, type ArchiveInput, type WriteProgress, type WriteResult } from '../archive/write';
import { ArchiveLimitError, toArchiveError } from '../archive/errors';
import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { gib, sizeText } from '../byte-sizes';
import type { ArchiveFormat } from './ledger';
import { BuildError } from './types';
import type { RowPlan, SourceStamp } from './plan';
import type { Retry } from '../dicom/dicomdir-build-scan';
import { workFileName } from './leftovers';
import { makeFolders } from './folders';
import { removeQuietly } from '../archive/atomic';

/** The 4.5 GB rule as NOTES decides it: above 4.5 GiB is refused. */
export const MAX_ARCHIVE_BYTES = 4.5 * 1024 ** 3;
/** A cabinet holds less than 2 GiB (its offsets are 31-bit); the CAB writer refuses more. */
export const MAX_CAB_PAYLOAD = 2 ** 31 - 1;

/** Whether a row is packed compressed (7z, LZMA2): only then may its archive come out smaller than its images. */
export function compresses(format: ArchiveFormat, level: number | undefined): boolean {
  return format === '7z' && (level ?? 0) > 0;
}

/** 「9,200,000,000 位元組（8.57 GiB）」 / "9,200,000,000 bytes (8.57 GiB)". */
/** 「4.5 GB 上限（4,831,838,208 位元組）」 / "4.5 GB limit (4,831,838,208 bytes)". */
function limitText(limit: number): Bilingual {
  const n = limit.toLocaleString('en-US');
  return bi(`4.5 GB 上限（${n} 位元組）`, `4.5 GB limit (${n} bytes)`);
}

const RE_EXPORT = bi(
  '從 PACS 或影像設備以無失真壓縮（如 JPEG Lossless）重新匯出其影像',
  'export its images again from the PACS or the modality with lossless compression (JPEG Lossless, for one)',
);

/**
 * A row whose images pass the limit, refused before anything is packed: packed without compression (7z store, or a
 * CAB, which is refused above 2 GiB anyway) its archive cannot be smaller than its images. `name`: 「第 3 列」 / "Row 3".
 * Its remedy, 'compress': the same build as 7z at level 1, which the editor offers as a button.
 */
export function imagesOverLimit(name: Bilingual, bytes: number, limit: number): BuildError {
  const [size, max] = [sizeText(bytes), limitText(limit)];
  return new BuildError(
    bi(
      `${name['zh-TW']}：影像共 ${size['zh-TW']}，超過每個壓縮檔的 ${max['zh-TW']}，不壓縮打包無法小於上限，未建置；請以 7z 壓縮打包（命令列 nhi-imaging build --level 1：打包後依壓縮檔實際大小判斷），或${RE_EXPORT['zh-TW']}`,
      `${name.en}: ${size.en} of images exceed the ${max.en} per archive, which an archive packed without compression cannot get under; nothing was built. Pack it compressed as 7z (nhi-imaging build --level 1 on the command line, which judges the archive by its actual size), or ${RE_EXPORT.en}`,
    ),
    [],
    'limits',
    'compress',
  );
}

/**
 * A row whose archive passed the limit: packing stopped at the first write past it (`e`, compressed), or the finished
 * archive is larger (`bytes`, store or CAB). Its unfinished or finished archive is removed by the writer or the build.
 * `level`: the one it was packed at; `offerLevel`: whether a higher one may be asked for (--level, which a re-send has not).
 * Its remedy, when one is named: 'compress' (level 1) after store, 'compress-most' (level 5) after a lower level.
 */
export function archiveOverLimit(name: Bilingual, limit: number, passed: ArchiveLimitError | { bytes: number }, level: number | undefined, offerLevel = true): BuildError {
  const max = limitText(limit);
  let zh: string;
  let en: string;
  if (passed instanceof ArchiveLimitError) {
    const { sourceBytes, sourceBytesDone, reached } = passed;
    const share = sourceBytes > 0 && sourceBytesDone > 0 ? Math.round((100 * sourceBytesDone) / sourceBytes) : undefined;
    const sources = sizeText(sourceBytes);
    // As 7-Zip reports its progress (whole per cent of the images read), the size the whole archive would have come to.
    const whole = share === undefined ? undefined : gib((reached * sourceBytes) / sourceBytesDone);
    zh = `${name['zh-TW']}：壓縮後仍超過每個壓縮檔的 ${max['zh-TW']}：影像共 ${sources['zh-TW']}，${share === undefined ? '' : `打包到約 ${share}% 時`}壓縮檔已超過上限${whole === undefined ? '' : `（依此推估整個壓縮檔約 ${whole}）`}，已停止打包並移除未完成的壓縮檔，未建置（影像未變動）`;
    en = `${name.en}: compressed, its archive still passes the ${max.en} per archive: of ${sources.en} of images, ${share === undefined ? 'the archive passed the limit' : `the archive passed the limit with about ${share}% packed (the whole archive would come to about ${whole})`}, so packing stopped and the unfinished archive was removed; nothing was built (the images are untouched)`;
    // Most of the images packed below the limit: the highest level may save the few per cent missing.
    if (offerLevel && (level ?? 0) < 5 && share !== undefined && share >= 85) {
      return new BuildError(bi(`${zh}；請以 --level 5 再試，或${RE_EXPORT['zh-TW']}`, `${en}. Try --level 5, or ${RE_EXPORT.en}`), [], 'limits', 'compress-most');
    }
  } else {
    const got = sizeText(passed.bytes);
    zh = `${name['zh-TW']}：壓縮檔共 ${got['zh-TW']}，超過每個壓縮檔的 ${max['zh-TW']}，已移除，未建置`;
    en = `${name.en}: its archive of ${got.en} passes the ${max.en} per archive and was removed; nothing was built`;
    if (!compresses('7z', level)) {
      return new BuildError(bi(`${zh}；請以 7z 壓縮打包（命令列 nhi-imaging build --level 1），或${RE_EXPORT['zh-TW']}`, `${en}. Pack it compressed as 7z (nhi-imaging build --level 1 on the command line), or ${RE_EXPORT.en}`), [], 'limits', offerLevel ? 'compress' : undefined);
    }
  }
  return new BuildError(bi(`${zh}；請${RE_EXPORT['zh-TW']}`, `${en}. ${capitalized(RE_EXPORT.en)}`), [], 'limits');
}

function capitalized(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

export function archiveFileName(prefix: 'DCF' | 'ATT', hospital: string, caseNumber: string, format: ArchiveFormat): string {
  return `${prefix}${hospital}_${caseNumber}.${format === 'cab' ? 'CAB' : '7z'}`;
}

export interface PackOptions {
  format: ArchiveFormat;
  /** 7z: 0 = store (default), 1/3/5 = LZMA2. DICOM barely compresses, and store is fastest. */
  level?: number;
  /** A private folder for the DICOMDIR file written before packing. */
  workDir: string;
  /**
   * The largest archive allowed (MAX_ARCHIVE_BYTES, lowered by tests): compressed, packing stops at the first write past
   * it; an archive that passes it is removed and refused (BuildError 'limits', archiveOverLimit) as `name`'s.
   */
  limit?: { bytes: number; name: Bilingual; offerLevel?: boolean };
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
  /** Who packs (the build, a re-send), as a source changed since the plan names what stopped and what to run again. */
  retry?: Retry;
}

/**
 * Writes one row's archive atomically under `outPath` (never overwriting), held to `limit` when given. A source that is
 * not as it was when the row was planned (`plan.stamps`: a copy or export still writing, a file replaced or removed),
 * before or after it is read, fails the row (BuildError 'images', naming it): its DICOMDIR record and checks are of the
 * file as it was.
 */
export async function packRow(plan: RowPlan, outPath: string, options: PackOptions): Promise<WriteResult> {
  const retry = options.retry ?? 'build';
  await assertUnchanged(plan.stamps, retry);
  const inputs: ArchiveInput[] = [...plan.inputs];
  if (plan.dicomdir) {
    await makeFolders(options.workDir);
    const dicomdirPath = join(options.workDir, workFileName());
    // Said of the archive it is written for (a full disk fails here as often as in the archive).
    await fsp.writeFile(dicomdirPath, plan.dicomdir).catch((e: unknown) => {
      throw toArchiveError(e, outPath);
    });
    inputs.unshift({ archivePath: 'DICOMDIR', sourcePath: dicomdirPath });
  }
  const common = { signal: options.signal, onProgress: options.onProgress };
  const { limit, level } = options;
  const maxBytes = limit && compresses(options.format, level) ? limit.bytes : undefined;
  const writing = options.format === 'cab' ? writeCab(inputs, outPath, { compression: 'mszip', ...common }) : write7z(inputs, outPath, { level: level ?? 0, maxBytes, ...common });
  // Stopped at the limit, the writer has removed the unfinished archive.
  const result = await writing.catch(async (e: unknown) => {
    if (limit && e instanceof ArchiveLimitError) throw archiveOverLimit(limit.name, limit.bytes, e, level, limit.offerLevel);
    // A source removed or cut short while it was read: said as such rather than as the read that failed.
    await assertUnchanged(plan.stamps, retry);
    throw e;
  });
  if (limit && result.bytes > limit.bytes) {
    await removeQuietly(outPath);
    throw archiveOverLimit(limit.name, limit.bytes, result, level, limit.offerLevel);
  }
  await assertUnchanged(plan.stamps, retry).catch(async (e: unknown) => {
    await removeQuietly(outPath);
    throw e;
  });
  return result;
}

/** What packs, and (in English) what to run again. */
const STOPPED: Readonly<Record<Retry, { who: Bilingual; again: string }>> = {
  build: { who: bi('建置', 'build'), again: 'build again' },
  resend: { who: bi('重送', 're-send'), again: 're-send the row again' },
};

/** Fails naming the first source whose size or modification time differs from its stamp, or that is gone. */
async function assertUnchanged(stamps: readonly SourceStamp[] | undefined, retry: Retry): Promise<void> {
  const { who, again } = STOPPED[retry];
  for (const s of stamps ?? []) {
    const now = await fsp.stat(s.path).catch(() => undefined);
    if (now && now.size === s.size && now.mtimeMs === s.mtimeMs) continue;
    throw new BuildError(
      bi(
        `${s.path} 在${who['zh-TW']}檢查之後${now ? '已變更' : '已被移除'}（仍在複製或匯出中？）；${who['zh-TW']}已停止，請待複製或匯出完成後再${who['zh-TW']}`,
        `${s.path} changed or was removed after the ${who.en} checked it (${now ? 'its size or time differ' : 'it is gone'}; still being copied or exported?); the ${who.en} stopped: ${again} once the copy or export has finished`,
      ),
      [],
      'images',
    );
  }
}
