import { promises as fsp } from 'node:fs';
import { join, sep } from 'node:path';
import type { ArchiveInput } from '../archive/inputs';
import { readDicomdir, fileIdProblem, recordDifferences, type DirectoryRecord } from '../dicom/dicomdir';
import { buildDicomdir, planDirectory } from '../dicom/dicomdir-build';
import { scanDicomHeader, DicomScanError, stopsBuild, thenAgain, type InstanceInfo, type Retry, type ScanSeverities } from '../dicom/dicomdir-build-scan';
import { tagLabel } from '../dicom/tags';
import { RULE_FOR_PROBLEM } from '../archive/rules';
import { hasEoi, readJpegFrame, type JpegFrame } from '../images/jpeg';
import { meetsMinimumSize, minimumSizeText, modalityExpected } from '../images/requirements';
import type { FamilySpec } from '../spec/orders';
import type { Bilingual } from '../types';
import { agreeing, counted } from '../counted';
import type { BuildRemedy } from './types';
import { bi } from '../i18n';
import { isWindowsDeviceName } from '../windows-names';
import { archivePathOf } from './file-ids';
import { jpgEntryNames } from './jpg-names';
import { NO_IMAGE_RULE, noImageMessage, withoutPixelsMessage } from './row-without-image';
import type { DraftFile, DraftImages } from './draft';

/**
 * What one row's archive will hold: the files (source → name inside the archive) and, for DICOM
 * without a usable DICOMDIR, the DICOMDIR bytes to add. Built before anything is packed, so that
 * image problems can be shown first and sizes checked against the limits.
 */
export interface RowPlan {
  prefix: 'DCF' | 'ATT';
  inputs: ArchiveInput[];
  /** A DICOMDIR to write beside the inputs (archive path `DICOMDIR`); absent when an existing one is kept. */
  dicomdir?: Uint8Array;
  /** Source bytes plus the DICOMDIR. */
  bytes: number;
  imageProblems: ImageProblem[];
  /** Notes worth showing (duplicates left out, existing DICOMDIR kept or rebuilt). */
  notes: Bilingual[];
  /** Each source of `inputs` as it was when found (size, modification time): packing refuses one that has changed since. */
  stamps?: SourceStamp[];
}

export interface SourceStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ImageProblem {
  kind: 'size' | 'modality';
  file: string;
  message: Bilingual;
}

export class PlanError extends Error {
  /**
   * `more`: the same kind of error in other files of the row, each said on its own; `remedy`: a build option that cures
   * it; `ruleId`: the rule of the check whose error it is, where the user's severity of that rule decided the refusal.
   */
  constructor(
    readonly bilingual: Bilingual,
    readonly more: readonly Bilingual[] = [],
    readonly remedy?: BuildRemedy,
    readonly ruleId?: string,
  ) {
    super(bilingual.en);
  }
}

export interface PlanOptions {
  family: FamilySpec | undefined;
  /** The row's order code: the stem of the names given to JPG files whose own names do not conform. */
  order?: string;
  rebuildDicomdir?: boolean;
  /** The user's rule severities: a source DICOM fault whose rule they make a warning or turn off is left to the check of the built batch. */
  severities?: ScanSeverities;
  /** What a refusal's advice says to run again once the images are mended (default: the build). */
  retry?: Retry;
  signal?: AbortSignal;
}

/** PlanOptions with their defaults settled once, for the steps of planRow. */
type Planning = Omit<PlanOptions, 'retry' | 'severities'> & { retry: Retry; severities: NonNullable<ScanSeverities> };

function planningOf(options: PlanOptions): Planning {
  return { ...options, retry: options.retry ?? 'build', severities: options.severities ?? {} };
}

const JPEG_HEAD = 64 * 1024;
/** JPEGs up to this size are read whole before packing, so that one cut short stops the build before anything is reserved (larger ones: the check of the built archive). */
const JPEG_WHOLE_READ = 64 * 1024 * 1024;
const SCAN_CONCURRENCY = 8;

export async function planRow(images: DraftImages, given: PlanOptions): Promise<RowPlan> {
  const options = planningOf(given);
  // No image file at all (a DICOMDIR alone, with DRAFT-no-images turned off): no archive can be packed, whatever the
  // severities; refused before anything is reserved.
  if (images.files.length === 0) {
    const why = images.dicomdirs.length ? bi('沒有 DICOM 或 JPEG 檔，只有 DICOMDIR', 'it holds no DICOM or JPEG file, only a DICOMDIR') : bi('沒有 DICOM 或 JPEG 檔', 'it holds no DICOM or JPEG file');
    throw new PlanError(noImageMessage(images.sources, why, options.retry), [], undefined, NO_IMAGE_RULE);
  }
  const jpeg = images.files.every((f) => f.kind === 'jpeg');
  const plan = await (jpeg ? planJpeg(images, options) : planDicom(images, options));
  assertDistinctEntries(plan);
  // Stamped when the files were first read, before their headers were: a change after that is seen when packing.
  const found = new Map<string, SourceStamp>([...images.files, ...images.dicomdirs].map((f) => [f.path, { path: f.path, size: f.size, mtimeMs: f.mtimeMs }]));
  return { ...plan, stamps: plan.inputs.flatMap((i) => found.get(i.sourcePath) ?? []) };
}

/**
 * Two files under one entry name (letter case ignored, as the archive writers compare them) stop the row before
 * anything is reserved. Planning names entries apart (generated DICOM names, renamed JPGs); this keeps a name
 * clash from ever reaching the writer after numbers are reserved.
 */
export function assertDistinctEntries(plan: Pick<RowPlan, 'inputs' | 'dicomdir'>): void {
  const seen = new Map<string, string>();
  const entries = plan.dicomdir ? [{ archivePath: 'DICOMDIR', sourcePath: 'DICOMDIR' }, ...plan.inputs] : plan.inputs;
  for (const { archivePath, sourcePath } of entries) {
    const key = archivePath.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new PlanError(
        bi(`${first} 與 ${sourcePath} 在壓縮檔中同名（${archivePath}，不分大小寫）；請移除或更名其一`, `${first} and ${sourcePath} would share the entry name ${archivePath} (letter case ignored); remove or rename one`),
      );
    }
    seen.set(key, sourcePath);
  }
}

async function planJpeg(images: DraftImages, options: Planning): Promise<RowPlan> {
  const problems: ImageProblem[] = [];
  const unusable: Bilingual[] = [];
  for (const f of images.files) {
    options.signal?.throwIfAborted();
    // Read once, whole, where it is small enough: its frame and its end come from the same bytes.
    const whole = f.size <= JPEG_WHOLE_READ ? await readHead(f.path, f.size) : undefined;
    const frame = whole ? readJpegFrame(whole, f.size).frame : await jpegFrameOf(f.path, f.size);
    if (!frame) unusable.push(bi(`無法讀取 JPEG 影像大小：${f.path}`, `Cannot read the JPEG frame size of ${f.path}`));
    else if (whole && !hasEoi(whole)) {
      const advice = thenAgain(bi('請重新複製或匯出', 'copy or export it again'), options.retry);
      unusable.push(bi(`${f.path}：JPEG 結尾缺少 EOI 標記（FF D9）：檔案不完整，${advice['zh-TW']}`, `${f.path}: the JPEG lacks its EOI marker (FF D9) at the end: the file is truncated; ${advice.en}`));
    } else sizeProblemInto(problems, options.family, f.path, frame.width, frame.height);
  }
  const [first, ...more] = unusable;
  if (first) throw new PlanError(first, more);
  const names = jpgEntryNames(images.files.map((f) => f.relativePath), options.order || 'IMG');
  const renamed = images.files.flatMap((f, i) => (names[i] === f.relativePath ? [] : [`${f.relativePath} → ${names[i]}`]));
  const notes = renamed.length
    ? [bi(`${renamed.length} 個 JPG 檔名不合規（中文、空白、符號、Windows 裝置名稱或重名）或副檔名不是 .jpg，已改名，例如 ${renamed[0]}`, `${counted(renamed.length, 'JPG file name')} not conforming (Chinese, spaces, symbols, a Windows device name or taken) or without the .jpg extension renamed, e.g. ${renamed[0]}`)]
    : [];
  return {
    prefix: 'ATT',
    inputs: images.files.map((f, i) => ({ archivePath: names[i], sourcePath: f.path })),
    bytes: images.files.reduce((t, f) => t + f.size, 0),
    imageProblems: problems,
    notes,
  };
}

async function planDicom(images: DraftImages, options: Planning): Promise<RowPlan> {
  const { retry, severities } = options;
  const infos = await scanAll(images.files.map((f) => f.path), severities, retry, options.signal);
  // Refused by the rule the check of the built batch names it by, at the user's severity, before anything is reserved.
  if (!infos.some((i) => i.hasPixels) && stopsBuild(NO_IMAGE_RULE, severities)) {
    throw new PlanError(withoutPixelsMessage(images.sources, infos.length, retry), [], undefined, NO_IMAGE_RULE);
  }
  const problems: ImageProblem[] = [];
  for (const info of infos) {
    if (info.rows !== undefined && info.columns !== undefined) sizeProblemInto(problems, options.family, info.sourcePath, info.columns, info.rows);
    // Modality names what made an image; structured reports, key objects, presentation states and documents carry SR, KO, PR, DOC.
    if (options.family && info.record.type === 'IMAGE' && !modalityExpected(options.family, info.modality)) {
      const want = options.family.modalities.join('/');
      problems.push({
        kind: 'modality',
        file: info.sourcePath,
        message: bi(`${info.sourcePath}：Modality ${info.modality || '（空白）'}，此醫令應為 ${want}`, `${info.sourcePath}: Modality ${info.modality || '(empty)'}, this order expects ${want}`),
      });
    }
  }
  const notes: Bilingual[] = [];
  if (images.dicomdirs.length && !options.rebuildDicomdir) {
    const kept = await keepExistingDicomdir(images, infos, retry, severities);
    if ('plan' in kept) return { ...kept.plan, imageProblems: problems, notes: [bi('沿用資料夾內既有的 DICOMDIR', 'The folder\'s existing DICOMDIR is kept')] };
    notes.push(bi(`已重建 DICOMDIR：${kept.why['zh-TW']}`, `DICOMDIR rebuilt: ${kept.why.en}`));
  } else if (images.dicomdirs.length) {
    notes.push(bi('已重建 DICOMDIR', 'DICOMDIR rebuilt'));
  }
  // The DICOMDIR is the build's own writing from here: no guessed text goes into it (undeclared-character-set.md).
  const [textRefused, ...moreTextRefused] = infos.flatMap((i) => i.textRefusal ?? []).map(scanErrorText);
  if (textRefused) throw new PlanError(textRefused, moreTextRefused);
  // Refused by the rule the check of the built batch reports those keys by, at the user's severity of it; a warning or
  // off, the DICOMDIR is written with what the files hold, and that check says so (or not) as it says of any DICOMDIR.
  const incomplete = infos.filter((i) => i.keyProblems.length > 0);
  if (incomplete.length && stopsBuild(KEYS_RULE, severities)) {
    throw new PlanError(keyProblemsMessage(incomplete[0], incomplete.length - 1, retry), [], undefined, KEYS_RULE);
  }
  const { patients, duplicates } = planDirectory(infos);
  for (const d of duplicates) notes.push(bi(`重複的 SOP Instance UID，未打包：${d.sourcePath}`, `Duplicate SOP Instance UID, left out: ${d.sourcePath}`));
  const dicomdir = buildDicomdir(patients, { fileSetId: 'NHI_IMAGING' });
  const inputs: ArchiveInput[] = [];
  for (const p of patients)
    for (const st of p.studies)
      for (const se of st.series) for (const im of se.images) inputs.push({ archivePath: archivePathOf(im.fileId), sourcePath: im.instance.sourcePath });
  const kept = new Set(inputs.map((i) => i.sourcePath));
  const bytes = infos.filter((i) => kept.has(i.sourcePath)).reduce((t, i) => t + i.size, 0) + dicomdir.length;
  return { prefix: 'DCF', inputs, dicomdir, bytes, imageProblems: problems, notes };
}

/**
 * An existing DICOMDIR is kept when it is the row's only one, at the top of its source folder, and
 * its records reference every DICOM file of the row, under File IDs without a Windows device name (IMG\\CON
 * cannot be unpacked on Windows), and give the UIDs and transfer syntax the files hold (not so once the files were
 * converted or edited after it was made: gdcmgendir indexes only Explicit VR Little Endian, so a GDCM user makes the
 * DICOMDIR before compressing); each file is then packed under its File ID's own spelling, which may differ
 * in case from the file's name. Otherwise the DICOMDIR is rebuilt
 * (`why` says why). A kept DICOMDIR that does not read without errors, or whose File IDs are not
 * conformant or name no file, stops the build and asks for a rebuild.
 */
async function keepExistingDicomdir(images: DraftImages, infos: readonly InstanceInfo[], retry: Retry, severities: ScanSeverities): Promise<{ plan: Omit<RowPlan, 'imageProblems' | 'notes'> } | { why: Bilingual }> {
  const [dir, ...others] = images.dicomdirs;
  if (others.length) {
    const list = images.dicomdirs.map((d) => d.path).join(', ');
    return { why: bi(`此列有 ${images.dicomdirs.length} 個 DICOMDIR（${list}），合為一個`, `the row holds ${images.dicomdirs.length} DICOMDIRs (${list}); one is made for all`) };
  }
  if (dir.relativePath.toUpperCase() !== 'DICOMDIR') {
    return { why: bi(`DICOMDIR 在子資料夾中（${dir.path}），其 File ID 不從壓縮檔根目錄起算`, `the DICOMDIR is in a subfolder (${dir.path}), so its File IDs do not start at the root of the archive`) };
  }
  const info = readDicomdir(new Uint8Array(await fsp.readFile(dir.path)));
  const deviceId = info.instances.map((rec) => rec.fileId ?? []).find((id) => id.some(isWindowsDeviceName));
  if (deviceId) {
    const id = deviceId.join('\\');
    const device = deviceId.find(isWindowsDeviceName)!;
    return {
      why: bi(
        `既有 DICOMDIR 的 File ID ${id} 含 Windows 裝置名稱 ${device}，在 Windows 上無法解壓；已改用 DICOM\\PA000001\\… 的 File ID`,
        `the existing DICOMDIR's File ID ${id} holds ${device}, a name Windows keeps for a device, so the archive could not be unpacked there; File IDs are now DICOM\\PA000001\\…`,
      ),
    };
  }
  // Type 1 keys its records lack stop the row only as the check of the built batch would judge them (KEYS_RULE).
  const keysStop = stopsBuild(KEYS_RULE, severities);
  const errors: Bilingual[] = info.problems.filter((p) => p.severity === 'error' && (keysStop || p.code !== 'dicomdir-empty-key')).map((p) => p.message);
  const byName = new Map(images.files.filter((f) => f.path.startsWith(join(dir.root, sep))).map((f) => [f.relativePath.toUpperCase(), f]));
  const referenced = new Set<DraftFile>();
  const inputs: ArchiveInput[] = [{ archivePath: 'DICOMDIR', sourcePath: dir.path }];
  for (const rec of info.instances) {
    const id = rec.fileId ?? [];
    const file = byName.get(id.join('/').toUpperCase());
    const problem = fileIdProblem(id);
    if (problem) errors.push(bi(`File ID ${id.join('\\')}：${problem}`, `File ID ${id.join('\\')}: ${problem}`));
    else if (!file) errors.push(bi(`找不到 ${id.join('\\')} 所指的檔案`, `no file for ${id.join('\\')}`));
    if (!file || referenced.has(file)) continue;
    referenced.add(file);
    inputs.push({ archivePath: id.join('/'), sourcePath: file.path });
  }
  const unlisted = images.files.filter((f) => !referenced.has(f));
  const stale = staleRecord(info.instances, byName, infos);
  if (stale) {
    return {
      why: bi(
        `既有 DICOMDIR 的紀錄與檔案不符（${stale}），像是檔案在 DICOMDIR 產生後又經轉檔或編輯`,
        `the existing DICOMDIR's records disagree with the files (${stale}), as when the files were converted or edited after it was made`,
      ),
    };
  }
  if (unlisted.length) {
    return {
      why: bi(
        `既有的 DICOMDIR 未列入此列的 ${unlisted.length} 個 DICOM 檔（如 ${unlisted[0].path}），依 DICOMDIR 讀取時會被略過`,
        `the existing DICOMDIR does not list ${counted(unlisted.length, 'DICOM file')} of the row (e.g. ${unlisted[0].path}), which a reader guided by the DICOMDIR would miss`,
      ),
    };
  }
  if (errors.length) {
    const first = errors[0];
    throw new PlanError(
      bi(
        `既有的 DICOMDIR 有問題（${first['zh-TW']}）；請以「重建 DICOMDIR」（--rebuild-dicomdir）${REBUILD_AGAIN[retry]['zh-TW']}`,
        `The existing DICOMDIR has problems (${first.en}); ${REBUILD_AGAIN[retry].en} with "rebuild DICOMDIR" (--rebuild-dicomdir)`,
      ),
      [],
      'rebuild-dicomdir',
    );
  }
  return { plan: { prefix: 'DCF', inputs, bytes: [...referenced].reduce((t, f) => t + f.size, 0) + (await fsp.stat(dir.path)).size } };
}

/** The check's rule for a Type 1 key a DICOMDIR record lacks (dicomdir.ts), which the plan refuses a source file by. */
const KEYS_RULE = RULE_FOR_PROBLEM['dicomdir-empty-key'];

/** How a refusal of a kept DICOMDIR names what to run again with a new one. */
const REBUILD_AGAIN: Readonly<Record<Retry, Bilingual>> = { build: bi('重新建置', 'build again'), resend: bi('重送', 're-send') };

/** The first instance record whose file holds other UIDs or another transfer syntax, as "IMG\\IM1: Transfer Syntax a ≠ b". */
function staleRecord(records: readonly DirectoryRecord[], byName: ReadonlyMap<string, DraftFile>, infos: readonly InstanceInfo[]): string | undefined {
  const byPath = new Map(infos.map((i) => [i.sourcePath, i]));
  for (const rec of records) {
    const id = rec.fileId ?? [];
    const info = byPath.get(byName.get(id.join('/').toUpperCase())?.path ?? '');
    if (!info) continue;
    const diffs = recordDifferences(rec, { ...info, seriesInstanceUid: info.seriesUid, studyInstanceUid: info.studyUid });
    if (diffs.length) return `${id.join('\\')}: ${diffs.join('; ')}`;
  }
  return undefined;
}

/** Names the file, each Type 1 key it lacks or holds invalid, and how to mend it. */
function keyProblemsMessage(info: InstanceInfo, others: number, retry: Retry): Bilingual {
  const list = info.keyProblems.map((p) => {
    const key = `${p.record} ${p.name} ${tagLabel(p.tag)}`;
    return p.value === undefined ? bi(`${key} 空白`, `${key} is empty`) : bi(`${key} 的值「${p.value}」不符合 ${p.vr} 格式`, `${key} "${p.value}" is not a valid ${p.vr}`);
  });
  const first = tagLabel(info.keyProblems[0].tag);
  const advice = thenAgain(bi(`請由影像系統重新匯出，或以 DICOM 編輯工具補上正確的值（例如 dcmodify -i "${first}=…"）`, `Export it again from the imaging system, or set a valid value with a DICOM editor (e.g. dcmodify -i "${first}=…")`), retry);
  return bi(
    `${info.sourcePath}：${list.map((m) => m['zh-TW']).join('；')}。DICOMDIR 紀錄的 Type 1 欄位必須有正確的值（PS3.3 F.5），此檔無法列入 DICOMDIR。` +
      `${advice['zh-TW']}${others ? `（另有 ${others} 個檔案有同樣問題）` : ''}`,
    `${info.sourcePath}: ${list.map((m) => m.en).join('; ')}. A Type 1 key of a DICOMDIR record needs a valid value (PS3.3 F.5), so this file cannot be listed in a DICOMDIR. ` +
      `${advice.en}${others ? ` (${counted(others, 'more file')} ${agreeing(others, 'has', 'have')} such problems)` : ''}`,
  );
}

function sizeProblemInto(out: ImageProblem[], family: FamilySpec | undefined, file: string, width: number, height: number): void {
  if (!family || meetsMinimumSize(family, { width, height })) return;
  const min = minimumSizeText(family)!;
  out.push({
    kind: 'size',
    file,
    message: bi(`${file}：影像 ${width}x${height} 小於最低要求 ${min['zh-TW']}`, `${file}: image ${width}x${height} is below the minimum ${min.en}`),
  });
}

/** What a file's refusal says, whole. */
function scanErrorText(e: DicomScanError): Bilingual {
  return e.whole ?? bi(`無法讀取 DICOM 檔頭：${e.path}（${e.why['zh-TW']}）`, `Cannot read the DICOM header of ${e.path} (${e.why.en})`);
}

/** Every file's header; the files whose header cannot be used are all named, in the order given, before the row stops. */
async function scanAll(paths: string[], severities: ScanSeverities, retry: Retry, signal?: AbortSignal): Promise<InstanceInfo[]> {
  const out: InstanceInfo[] = new Array(paths.length);
  const unusable: Bilingual[] = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      signal?.throwIfAborted();
      const i = next++;
      try {
        out[i] = await scanDicomHeader(paths[i], severities, retry);
      } catch (e) {
        if (!(e instanceof DicomScanError)) throw e;
        unusable[i] = scanErrorText(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, paths.length) }, worker));
  const [first, ...more] = unusable.filter(Boolean);
  if (first) throw new PlanError(first, more);
  return out;
}

/** The frame header, read from a prefix that grows while the SOF lies further on (large ICC or EXIF segments). */
async function jpegFrameOf(path: string, size: number): Promise<JpegFrame | null> {
  let want = Math.min(size, JPEG_HEAD);
  for (;;) {
    const r = readJpegFrame(await readHead(path, want), size);
    if (r.needMore === undefined || r.needMore <= want) return r.frame;
    want = r.needMore;
  }
}

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const h = await fsp.open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await h.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}
