/**
 * What to do about an archive check's finding, said once after the files it names (IssueList).
 * Advice names only what the build does (Build Upload Batch, `nhi-imaging build`): it packs
 * 7z (store, or LZMA2 with --level) or CAB (MSZIP) without a password, writes a DICOMDIR with
 * conformant File IDs unless it keeps the folder's own, leaves out files that are not images and
 * renames JPG files whose names do not conform.
 */
import type { ArchiveErrorCode } from '../archive/errors';
import type { DicomKey, DicomProblemCode } from '../dicom/problems';
import { TAG } from '../dicom/tags';
import { bi } from '../i18n';
import type { Bilingual } from '../types';
import type { Advice } from './issues';

const BUILD_ZH = '以「建置上傳批次」（命令列 nhi-imaging build）重新打包';
const BUILD_EN = 'pack the images again with Build Upload Batch (nhi-imaging build on the command line)';

const BUILD = bi(`請${BUILD_ZH}`, BUILD_EN);

/** Advice about a file, and its words for several ("remove it", "remove them"); the Chinese, if not given, is the same. */
function ofFiles(one: Bilingual, many: { 'zh-TW'?: string; en: string }): Advice {
  return { ...one, many: { 'zh-TW': many['zh-TW'] ?? one['zh-TW'], en: many.en } };
}
export const PUT_BACK_OR_BUILD = ofFiles(
  bi(`請把該檔放回壓縮檔，或${BUILD_ZH}（會產生相符的 DICOMDIR）`, `put the file back in the archive, or ${BUILD_EN}, which writes a DICOMDIR that matches them`),
  bi(`請把這些檔案放回壓縮檔，或${BUILD_ZH}（會產生相符的 DICOMDIR）`, `put the files back in the archive, or ${BUILD_EN}, which writes a DICOMDIR that matches them`),
);
/** File IDs that leave out the folder their files are in: the DICOMDIR was made inside it, not at the file-set's root. */
export const REMAKE_DICOMDIR_AT_ROOT_OR_BUILD = bi(
  `請在壓縮檔的根資料夾重新產生 DICOMDIR（File ID 自根資料夾算起），或${BUILD_ZH}，讓它產生新的 DICOMDIR`,
  `make the DICOMDIR again from the archive's root folder, where File IDs start, or ${BUILD_EN}, letting it write a new DICOMDIR`,
);
export const REMOVE_OR_BUILD = ofFiles(
  bi(`請從壓縮檔中移除，或${BUILD_ZH}（非影像檔不會被打包）`, `remove it from the archive, or ${BUILD_EN}, which leaves out files that are not images`),
  { en: `remove them from the archive, or ${BUILD_EN}, which leaves out files that are not images` },
);
export const BUILD_UNSPLIT = bi(`請${BUILD_ZH}成一個檔案，不要分割`, `${BUILD_EN}, in one archive, not split`);
export const BUILD_WITHOUT_PASSWORD = bi(`請${BUILD_ZH}，不設密碼`, `${BUILD_EN}, with no password`);
export const PACK_THE_EXAM = bi('請放入此醫令該次檢查的影像（可從 PACS 或影像設備重新匯出）', "pack the images of this order's exam (export them again from the PACS or the modality)");
/** An entry name that is absolute, climbs out with "..", is empty or is there twice: the build names each file by its place in the image folder. */
export const BUILD_WITH_SAFE_NAMES = bi(`請${BUILD_ZH}（每個檔案以其在影像資料夾中的相對路徑存放，各只一次）`, `${BUILD_EN}, which stores each file once, under its path relative to the image folder`);
/** A symbolic link stored as such: the build stores the file it points to. */
export const BUILD_WITH_LINKED_FILES = bi(`請${BUILD_ZH}（連結改存其所指的檔案）`, `${BUILD_EN}, which stores the files links point to`);
export const REMOVE_OR_BUILD_REFERENCED = ofFiles(
  bi(`請從壓縮檔中移除，或${BUILD_ZH}（DICOMDIR 會引用每個影像）`, `remove it from the archive, or ${BUILD_EN}, whose DICOMDIR references every image`),
  { en: `remove them from the archive, or ${BUILD_EN}, whose DICOMDIR references every image` },
);
export const BUILD_WITH_DICOMDIR_NAMES = bi(`請${BUILD_ZH}（檔名與 DICOMDIR 一致）`, `${BUILD_EN}, which names the files as its DICOMDIR does`);
/** The build keeps a DICOMDIR it finds at the top of the image folder when it lists every file: a new one needs the old one out of the way. */
export const BUILD_NEW_DICOMDIR = bi(
  `請${BUILD_ZH}，讓它產生新的 DICOMDIR（先把舊的 DICOMDIR 移出影像資料夾，或在命令列加上 --rebuild-dicomdir）`,
  `${BUILD_EN}, letting it write a new DICOMDIR (take the old DICOMDIR out of the image folder first, or add --rebuild-dicomdir on the command line)`,
);
/** Type 1 keys a DICOMDIR the build writes numbers by position where the images lack them (dicomdir-build.ts). */
const NUMBERED_BY_BUILD: ReadonlySet<number> = new Set([TAG.StudyID, TAG.SeriesNumber, TAG.InstanceNumber]);

/**
 * A14-dicomdir-keys, for the keys the records lack: the build writes a new DICOMDIR's keys from the images, so it has
 * them only where the images do (a batch the build made with the rule a warning lacks them because its images do),
 * but for Study ID, Series Number and Instance Number, which it numbers itself.
 */
export function newDicomdirForKeys(keys: readonly DicomKey[]): Bilingual {
  const numbered = keys.filter((k) => NUMBERED_BY_BUILD.has(k.tag)).map((k) => k.name);
  const others = keys.filter((k) => !NUMBERED_BY_BUILD.has(k.tag)).map((k) => k.name);
  if (keys.length === 0) return BUILD_NEW_DICOMDIR;
  if (others.length === 0) {
    return bi(
      `${BUILD_NEW_DICOMDIR['zh-TW']}；影像缺少的 ${numbered.join('、')} 由建置依順序編號，不必補上`,
      `${BUILD_NEW_DICOMDIR.en}: it numbers ${listed(numbered)} by position where the images lack ${numbered.length > 1 ? 'them' : 'it'}, so nothing needs filling in`,
    );
  }
  const rest = numbered.length
    ? bi(`；${numbered.join('、')} 不必補，建置會依順序編號`, `; ${listed(numbered)} need${numbered.length > 1 ? '' : 's'} no value, as the build numbers ${numbered.length > 1 ? 'them' : 'it'} by position`)
    : bi('', '');
  return bi(
    `請先讓影像檔本身有 ${others.join('、')} 的值（沒有的從 PACS 或影像設備重新匯出，或以 DICOM 編輯工具如 dcmodify 補上），再${BUILD_ZH}，讓它產生新的 DICOMDIR（先把舊的 DICOMDIR 移出影像資料夾，或在命令列加上 --rebuild-dicomdir）${rest['zh-TW']}`,
    `give the images values of ${listed(others)} where they lack them (export them again from the PACS or the modality, or set them with a DICOM editor such as dcmodify), then ${BUILD_EN}, letting it write a new DICOMDIR (take the old DICOMDIR out of the image folder first, or add --rebuild-dicomdir on the command line)${rest.en}`,
  );
}

/** "A", "A and B", "A, B and C". */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
/** A DCF archive without a DICOMDIR anywhere: one from the PACS, or the build's, from the images in a folder. */
export const EXPORT_WITH_DICOMDIR_OR_BUILD = bi(
  '請從 PACS 或影像設備以含 DICOMDIR 的格式重新匯出，或把影像放在資料夾中、以「建置上傳批次」（命令列 nhi-imaging build）打包（會產生 DICOMDIR）',
  'export the study again with a DICOMDIR from the PACS or the modality, or put the images in a folder and pack them with Build Upload Batch (nhi-imaging build on the command line), which writes one',
);
export const BUILD_WITH_ROOT_DICOMDIR = bi(`請${BUILD_ZH}（DICOMDIR 會放在根目錄）`, `${BUILD_EN}, which puts the DICOMDIR at the root`);
export const BUILD_WITH_WINDOWS_NAMES = bi(`請${BUILD_ZH}（檔名與 File ID 皆可在 Windows 上解壓）`, `${BUILD_EN}, whose names and File IDs Windows can unpack`);
export const RENAME_DICOMDIR_OR_BUILD = bi(`請改名為大寫的 DICOMDIR，或${BUILD_ZH}`, `rename it DICOMDIR in upper case, or ${BUILD_EN}`);
export const ONE_EXAM = bi('請只放入此醫令該次檢查的影像', "pack only the images of this order's exam");
/** A JPEG in a DCF archive: the build refuses a row that holds both DICOM and JPEG, so it is no way out. */
export const REMOVE_OR_EXPORT_AS_DICOM = ofFiles(
  bi('請從壓縮檔中移除，或從 PACS 或影像設備重新匯出為 DICOM', 'remove it from the archive, or export it again as DICOM from the PACS or the modality'),
  { en: 'remove them from the archive, or export them again as DICOM from the PACS or the modality' },
);
export const RENAME_JPG = ofFiles(
  bi(`請只用半型英文字母、數字與底線重新命名，或${BUILD_ZH}（會為這類檔案改名）`, `rename it with half-width letters, digits and underscores only, or ${BUILD_EN}, which renames such files`),
  { en: `rename them with half-width letters, digits and underscores only, or ${BUILD_EN}, which renames such files` },
);
export const EXPORT_AS_JPG = ofFiles(
  bi('請從 PACS 或影像設備重新匯出為 JPG（DICOM 影像則以 DCF 壓縮檔上傳），或從壓縮檔中移除', 'export it again as JPG from the PACS or the modality (DICOM images go in a DCF archive), or remove it from the archive'),
  { en: 'export them again as JPG from the PACS or the modality (DICOM images go in a DCF archive), or remove them from the archive' },
);

/** A14-name-case: the NHI matches field 14's name exactly. */
export function renameTo(name: string): Bilingual {
  return bi(`請把壓縮檔改名為序號14 所寫的 ${name}，大小寫完全相同`, `rename the archive to ${name}, exactly as field 14 writes it`);
}
/** A14-name-case when the file bears the name as the text writes it and field 14 does not (F14-extension-case, F14-prefix…). */
export function correctFieldTo(name: string): Bilingual {
  return bi(`請把序號14 改為 ${name}（壓縮檔的檔名，也是規定的寫法）`, `correct field 14 to ${name}, the archive's name as the text writes it`);
}
/** A14-missing: no file of field 14's name where the archives are looked for. */
export const PUT_IT_THERE_OR_NAME_THE_FOLDER = bi(
  '請把它放進這個資料夾，或指定壓縮檔所在的資料夾（設定 nhiImaging.archiveFolder；命令列 --archive-dir）',
  'put it there, or name the folder that holds the archives (the nhiImaging.archiveFolder setting; --archive-dir on the command line)',
);
/** A14-missing: a Windows shortcut (.lnk) stands where the archive should. */
export const COPY_THE_ARCHIVE = bi('請把壓縮檔本身複製到這裡', 'copy the archive itself there');
/** A14-missing: field 14 names a folder or some other thing that is no file. */
export const PUT_THE_ARCHIVE_THERE = bi('請在此放入以此為名的 7z 或 CAB 壓縮檔', 'put the 7z or CAB archive there under this name');
/** A14-unreadable when the check's worker ended (out of memory, a crash): a standard archive made by the build checks. */
export const CHECK_AGAIN_OR_BUILD = bi(`請再檢查一次；若仍中止，請${BUILD_ZH}`, `check it again; if it stops again, ${BUILD_EN}`);
/**
 * A14-size: the build packs compressed (--level 1) images that pass 4.5 GiB and keeps the archive when it comes out under
 * the limit, so it is one way out and exporting again the other; several rows are not, as one archive holds one order's
 * exam (NHI text 三(二)1(2)D) and a row is one report of it (field 11).
 */
export const EXPORT_SMALLER = bi(
  '請讓壓縮檔小於 4,500,000,000 位元組：以命令列 nhi-imaging build --level 1 壓縮打包，或從 PACS 或影像設備以無失真壓縮（如 JPEG Lossless）重新匯出此次檢查的影像',
  "bring the archive below 4,500,000,000 bytes: pack the images compressed (nhi-imaging build --level 1 on the command line), or export the exam's images again from the PACS or the modality with lossless compression (JPEG Lossless, for one)",
);
/** A14-size-near: 4.5×10^9 bytes is within the limit however GB is read (NOTES). */
export const STAY_UNDER_DECIMAL_LIMIT = bi(
  '若 GB 指 10^9 位元組即已超限，請讓壓縮檔小於 4,500,000,000 位元組：以命令列 nhi-imaging build --level 1 壓縮打包，或以無失真壓縮重新匯出影像',
  'if GB means 10^9 bytes it is over the limit, so bring it below 4,500,000,000 bytes: pack the images compressed (nhi-imaging build --level 1 on the command line), or export them again with lossless compression',
);
/** A14-format. */
export const BUILD_AS_NAMED = bi(`請${BUILD_ZH}（依副檔名寫出 7z 或 CAB）`, `${BUILD_EN}, which writes 7z or CAB as its name says`);

const COPY_OR_BUILD = bi(`請從原處重新複製壓縮檔（複製可能未完成），或${BUILD_ZH}`, `copy the archive again from where it was made (a copy may have been cut short), or ${BUILD_EN}`);
const BUILD_STANDARD_METHOD = bi(`請${BUILD_ZH}（7z 以 LZMA2 壓縮或不壓縮，CAB 以 MSZIP 壓縮）`, `${BUILD_EN}, which packs 7z with LZMA2 or none and CAB with MSZIP`);
/** A14-trailing-data: a second archive appended to the first is never unpacked. */
const BUILD_IN_ONE_ARCHIVE = bi(`請${BUILD_ZH}，所有影像放在同一個壓縮檔中，不要把壓縮檔接在一起`, `${BUILD_EN}, all images in one archive, not archives joined end to end`);
/** The build's LZMA2 (--level 1, 3, 5) uses dictionaries of at most 16 MB. */
const BUILD_AND_CHECK_AGAIN = bi(`請${BUILD_ZH}（其字典在本工具可讀的範圍內）後再檢查`, `${BUILD_EN}, whose dictionary the checker reads, and check again`);
export const READ_AND_CHECK_AGAIN = bi('請確認此檔可以讀取（權限、磁碟）後再檢查', 'make sure the file can be read (its permissions, the disk), then check again');

/** What to do when an archive cannot be read (or not checked), by why; codes a check never meets have none. */
export const ARCHIVE_ERROR_ADVICE: Partial<Record<ArchiveErrorCode, Bilingual>> = {
  io: READ_AND_CHECK_AGAIN,
  'not-archive': BUILD_AS_NAMED,
  'wrong-kind': BUILD_AS_NAMED,
  truncated: COPY_OR_BUILD,
  corrupt: COPY_OR_BUILD,
  'bad-checksum': COPY_OR_BUILD,
  'crc-mismatch': COPY_OR_BUILD,
  'unsupported-method': BUILD_STANDARD_METHOD,
  encrypted: BUILD_WITHOUT_PASSWORD,
  'multi-volume': BUILD,
  'limit-exceeded': BUILD,
  'too-large': BUILD,
  'not-checked': BUILD_AND_CHECK_AGAIN,
  'trailing-data': BUILD_IN_ONE_ARCHIVE,
};

export const EXPORT_AGAIN = ofFiles(
  bi('請從 PACS 或影像設備重新匯出此檔後再打包', 'export it again from the PACS or the modality and pack it again'),
  bi('請從 PACS 或影像設備重新匯出這些檔案後再打包', 'export them again from the PACS or the modality and pack them again'),
);
const EXPORT_AS_PART10 = ofFiles(
  bi('請從 PACS 或影像設備重新匯出為 DICOM Part 10 檔案（含 128 位元組前導、「DICM」與完整的檔頭群組）', 'export it again from the PACS or the modality as a DICOM Part 10 file (the 128-byte preamble, "DICM" and a complete meta group)'),
  { en: 'export them again from the PACS or the modality as DICOM Part 10 files (the 128-byte preamble, "DICM" and a complete meta group)' },
);
const EXPORT_THE_EXAM_AGAIN = bi('請從 PACS 或影像設備重新匯出此次檢查的影像後再打包', "export the exam's images again from the PACS or the modality and pack them again");
const CONVERT_TO_STANDARD_SYNTAX = ofFiles(
  bi('請從 PACS 或影像設備以 DICOM 標準的傳輸語法重新匯出，或轉換此檔（例如 dcmconv +te）', 'export it again from the PACS or the modality in a transfer syntax DICOM defines, or convert it (e.g. dcmconv +te)'),
  bi('請從 PACS 或影像設備以 DICOM 標準的傳輸語法重新匯出，或轉換這些檔案（例如 dcmconv +te）', 'export them again from the PACS or the modality in a transfer syntax DICOM defines, or convert them (e.g. dcmconv +te)'),
);
const EXPORT_CURRENT_SYNTAX = ofFiles(
  bi('請從 PACS 或影像設備以現行的傳輸語法（如 Explicit VR Little Endian）重新匯出', 'export it again from the PACS or the modality in a current transfer syntax (Explicit VR Little Endian, for one)'),
  { en: 'export them again from the PACS or the modality in a current transfer syntax (Explicit VR Little Endian, for one)' },
);
const EXPORT_IN_UTF8 = ofFiles(
  bi('請從 PACS 以 UTF-8（ISO_IR 192）重新匯出，或把其文字改寫為 UTF-8 並宣告 (0008,0005) ISO_IR 192', 'export it again from the PACS in UTF-8 (ISO_IR 192), or write its text in UTF-8 and declare (0008,0005) ISO_IR 192'),
  { en: 'export them again from the PACS in UTF-8 (ISO_IR 192), or write their text in UTF-8 and declare (0008,0005) ISO_IR 192' },
);
const EXPORT_JPG_AGAIN = ofFiles(
  bi('請從 PACS 或影像設備重新匯出此 JPG 後再打包', 'export it again as JPG from the PACS or the modality and pack it again'),
  bi('請從 PACS 或影像設備重新匯出這些 JPG 後再打包', 'export them again as JPG from the PACS or the modality and pack them again'),
);
const DECLARE_UTF8 = ofFiles(
  bi('請從 PACS 以 UTF-8 並宣告 ISO_IR 192 重新匯出，或宣告其實際的 UTF-8（dcmodify -i "(0008,0005)=ISO_IR 192"）', 'export it again from the PACS in UTF-8 declared as ISO_IR 192, or declare the UTF-8 it holds (dcmodify -i "(0008,0005)=ISO_IR 192")'),
  { en: 'export them again from the PACS in UTF-8 declared as ISO_IR 192, or declare the UTF-8 they hold (dcmodify -i "(0008,0005)=ISO_IR 192")' },
);

/**
 * What to do about a problem of a DICOM file or a JPEG in the archive (a DICOMDIR's own problems
 * are mended by a new DICOMDIR instead). The build packs files as they are, so a file's own fault
 * is mended where it was made. Implicit VR Little Endian is accepted: nothing to do.
 */
export const PROBLEM_ADVICE: Partial<Record<DicomProblemCode, Bilingual>> = {
  'not-dicom': EXPORT_THE_EXAM_AGAIN,
  'not-part10': EXPORT_AS_PART10,
  'meta-incomplete': EXPORT_AS_PART10,
  'meta-group-length': EXPORT_AGAIN,
  'meta-implicit-vr': EXPORT_AGAIN,
  'meta-group-overrun': EXPORT_AGAIN,
  'meta-group-short': EXPORT_AGAIN,
  'unknown-transfer-syntax': CONVERT_TO_STANDARD_SYNTAX,
  'retired-transfer-syntax': EXPORT_CURRENT_SYNTAX,
  'big-endian': EXPORT_CURRENT_SYNTAX,
  'absurd-length': EXPORT_AGAIN,
  truncated: EXPORT_AGAIN,
  unreadable: EXPORT_AGAIN,
  'deflated-meta-end': EXPORT_AGAIN,
  'deflated-meta-lookalike': EXPORT_AGAIN,
  'header-too-large': EXPORT_AGAIN,
  'pixel-data-short': EXPORT_AGAIN,
  'pixel-data-long': EXPORT_AGAIN,
  'odd-length': EXPORT_AGAIN,
  'odd-fragment': EXPORT_AGAIN,
  'bad-offset-table': EXPORT_AGAIN,
  'deflate-trailing': EXPORT_AGAIN,
  'tag-order': EXPORT_AGAIN,
  'bad-group': EXPORT_AGAIN,
  'meta-element-in-data-set': EXPORT_AGAIN,
  'undeclared-charset': EXPORT_IN_UTF8,
  'utf8-as-single-byte': DECLARE_UTF8,
  'forbidden-group': EXPORT_AGAIN,
  'unknown-vr': EXPORT_AGAIN,
  'undefined-length': EXPORT_AGAIN,
  'sequence-without-items': EXPORT_AGAIN,
  'un-items-big-endian': EXPORT_AGAIN,
  'sop-mismatch': EXPORT_AGAIN,
  'jpeg-not-jpeg': EXPORT_AS_JPG,
  'jpeg-truncated': EXPORT_JPG_AGAIN,
  'jpeg-no-frame': EXPORT_JPG_AGAIN,
};
