import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Row } from '../csv/model';
import { defaultOptions, type ValidationOptions } from '../options';
import type { Bilingual, Finding } from '../types';
import { bi } from '../i18n';
import { counted } from '../counted';
import { ioFailure } from '../io-reasons';
import { holdsNoRecord } from '../rules/empty-row';
import { validateText } from '../validate';
import { decodeBytes } from '../csv/decode';
import { BUILD_AGAIN, encodingFinding } from '../csv/rules';
import { DRAFT_PATH_FORM, isDraftPath, isHomeOrVariableAlone, looksLikeArchiveName } from '../rules/archive-name';
import { familyOf } from '../spec/orders';
import { defaultOutputFolder, type DraftImages } from './draft';
import { checkAgainstLedger, draftFindingsInto, readDraftImages, sharedImagesInto } from './draft-check';
import { findLedger, readLedger, recordRecovered, reserve, rowKey, type ArchiveFormat } from './ledger';
import type { RowClaim } from './row-claims';
import { planRow, PlanError, type ImageProblem, type RowPlan } from './plan';
import { archiveFileName, compresses, imagesOverLimit, MAX_ARCHIVE_BYTES, MAX_CAB_PAYLOAD, packRow } from './pack';
import { finishBatch } from './finish';
import { BatchVerifier } from './verify';
import { WORKER_MIN_ARCHIVES, WORKER_MIN_BYTES } from '../archive/check';
import { removeLeftovers, workDirName } from './leftovers';
import { orphanArchives } from './orphans';
import { asBuildError, BuildError, type BuildProgress, type BuildRemedy, type BuildSummary, type BuiltRow } from './types';
import { batchDate, runPool } from './output';
import { exists, removeQuietly } from '../archive/atomic';
import { makeOutputFolder } from './folders';
import { holdDraftLock, type DraftLock } from './draft-lock';

/**
 * Turns a draft CSV (field 14 = path of the row's images) into an upload-ready batch:
 * one archive per row, the final CSV `{hospital}_{date}_{sequence}.csv`, the ledger updated.
 * Order of work: read and check everything, ask about image problems, reserve case numbers and the
 * sequence (ledger, fsynced), pack rows, write the CSV under a temporary name, run every check on
 * the result, publish the CSV, record the rows. Any failure or cancellation removes what this build
 * wrote; reserved numbers stay used. From before the ledger is read to the end, the build holds its
 * draft's lock (draft-lock.ts): a second build of the same draft is refused. Its reservation claims its rows by
 * key (row-claims.ts): a build or re-send of the same rows from elsewhere (a copy of the draft) in flight refuses it.
 */

export interface BuildOptions {
  /** Output folder; default `upload` beside the draft. Created when missing. */
  outDir?: string;
  format?: ArchiveFormat;
  /**
   * 7z compression level: 0 store (default), 1/3/5 LZMA2. Compressed, a row whose images pass the 4.5 GB limit is packed
   * and judged by its archive, packing stopped as soon as the archive passes the limit; in store it is refused beforehand.
   */
  level?: number;
  /** The largest archive allowed, in bytes; MAX_ARCHIVE_BYTES (the 4.5 GB rule). Lowered by tests, which cannot afford gigabytes. */
  archiveLimit?: number;
  /** CSV date, YYYYMMDD; default today in Taiwan. */
  date?: string;
  /** Ledger file; default: the nearest `.nhi-imaging/ledger.jsonl` at or above the draft's folder. */
  ledgerPath?: string;
  /** Rebuild a DICOMDIR found in a draft folder instead of checking and keeping it. */
  rebuildDicomdir?: boolean;
  validation?: Partial<ValidationOptions>;
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
  /**
   * Start the full check of finished archives (in pairs) while later rows are still packed, instead
   * of checking every archive once all are packed (default false). Measured on 2 cores (BENCHMARKS.md,
   * "Batch build"): with the archive checker's own worker threads both ways keep both cores busy, and
   * overlapping was not faster (LZMA2 96 MB: 31-33 s against 24-30 s) and raised the peak memory of
   * store builds (310-360 against 240-250 MB); kept for comparisons when the checker changes.
   */
  checkWhilePacking?: boolean;
  /** Image problems (size, modality) found before packing: go on or stop. Without it, the build stops. */
  onDecision?: (problems: RowImageProblem[]) => Promise<'continue' | 'stop'> | 'continue' | 'stop';
}

export interface RowImageProblem extends ImageProblem {
  /** 0-based row index in the draft. */
  row: number;
}

const FIELD_HOSPITAL = 1;
const FIELD_ORDER = 10;
const FIELD_ARCHIVE = 14;
const FIELD_COUNT = 17;
/** Rows packed at once, and finished archives handed to the checker at once: one per core. */
const PACK_WIDTH = 2;
const CHECK_GROUP = 2;

interface RowWork {
  row: Row;
  sources: string[];
  plan: RowPlan;
}

export { BuildError, type BuildProgress, type BuildSummary, type BuiltRow } from './types';

const UPLOAD_BATCH_NOT_DRAFT = bi(
  '此檔每列的序號14 都是影像壓縮檔名稱：這是已建置的上傳批次，不是草稿，未建置。建置讀取草稿，草稿的序號14 是各列影像資料夾或檔案的路徑（例如 ./row1）',
  'Field 14 of every row names an archive: this is an upload batch, not a draft, and nothing was built. A build reads a draft, whose field 14 holds the path of each row\'s image folder or files (e.g. ./row1)',
);

/**
 * Whether field 14 of every full row names an archive, as in a batch already built: refused with one reason
 * (UPLOAD_BATCH_NOT_DRAFT) rather than one a row, which would say nothing of the mistake.
 */
function namesArchivesOnly(rows: readonly Row[]): boolean {
  const full = rows.filter((r) => r.cells.length === FIELD_COUNT);
  return full.length > 0 && full.every((r) => looksLikeArchiveName(r.cells[FIELD_ARCHIVE - 1].value.trim()));
}

export function buildBatch(draftPath: string, options: BuildOptions = {}): Promise<BuildSummary> {
  return asBuildError(options.signal, () => buildFromDraft(draftPath, options));
}

async function buildFromDraft(draftPath: string, options: BuildOptions): Promise<BuildSummary> {
  const draft = resolve(draftPath);
  const draftDir = dirname(draft);
  const format = options.format ?? '7z';
  const date = batchDate(options.date);
  const outDir = resolve(options.outDir ?? defaultOutputFolder(draftDir));
  const ledgerPath = resolve(options.ledgerPath ?? (await findLedger(draftDir)));
  // A draft is not the final CSV: its own file name is not checked.
  const vopts = defaultOptions({ ...options.validation, fileName: undefined });
  const progress = (p: Omit<BuildProgress, 'rowCount'> & { rowCount?: number }, rowCount: number): void =>
    options.onProgress?.({ rowCount, ...p });

  // 1. The draft: CSV rules, one hospital, every row a draft path.
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(draft);
  } catch (e) {
    const why = ioFailure(e, 'csv');
    throw new BuildError(bi(`無法讀取草稿 ${draft}：${why['zh-TW']}`, `Cannot read the draft ${draft}: ${why.en}`), [], 'io');
  }
  // Excel saves a plain CSV in the system's code page (Big5 on a Taiwanese Windows): read as UTF-8, its Chinese image
  // paths would name folders that do not exist, and UTF-16 would give every field an error. One error says what to do.
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) {
    throw new BuildError(bi('草稿不是 UTF-8 文字檔，未建置', 'The draft is not UTF-8 text; nothing was built'), [encodingFinding(decoded.problem, BUILD_AGAIN)], 'draft');
  }
  const text = decoded.text;
  // Read as a draft whatever its first row says: a row naming an archive needs a path (below), not the others an archive name.
  const { model, findings } = validateText(text, { ...vopts, draft: true });
  // Rows of only commas, as spreadsheets leave them, hold no record (ROW-empty says so), nor does an end-of-file mark: not built.
  const rows = model.rows.filter((r) => !holdsNoRecord(r));
  progress({ phase: 'read', bytesDone: 0, bytesTotal: 0, message: bi(`讀取草稿，共 ${rows.length} 列`, `Read the draft: ${counted(rows.length, 'row')}`) }, rows.length);
  if (rows.length === 0) throw new BuildError(bi('草稿沒有資料列', 'The draft has no rows'));
  if (namesArchivesOnly(rows)) throw new BuildError(UPLOAD_BATCH_NOT_DRAFT, [], 'draft');
  // The home folder or a variable's alone keeps its own F14-pattern finding, which asks for the full path.
  const notPaths = rows.filter((row) => row.cells.length === FIELD_COUNT && !isDraftPath(row.cells[FIELD_ARCHIVE - 1].value) && !isHomeOrVariableAlone(row.cells[FIELD_ARCHIVE - 1].value));
  // Of a row whose field 14 is no path, the CSV rules' finding on that field asks for an archive name, which a draft
  // does not hold: the row's reason is that it needs a path.
  const notPathRows = new Set(notPaths.map((row) => row.index));
  const errors = findings.filter((f) => f.severity === 'error' && !(f.field === FIELD_ARCHIVE && f.row !== null && notPathRows.has(f.row)));
  for (const row of notPaths) {
    errors.push(rowError(row, bi(`序號14 應為${DRAFT_PATH_FORM['zh-TW']}`, `Field 14 must be ${DRAFT_PATH_FORM.en}`)));
  }
  const hospitals = new Set(rows.map((r) => r.cells[FIELD_HOSPITAL - 1]?.value ?? ''));
  if (hospitals.size > 1) {
    errors.push(rowError(rows[0], bi(`一個批次只能有一家醫事機構，草稿中有 ${[...hospitals].join('、')}`, `A batch holds one hospital; the draft has ${[...hospitals].join(', ')}`)));
  }
  if (errors.length) throw new BuildError(bi(`草稿有 ${errors.length} 個錯誤，未建置；請依所列各列改正草稿後再建置`, `The draft has ${counted(errors.length, 'error')}; nothing was built. Correct the rows listed in the draft and build again`), errors, 'draft');
  const lock = await holdDraftLock(draft, ledgerPath);
  try {
    return await buildChecked({ draftDir, text, rows, findings, hospital: [...hospitals][0], format, date, outDir, ledgerPath, vopts, lock, progress }, options);
  } finally {
    await lock.release();
  }
}

/** A draft that passed its CSV checks, and what the build of it has settled. */
interface CheckedDraft {
  draftDir: string;
  text: string;
  rows: Row[];
  findings: Finding[];
  hospital: string;
  format: ArchiveFormat;
  date: string;
  outDir: string;
  ledgerPath: string;
  vopts: ValidationOptions;
  lock: DraftLock;
  progress: (p: Omit<BuildProgress, 'rowCount'> & { rowCount?: number }, rowCount: number) => void;
}

/** Steps 2 to 7, under the draft's lock. */
async function buildChecked(d: CheckedDraft, options: BuildOptions): Promise<BuildSummary> {
  const { draftDir, rows, findings, hospital, format, date, outDir, ledgerPath, vopts, lock, progress } = d;
  const signal = options.signal;
  const ledger = await readLedger(ledgerPath);
  // The draft's own warnings (an empty row left out, a card swiped after the exam) go with the build's.
  const draftWarnings = findings.filter((f) => f.severity === 'warning');
  const warnings: Finding[] = [];

  // 2. Images: collect, check, plan each row's archive.
  const work: RowWork[] = [];
  const imageFindings: Finding[] = [];
  let remedy: BuildRemedy | undefined;
  const taken: { row: Row; images: DraftImages }[] = [];
  for (const row of rows) {
    signal?.throwIfAborted();
    progress({ phase: 'scan', row: row.index, bytesDone: 0, bytesTotal: 0, message: bi(`檢查第 ${row.index + 1} 列的影像`, `Checking the images of row ${row.index + 1}`) }, rows.length);
    const rowFindings: Finding[] = [];
    // One that cannot be read (no read access) is named with the others' findings, as the editor names it.
    const images = await readDraftImages(rowFindings, draftDir, row, vopts, signal, outDir);
    if (!images) {
      imageFindings.push(...rowFindings);
      continue;
    }
    taken.push({ row, images });
    draftFindingsInto(rowFindings, row, images, vopts);
    imageFindings.push(...rowFindings.filter((f) => f.severity === 'error'));
    warnings.push(...rowFindings.filter((f) => f.severity !== 'error'));
    if (rowFindings.some((f) => f.severity === 'error')) continue;
    try {
      const order = row.cells[FIELD_ORDER - 1].value;
      const plan = await planRow(images, { family: familyOf(order), order, rebuildDicomdir: options.rebuildDicomdir, severities: vopts.severities, signal });
      work.push({ row, sources: images.sources, plan });
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      imageFindings.push(...[e.bilingual, ...e.more].map((message) => rowError(row, message, 'error', e.ruleId)));
      remedy ??= e.remedy;
    }
  }
  await sharedImagesInto(imageFindings, taken, vopts);
  if (imageFindings.length) throw new BuildError(bi(`影像有 ${imageFindings.length} 個錯誤，未建置；請依所列各列改正序號14 的影像路徑或影像後再建置`, `${counted(imageFindings.length, 'image error')}; nothing was built. Correct the image paths in field 14 or the images of the rows listed and build again`), imageFindings, 'images', remedy);
  const limit = options.archiveLimit ?? MAX_ARCHIVE_BYTES;
  for (const w of work) {
    const name = rowName(w.row);
    // Compressed, the archive may come out under the limit: it is packed and judged by its size (step 4).
    if (w.plan.bytes > limit && !compresses(format, options.level)) throw imagesOverLimit(name, w.plan.bytes, limit);
    if (format === 'cab' && w.plan.bytes > MAX_CAB_PAYLOAD) {
      throw new BuildError(bi(`${name['zh-TW']}：影像超過 2 GiB，無法做成 CAB；請改用 7z`, `${name.en} is above 2 GiB and cannot be a CAB; use 7z`), [], 'limits');
    }
  }
  const problems: RowImageProblem[] = work.flatMap((w) => w.plan.imageProblems.map((p) => ({ ...p, row: w.row.index })));
  if (problems.length) {
    const decision = options.onDecision ? await options.onDecision(problems) : 'stop';
    if (decision !== 'continue') {
      throw new BuildError(bi(`${problems.length} 個影像問題（大小或檢查類別），已停止建置`, `${counted(problems.length, 'image problem')} (size or modality); the build stopped`), problems.map((p) => rowError(rows[p.row], p.message, 'warning')), 'stopped');
    }
    warnings.push(...problems.map((p) => rowError(rows[p.row], p.message, 'warning')));
  }

  // 3. Reserve numbers (ledger fsynced before any archive exists).
  signal?.throwIfAborted();
  const unmakeOutDir = await makeOutputFolder(outDir);
  // Leftovers of killed builds in this folder (only those provably abandoned).
  const leftovers = await removeLeftovers(outDir);
  const orphans = await orphanArchives(outDir, ledgerPath, ledger);
  const recovered = await recordRecovered(ledgerPath, ledger);
  const buildId = `${new Date().toISOString()}-${randomBytes(4).toString('hex')}`;
  progress({ phase: 'reserve', bytesDone: 0, bytesTotal: 0, message: bi('保留案件編號與批次序號', 'Reserving case numbers and the batch sequence') }, rows.length);
  const claim: RowClaim = {
    kind: 'build',
    rows: work.map((w) => ({ key: rowKey(w.row.cells.map((c) => c.value)), name: bi(`第 ${w.row.index + 1} 列`, `row ${w.row.index + 1}`) })),
    lock: lock.held,
  };
  const reservation = await reserve(ledgerPath, {
    hospital,
    date,
    caseCount: work.length,
    minSequence: await highestSequenceIn(outDir, hospital, date),
    build: buildId,
    claim,
  }).catch(async (e: unknown) => {
    await unmakeOutDir();
    throw e;
  });
  // Said of the ledger as the reservation read it: rows another build sent since this one started are warned of as a later build would.
  warnings.unshift(...draftWarnings, ...checkAgainstLedger(rows, reservation.ledger, vopts));

  // 4. Pack, 5. CSV, 6. verify, 7. publish and record. Cleanup on any failure.
  const written: string[] = [];
  const workDir = join(outDir, workDirName());
  const names = work.map((w, i) => archiveFileName(w.plan.prefix, hospital, reservation.cases[i], format));
  // The final CSV is known now: each row's text with field 14 = its archive name.
  const texts = work.map((w, i) => {
    const cells = w.row.cells.map((c) => c.raw);
    cells[FIELD_ARCHIVE - 1] = names[i];
    return cells.join(',');
  });
  // CRLF whatever the draft's line ends: what Windows programs (Excel, Notepad) write, as a re-send batch does.
  const eol = '\r\n';
  // The final check (with checkWhilePacking, started while later rows are packed); stopped when the build fails.
  const stopChecks = new AbortController();
  const verifier = new BatchVerifier(texts.join(eol) + eol, reservation.csvName, outDir, { ...vopts, imageProblemsAccepted: problems.length > 0, imageProblemsShown: true }, signal ? AbortSignal.any([signal, stopChecks.signal]) : stopChecks.signal);
  try {
    for (const n of names) {
      if (await exists(join(outDir, n))) throw new BuildError(bi(`輸出檔已存在，不覆寫：${n}`, `Output exists and is not overwritten: ${n}`), [], 'output');
    }
    const bytesTotal = work.reduce((t, w) => t + w.plan.bytes, 0);
    const doneByRow = new Array<number>(work.length).fill(0);
    const started = Date.now();
    const built: BuiltRow[] = new Array(work.length);
    const finished: number[] = [];
    let packed = 0;
    // The checker's own rule for worker threads, applied to the whole batch rather than to each pair.
    const checkWorkers = work.length >= WORKER_MIN_ARCHIVES || bytesTotal >= WORKER_MIN_BYTES ? true : undefined;
    // A row that fails (its archive past the limit, a full disk) fails the build: the row packed beside it stops at once.
    const stopPacking = new AbortController();
    const packSignal = signal ? AbortSignal.any([signal, stopPacking.signal]) : stopPacking.signal;
    await runPool(work.length, PACK_WIDTH, async (i) => {
      const w = work[i];
      const path = join(outDir, names[i]);
      const result = await packRow(w.plan, path, {
        format,
        level: options.level,
        workDir,
        limit: { bytes: limit, name: rowName(w.row) },
        signal: packSignal,
        onProgress: (p) => {
          doneByRow[i] = p.bytesDone;
          const bytesDone = doneByRow.reduce((a, b) => a + b, 0);
          const elapsed = Date.now() - started;
          progress(
            {
              phase: 'pack',
              row: w.row.index,
              rowBytesDone: p.bytesDone,
              rowBytesTotal: p.bytesTotal,
              bytesDone,
              bytesTotal,
              etaMs: bytesDone > 0 ? Math.round((elapsed * (bytesTotal - bytesDone)) / bytesDone) : undefined,
              message: bi(`打包第 ${w.row.index + 1} 列：${names[i]}`, `Packing row ${w.row.index + 1}: ${names[i]}`),
            },
            rows.length,
          );
        },
      });
      written.push(path);
      built[i] = { row: w.row.index, caseNumber: reservation.cases[i], archivePath: path, archiveBytes: result.bytes, text: texts[i], notes: w.plan.notes };
      // checkWhilePacking: finished archives go to the checker in pairs (one per core), the last one alone.
      finished.push(i);
      packed++;
      if (options.checkWhilePacking && (finished.length === CHECK_GROUP || packed === work.length)) verifier.checkRows(finished.splice(0), checkWorkers);
    }, stopPacking);

    const summary = await finishBatch({
      rows: built,
      sources: work.map((w) => w.sources),
      format: work.map(() => format),
      builtDicomdir: work.map((w) => w.plan.dicomdir !== undefined),
      hospital,
      outDir,
      csvName: reservation.csvName,
      eol,
      ledgerPath,
      buildId,
      kind: 'build',
      warnings,
      validation: vopts,
      imageProblemsAccepted: problems.length > 0,
      signal,
      written,
      onVerify: (message) => progress({ phase: 'verify', bytesDone: bytesTotal, bytesTotal, message }, rows.length),
      verifier,
      beforeRecording: () => lock.assertStillHeld(),
      claim,
    });
    summary.leftoversRemoved = leftovers;
    summary.recoveredBatches = recovered;
    summary.orphanArchives = orphans;
    progress({ phase: 'done', bytesDone: bytesTotal, bytesTotal, message: bi(`完成：${summary.csvName}`, `Done: ${summary.csvName}`) }, rows.length);
    return summary;
  } catch (e) {
    stopChecks.abort();
    await verifier.settle();
    await Promise.all(written.map(removeQuietly));
    throw e;
  } finally {
    await removeQuietly(workDir);
  }
}

/**
 * The id of the build's own findings on a row's images (a file cut short or unreadable, image problems the build
 * stopped on): no rule of the catalogue, so the command line names none.
 */
export const BUILD_FINDING = 'BUILD';

/** 「第 3 列」 / "Row 3". */
function rowName(row: Row): Bilingual {
  return bi(`第 ${row.index + 1} 列`, `Row ${row.index + 1}`);
}

/** `ruleId`: the check's rule where the finding is its error (PlanError.ruleId); the build's own otherwise. */
function rowError(row: Row, message: Bilingual, severity: Finding['severity'] = 'error', ruleId = BUILD_FINDING): Finding {
  return { ruleId, severity, range: row.range, field: null, row: row.index, message };
}

/** The highest sequence of `{hospital}_{date}_NNN.csv` already in the folder (0 if none). */
export async function highestSequenceIn(dir: string, hospital: string, date: string): Promise<number> {
  const pattern = new RegExp(`^${hospital}_${date}_(\\d{3,6})\\.csv$`, 'i');
  let max = 0;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const m = pattern.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}
