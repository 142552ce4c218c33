import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import type { Row } from '../csv/model';
import type { ValidationOptions } from '../options';
import type { Finding } from '../types';
import { agreeing, counted } from '../counted';
import { bi, shown, shownEn } from '../i18n';
import { ioFailure } from '../io-reasons';
import { emit } from '../rules/emit';
import { isDraftPath } from '../rules/archive-name';
import { familyOf } from '../spec/orders';
import { collectDraftImages, type DraftImages } from './draft';
import { noPixelsInto, type PixelVerdicts } from './draft-pixels';
import { rowKey, type LedgerState } from './ledger';
import './rules';

const ARCHIVE_FIELD = 14;
const ORDER_FIELD = 10;

/**
 * The file-system part of draft validation: each field-14 draft path exists and holds images of
 * one kind that the row's order allows. The CSV rules (DRAFT-path information) come from validateText.
 * `pixels` (the editor's): the headers of a row's DICOM files are read too, so that a row none of whose files holds an
 * image is flagged as the build refuses it (A14-empty), where the build would plan it: a row without draft errors.
 */
export async function checkDraftRows(csvPath: string, rows: readonly Row[], options: ValidationOptions, signal?: AbortSignal, pixels?: PixelVerdicts): Promise<Finding[]> {
  const out: Finding[] = [];
  const csvDir = dirname(csvPath);
  const taken: { row: Row; images: DraftImages }[] = [];
  for (const row of rows) {
    const cell = row.cells[ARCHIVE_FIELD - 1];
    if (!cell || !isDraftPath(cell.value)) continue;
    signal?.throwIfAborted();
    const images = await readDraftImages(out, csvDir, row, options, signal);
    if (!images) continue;
    const before = out.length;
    draftFindingsInto(out, row, images, options);
    if (pixels && !out.slice(before).some((f) => f.severity === 'error')) await noPixelsInto(out, row, images, options, pixels, signal);
    taken.push({ row, images });
  }
  await sharedImagesInto(out, taken, options);
  return out;
}

/**
 * DRAFT-shared-images on each row whose image files (by their real paths) an earlier row takes too: field 14 filled
 * down in a spreadsheet, a row's folder holding another row's. The build would pack the same images into two cases,
 * perhaps of two patients.
 */
export async function sharedImagesInto(out: Finding[], rows: readonly { row: Row; images: DraftImages }[], options: ValidationOptions): Promise<void> {
  /** Each file's rows (positions in `rows`), by real path. */
  const owners = new Map<string, number[]>();
  for (const [at, { row, images }] of rows.entries()) {
    const earlier = new Set<number>();
    let first: string | undefined;
    let count = 0;
    for (const f of images.files) {
      const real = await fsp.realpath(f.path).catch(() => f.path);
      const before = owners.get(real);
      if (!before) {
        owners.set(real, [at]);
        continue;
      }
      for (const o of before) earlier.add(o);
      before.push(at);
      first ??= f.path;
      count++;
    }
    if (!first) continue;
    const names = [...earlier].sort((a, b) => a - b).map((i) => rows[i].row.index + 1);
    const cell = row.cells[ARCHIVE_FIELD - 1];
    emit(out, options, 'DRAFT-shared-images', cell.range, ARCHIVE_FIELD, row.index, bi(
      `此列有 ${count} 個影像檔也是第 ${names.join('、')} 列的（如 ${first}）；每列的壓縮檔只放該列的影像，同一影像不可送兩次：請讓每列的序號14 指向各自的資料夾或檔案`,
      `${counted(count, 'image file')} of this row ${agreeing(count, 'is', 'are')} also row ${names.join("'s and row ")}'s (e.g. ${first}); each row's archive holds that row's images only, never the same image twice: give each row its own folder or files in field 14`,
    ));
  }
}

/**
 * The images of a draft row's field 14, or undefined when they cannot be read (a folder or file without read access, a
 * network share gone): DRAFT-missing then names the path and the cause (shared with the builder). `outDir`: the
 * build's `--out` folder, passed over as `upload/` beside the draft is (collectDraftImages).
 */
export async function readDraftImages(out: Finding[], csvDir: string, row: Row, options: ValidationOptions, signal?: AbortSignal, outDir?: string): Promise<DraftImages | undefined> {
  const cell = row.cells[ARCHIVE_FIELD - 1];
  try {
    return await collectDraftImages(csvDir, cell.value, signal, outDir);
  } catch (e) {
    if (signal?.aborted) throw e;
    const why = ioFailure(e);
    const where = (e as NodeJS.ErrnoException | undefined)?.path;
    emit(out, options, 'DRAFT-missing', cell.range, ARCHIVE_FIELD, row.index, bi(
      `無法讀取草稿影像路徑${shown(cell.value)}：${why['zh-TW']}${where ? `（${where}）` : ''}`,
      `Cannot read the draft image path ${shownEn(cell.value)}: ${why.en}${where ? ` (${where})` : ''}`,
    ));
    return undefined;
  }
}

/** Findings for one draft row whose images have been collected (shared with the builder). */
export function draftFindingsInto(out: Finding[], row: Row, images: DraftImages, options: ValidationOptions): void {
  const cell = row.cells[ARCHIVE_FIELD - 1];
  const at = (ruleId: string, message: ReturnType<typeof bi>): void => emit(out, options, ruleId, cell.range, ARCHIVE_FIELD, row.index, message);
  for (const m of images.missing) at('DRAFT-missing', bi(`草稿影像路徑不存在：${m}；請改正序號14 的路徑，或把此列的影像放到那裡`, `The draft image path does not exist: ${m}. Correct the path in field 14, or put the row's images there`));
  if (images.missing.length === images.sources.length && images.sources.length > 0) return;
  if (images.noPart10.length) {
    const list = images.noPart10.slice(0, 3).join(', ') + (images.noPart10.length > 3 ? ', …' : '');
    at('DRAFT-no-part10', bi(`${images.noPart10.length} 個 DICOM 檔沒有 Part 10 檔頭（128 位元組前導與「DICM」），須先轉成 Part 10 檔：${list}`, `${counted(images.noPart10.length, 'DICOM file')} without the Part 10 header (preamble and "DICM"); convert ${agreeing(images.noPart10.length, 'it to a Part 10 file', 'them to Part 10 files')} first: ${list}`));
  }
  if (images.files.length === 0) {
    const archives = images.archives.slice(0, 3).map((a) => `${a.path} (${a.kind.toUpperCase()})`).join(', ') + (images.archives.length > 3 ? ', …' : '');
    // What it holds instead says what to do: unpack the archives, export the images again (a console's PNG saved as .jpg).
    const others = (lang: 'zh-TW' | 'en', open: string, close: string, comma: string): string =>
      images.otherFormats.slice(0, 3).map((o) => `${o.path}${open}${o.format[lang]}${close}`).join(comma) + (images.otherFormats.length > 3 ? `${comma}…` : '');
    at('DRAFT-no-images', images.archives.length
      ? bi(`${shown(cell.value)} 內沒有 DICOM 或 JPEG 影像，只有壓縮檔（${archives}）；請先解壓縮到資料夾，再於序號14 填入該資料夾`,
        `${shownEn(cell.value)} holds no DICOM or JPEG images, only archives (${archives}): unpack them into a folder and give that folder in field 14`)
      : images.otherFormats.length
        ? bi(`${shown(cell.value)} 內沒有 DICOM 或 JPEG 影像，只有其他格式的檔案（${others('zh-TW', '（', '）', '、')}）；這些影像須重新匯出為 JPG 或 DICOM`,
          `${shownEn(cell.value)} holds no DICOM or JPEG images, only files in other formats (${others('en', ' (', ')', ', ')}): export such images again as JPG or DICOM`)
        : bi(`${shown(cell.value)} 內沒有 DICOM 或 JPEG 影像`, `${shownEn(cell.value)} holds no DICOM or JPEG images`));
    return;
  }
  if (images.unknown.length && images.otherFormats.length) {
    // A PNG or BMP saved as .jpg is an image, only not one the upload takes: named by its format, with what to do.
    const formats = new Map(images.otherFormats.map((o) => [o.path, o.format]));
    const listed = (lang: 'zh-TW' | 'en', open: string, close: string, comma: string): string =>
      images.unknown.slice(0, 3).map((p) => (formats.has(p) ? `${p}${open}${formats.get(p)![lang]}${close}` : p)).join(comma) + (images.unknown.length > 3 ? `${comma}…` : '');
    at('DRAFT-other-files', bi(
      `${images.unknown.length} 個既非 DICOM 也非 JPEG 的檔案不會被打包：${listed('zh-TW', '（', '）', '、')}；這些影像須重新匯出為 JPG 或 DICOM 才能上傳`,
      `${counted(images.unknown.length, 'file')} that ${agreeing(images.unknown.length, 'is', 'are')} neither DICOM nor JPEG will be left out: ${listed('en', ' (', ')', ', ')}; export such images again as JPG or DICOM to send them`,
    ));
  } else if (images.unknown.length) {
    const list = images.unknown.slice(0, 3).join(', ') + (images.unknown.length > 3 ? ', …' : '');
    at('DRAFT-other-files', bi(`${images.unknown.length} 個非影像檔不會被打包：${list}`, `${counted(images.unknown.length, 'file')} that ${agreeing(images.unknown.length, 'is not an image', 'are not images')} will be left out: ${list}`));
  }
  const dicom = images.files.filter((f) => f.kind === 'dicom').length;
  const jpeg = images.files.length - dicom;
  if (dicom && jpeg) {
    at('DRAFT-mixed-kinds', bi(`同一列混有 ${dicom} 個 DICOM 與 ${jpeg} 個 JPEG 檔；請分成不同列`, `${dicom} DICOM and ${jpeg} JPEG files in one row; split them into separate rows`));
    return;
  }
  const order = row.cells[ORDER_FIELD - 1]?.value ?? '';
  const family = familyOf(order);
  if (jpeg && family && !family.jpgAllowed) {
    at('DRAFT-jpg-not-allowed', bi(`醫令 ${order}（${family.name['zh-TW']}）不可上傳 JPG，須為 DICOM`, `Order ${order} (${family.name.en}) may not be uploaded as JPG; it needs DICOM`));
  }
}

/**
 * Warns when a row is the same record as a row already sent (ledger) but its text differs. A draft
 * row is compared without field 14, which Build fills in; one that matches is warned that a build
 * gives it a new case number, where a re-send repeats the sent text (docs/decisions/rebuilding-sent-rows.md).
 */
export function checkAgainstLedger(rows: readonly Row[], ledger: LedgerState, options: ValidationOptions): Finding[] {
  const out: Finding[] = [];
  if (ledger.rowsByKey.size === 0) return out;
  for (const row of rows) {
    if (row.cells.length < ARCHIVE_FIELD) continue;
    const values = row.cells.map((c) => c.value);
    const sent = ledger.rowsByKey.get(rowKey(values));
    if (!sent) continue;
    const draft = isDraftPath(values[ARCHIVE_FIELD - 1]);
    const same = draft ? sameExceptArchive(values, sent.text) : row.text === sent.text;
    const csvName = sent.csv.split(/[\\/]/).pop() ?? sent.csv;
    if (same) {
      if (draft) {
        const archive = sent.text.split(',')[ARCHIVE_FIELD - 1];
        emit(out, options, 'LEDGER-already-sent', row.range, null, row.index,
          bi(
            `此筆紀錄已於 ${csvName} 以 ${archive} 送出；建置會給它新的案件編號與壓縮檔名。若原送已收檔而要重送，請用「重送列」（nhi-imaging resend --rows ${sent.case}），文字檔內容與原資料完全相同（五）；若原送被退件或未上傳，可照常建置`,
            `This record was sent in ${csvName} as ${archive}; a build gives it a new case number and archive name. To re-send a record that was accepted, use Re-send Rows (nhi-imaging resend --rows ${sent.case}), which repeats the sent text exactly (五); if it was rejected or never uploaded, build as usual`,
          ));
      }
      continue;
    }
    emit(
      out,
      options,
      'LEDGER-resend-differs',
      row.range,
      null,
      row.index,
      bi(
        `此筆紀錄已於 ${csvName} 送出，內容不同；重送須與原送完全相同。原送內容：${sent.text}`,
        `This record was sent in ${csvName} with different text; a re-send must be identical. Sent: ${sent.text}`,
      ),
    );
  }
  return out;
}

function sameExceptArchive(values: string[], sentText: string): boolean {
  const sent = sentText.split(',');
  if (sent.length !== values.length) return false;
  return values.every((v, i) => i === ARCHIVE_FIELD - 1 || v === sent[i]);
}
