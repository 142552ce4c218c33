/**
 * checkLinkedArchives: for every row of an upload CSV, find the archive named in field 14 and
 * check it (rules in ./rules.ts), putting each finding on the row's field-14 cell.
 *
 * Per archive: it exists under exactly that name (beside the CSV, or in `archiveDir`); the size
 * rule, from the size alone (an archive over 4.5 GiB is never opened); real 7z/CAB content by
 * magic bytes; then the content (images/inspect.ts) and the row's expectations
 * (images/row-rules.ts). An archive named on several rows is opened once.
 *
 * Several archives are checked at once (`concurrency`, default: the number of cores, at least 2),
 * each in a worker thread of its own (check-pool.ts) when two or more are checked at once and the
 * batch is large enough to repay starting the workers (WORKER_MIN_BYTES), so a batch keeps every core
 * busy; in this thread otherwise, or when workers cannot start. Cancelling through `signal` ends the
 * workers and rejects with the signal's reason.
 */
import { availableParallelism } from 'node:os';
import { bi } from '../i18n';
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CsvModel, Row } from '../csv/model';
import type { ValidationOptions } from '../options';
import { emit } from '../rules/emit';
import { ioFailure } from '../io-reasons';
import { archiveOfPath, caseFixedArchiveName, isDraftPath, isHomeOrVariableAlone } from '../rules/archive-name';
import { toHalfWidth } from '../rules/row';
import { textFormula, typedQuotes } from '../rules/typed-quotes';
import { familyOf } from '../spec/orders';
import type { Bilingual, Finding, Range, Severity } from '../types';
import { worstSeverity } from '../dicom/problems';
import type { CheckMode, ImageFact } from '../images/inspect';
import { IssueList } from '../images/issues';
import type { Issue } from '../images/issues';
import { judgeImages, rowExpectations } from '../images/row-rules';
import { BUILD_UNSPLIT, CHECK_AGAIN_OR_BUILD, COPY_THE_ARCHIVE, PUT_IT_THERE_OR_NAME_THE_FOLDER, correctFieldTo, renameTo } from '../images/advice';
import { ARCHIVE_SIZE_LIMIT, checkArchiveFile, entryProgress } from './check-archive';
import type { ArchiveFileOutcome } from './check-archive';
import { ownPool, PoolUnavailable, WorkerEnded, type CheckPoolKeeper } from './check-pool';
import type { PoolJob } from './check-pool';
import { estimateQuickDecodeBytes } from './quick-work';
import { EventLoopTurns } from './event-loop-turns';
import type { ArchiveKind, ArchiveReader, OpenOptions } from './types';
import './rules';

export { ARCHIVE_SIZE_LIMIT, ARCHIVE_SIZE_WARNING } from './check-archive';

/**
 * 'auto' starts workers for a batch of at least this many bytes to read (full check: the archives' size)
 * or to decode (quick check: quick-work.ts) or, in a full check, this many archives: a worker costs
 * 50-150 ms of CPU to start (Node bootstrap and the bundle), more than checking a few small archives
 * (BENCHMARKS.md, "Linked-archive check"). The count covers archives that are small on disk but inflate
 * to much more.
 */
export const WORKER_MIN_BYTES = 64 * 1024 * 1024;
export const WORKER_MIN_ARCHIVES = 8;
/**
 * Workers at most, whatever the cores: each worker's isolate holds up to ~64 MiB of inflate output not
 * yet collected (V8's external-memory soft limit) besides its ~30 MB; two workers and this thread peak
 * at 220 MB in the CAB benchmark, four at 350 MB (BENCHMARKS.md), over the 256 MB the issue allows.
 */
export const MAX_WORKERS = 2;

/** The archives of the targets found in the folder as regular files (a pipe or a device is never opened), with their sizes (stat only). */
async function foundArchives(targets: readonly Target[], dir: string, listing: Listing): Promise<Array<{ path: string; size: number }>> {
  const found = targets.filter((t) => listing.exact.has(t.name) && !/[\\/]/.test(t.name)).map((t) => join(dir, t.name));
  const sizes = await Promise.all(found.map((path) => fsp.stat(path).then((st) => (st.isFile() ? st.size : -1), () => -1)));
  return found.map((path, i) => ({ path, size: sizes[i] })).filter((f) => f.size >= 0);
}

/**
 * Whether 'auto' checks the batch in workers. A full check reads every byte, so the batch's size on disk
 * (or its number of archives, which may inflate to much more) decides. A quick check of stored archives
 * reads only each entry's first bytes and is fastest in one thread (BENCHMARKS.md, "Linked-archive
 * check"), however many there are; so it is the bytes the quick check will decode, estimated from a
 * sample of the archives' listings, that decide.
 */
async function wantsWorkers(targets: readonly Target[], dir: string, listing: Listing, mode: CheckMode, signal: AbortSignal | undefined): Promise<boolean> {
  if (mode === 'full' && targets.length >= WORKER_MIN_ARCHIVES) return true;
  const found = await foundArchives(targets, dir, listing);
  if (mode === 'full') return found.reduce((s, f) => s + f.size, 0) >= WORKER_MIN_BYTES;
  const openable = found.filter((f) => f.size <= ARCHIVE_SIZE_LIMIT).map((f) => f.path);
  return (await estimateQuickDecodeBytes(openable, { signal })) >= WORKER_MIN_BYTES;
}

export interface ArchiveProgress {
  /** The archive's name as in field 14. */
  archive: string;
  /** 0-based indexes of the rows naming it. */
  rows: number[];
  /** Position of this archive among those being checked, 0-based, and their number. */
  index: number;
  total: number;
  phase: 'start' | 'entries' | 'done';
  entriesDone: number;
  entriesTotal: number;
}

export interface ArchiveCheckOptions {
  /** Folder holding the archives; default: the CSV's folder. */
  archiveDir?: string;
  options: ValidationOptions;
  mode?: CheckMode;
  onProgress?: (p: ArchiveProgress) => void;
  signal?: AbortSignal;
  /** Archives checked at once. */
  concurrency?: number;
  /** Opens an archive; the archive layer's openArchive unless a test supplies another (then no workers are used). */
  open?: (path: string, options: OpenOptions) => Promise<ArchiveReader>;
  /**
   * Worker threads for archives checked at once: 'auto' (default) when two or more are checked at once
   * and the batch repays them (wantsWorkers); true whenever two or more are checked at once; false never.
   * In-process whenever workers cannot start.
   */
  workers?: boolean | 'auto';
  /** Workers kept between checks by a long-lived caller; without it, a check starts its own and ends them. */
  workerPool?: CheckPoolKeeper;
}

export interface SizeCount {
  width: number;
  height: number;
  count: number;
}

/** What one row's archive holds, for reports. */
export interface ArchiveSummary {
  row: number;
  line: number;
  archive: string;
  /** Where it was found, or null when not found. */
  path: string | null;
  /** The archive file's size in bytes, or null when not found. */
  bytes: number | null;
  kind: ArchiveKind | null;
  entries: number;
  uncompressedBytes: number;
  instances: number;
  dicomInstances: number;
  jpegImages: number;
  series: number;
  studies: number;
  modalities: string[];
  /** Distinct image sizes, most frequent first. */
  sizes: SizeCount[];
  transferSyntaxes: string[];
  /** The worst severity among this row's archive findings, or null when there are none. */
  worst: Severity | null;
  findings: number;
  elapsedMs: number;
}

export interface ArchiveCheckResult {
  findings: Finding[];
  summaries: ArchiveSummary[];
}

interface Target {
  name: string;
  rows: Row[];
}

/** What was learned about one archive, before the row's expectations are applied. */
interface ArchiveOutcome {
  path: string | null;
  bytes: number | null;
  kind: ArchiveKind | null;
  issues: IssueList;
  content: ArchiveFileOutcome['content'];
  elapsedMs: number;
}

function cell14Range(row: Row): Range {
  return (row.cells[13] ?? row.cells[row.cells.length - 1])?.range ?? row.range;
}

/**
 * The archive name field 14 means: without a spreadsheet's ="…" or typed quotation marks around it, in half-width
 * characters, without the folders of a path to it. Those are the field's own findings (F-quoted, F-fullwidth,
 * F14-pattern) with their fixes; the archive is the one meant.
 */
export function meantName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const inside = toHalfWidth(textFormula(v) ?? typedQuotes(v)?.inside ?? v).trim();
  return archiveOfPath(inside) ?? inside;
}

/**
 * The rows that name an archive, grouped by name (a draft path, the home folder or a variable's alone, which field 14
 * gets F14-pattern for as a folder, or an empty cell names none).
 */
function targetsOf(rows: readonly Row[]): Target[] {
  const byName = new Map<string, Target>();
  for (const row of rows) {
    const value = meantName(row.cells[13]?.value);
    if (!value || isDraftPath(value) || isHomeOrVariableAlone(value)) continue;
    let t = byName.get(value);
    if (!t) byName.set(value, (t = { name: value, rows: [] }));
    t.rows.push(row);
  }
  return [...byName.values()];
}

/** Names in the archive folder, exact and folded to upper case; why it could not be listed, in words. */
interface Listing {
  exact: Set<string>;
  folded: Map<string, string>;
  error?: Bilingual;
}

async function listFolder(dir: string): Promise<Listing> {
  try {
    const names = await fsp.readdir(dir);
    const folded = new Map<string, string>();
    for (const n of names) if (!folded.has(n.toUpperCase())) folded.set(n.toUpperCase(), n);
    return { exact: new Set(names), folded };
  } catch (e) {
    return { exact: new Set(), folded: new Map(), error: ioFailure(e) };
  }
}

/** NAME.7z.7z or NAME.CAB.cab (any case) in the folder: an extension typed where Windows hid the one the file had. */
function doubled(name: string, listing: Listing): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : listing.folded.get(`${name}${name.slice(dot)}`.toUpperCase());
}

/** Finds the archive named by `target` (exact name, else a case-only match as its own finding) and checks it. */
async function checkOne(target: Target, dir: string, listing: Listing, mode: CheckMode, run: (job: PoolJob) => Promise<ArchiveFileOutcome>, report: (p: Partial<ArchiveProgress>) => void): Promise<ArchiveOutcome> {
  const started = Date.now();
  const issues = new IssueList();
  const outcome: ArchiveOutcome = { path: null, bytes: null, kind: null, issues, content: null, elapsedMs: 0 };
  const finish = () => ((outcome.elapsedMs = Date.now() - started), outcome);
  const name = target.name;

  // The name must be a plain file name: a path separator would reach outside the folder.
  if (/[\\/]/.test(name) || name === '.' || name === '..') return finish();
  let actual = name;
  const other = listing.exact.has(name) ? undefined : listing.folded.get(name.toUpperCase());
  if (other) {
    // Field 14 in other case than the text writes it (F14's fix) and a file named as the text writes it: the
    // field is what to correct, and the archive is the one meant.
    const meant = caseFixedArchiveName(name) === other;
    issues.add('A14-name-case', null, bi(`資料夾中只有 ${other}，與序號14 的 ${name} 大小寫不同`, `the folder holds ${other}, which differs in case from ${name} in field 14`), meant ? correctFieldTo(other) : renameTo(name));
    if (!meant) return finish();
    actual = other;
  } else if (!listing.exact.has(name)) {
    if (listing.folded.has(`${name.toUpperCase()}.001`)) {
      // 7-Zip's "Split to volumes": the parts are NAME.001, NAME.002…, and no file bears the name itself.
      const first = listing.folded.get(`${name.toUpperCase()}.001`)!;
      issues.add('A14-missing', null, bi(`${dir} 中找不到 ${name}，只有分割壓縮檔的第一部分 ${first}，而健保署只收完整的單一壓縮檔`,
        `${name} is not in ${dir}: the folder holds ${first}, the first part of an archive split into volumes, and the NHI takes one whole archive`), BUILD_UNSPLIT);
    } else if (listing.folded.has(`${name.toUpperCase()}.LNK`)) {
      const shortcut = listing.folded.get(`${name.toUpperCase()}.LNK`)!;
      issues.add('A14-missing', null, bi(`${dir} 中找不到 ${name}，只有指向它的 Windows 捷徑 ${shortcut}，不是壓縮檔本身`,
        `${name} is not in ${dir}: the folder holds ${shortcut}, a Windows shortcut to it, not the archive`), COPY_THE_ARCHIVE);
    } else if (doubled(name, listing) !== undefined) {
      const found = doubled(name, listing);
      issues.add('A14-missing', null, bi(`${dir} 中找不到 ${name}，只有副檔名重複的 ${found}（Windows 預設隱藏已知檔案類型的副檔名，改名時再打上副檔名就會重複）`,
        `${name} is not in ${dir}: the folder holds ${found}, its extension written twice (Windows hides the extensions of known file types, so one typed in a new name is added again)`), renameTo(name));
    } else {
      const where = listing.error ? `${dir}（${listing.error['zh-TW']}）` : dir;
      issues.add('A14-missing', null, bi(`${where} 中找不到 ${name}`, `${name} is not in ${listing.error ? `${dir} (${listing.error.en})` : dir}`), PUT_IT_THERE_OR_NAME_THE_FOLDER);
    }
    return finish();
  }
  outcome.path = join(dir, actual);
  let file: ArchiveFileOutcome;
  try {
    file = await run({ name: actual, path: outcome.path, mode, onEntries: entryProgress((done, total) => report({ phase: 'entries', entriesDone: done, entriesTotal: total })) });
  } catch (e) {
    if (!(e instanceof WorkerEnded)) throw e;
    issues.add('A14-unreadable', null, bi(`檢查此壓縮檔時工作執行緒中止（${e.message}）`, `the check of this archive stopped: its worker thread ended (${e.message})`), CHECK_AGAIN_OR_BUILD);
    return finish();
  }
  outcome.bytes = file.bytes;
  outcome.kind = file.kind;
  outcome.content = file.content;
  issues.merge(IssueList.from(file.issues));
  return finish();
}

/** Rejects with the signal's reason as soon as it aborts. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function sizesOf(images: readonly ImageFact[]): SizeCount[] {
  const counts = new Map<string, SizeCount>();
  for (let k = 0; k < images.length; k++) {
    const i = images[k];
    if (!i.hasPixels || i.width === undefined || i.height === undefined) continue;
    const key = `${i.width}x${i.height}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { width: i.width, height: i.height, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

function sorted(values: Set<string>): string[] {
  return [...values].sort();
}

function summaryOf(row: Row, target: Target, outcome: ArchiveOutcome, rowFindings: Finding[]): ArchiveSummary {
  const images = outcome.content?.images ?? [];
  const worst = worstSeverity(rowFindings);
  // One pass over the images (a row's archive may hold thousands) for every count and distinct value.
  let dicomInstances = 0;
  let jpegImages = 0;
  const series = new Set<string>();
  const studies = new Set<string>();
  const modalities = new Set<string>();
  const transferSyntaxes = new Set<string>();
  for (let k = 0; k < images.length; k++) {
    const i = images[k];
    if (i.kind === 'dicom') dicomInstances++;
    else if (i.kind === 'jpeg') jpegImages++;
    if (i.seriesUid) series.add(i.seriesUid);
    if (i.studyUid) studies.add(i.studyUid);
    if (i.modality) modalities.add(i.modality);
    if (i.transferSyntax) transferSyntaxes.add(i.transferSyntax);
  }
  return {
    row: row.index,
    line: row.line,
    archive: target.name,
    path: outcome.path,
    bytes: outcome.bytes,
    kind: outcome.kind,
    entries: outcome.content?.entries ?? 0,
    uncompressedBytes: outcome.content?.uncompressedBytes ?? 0,
    instances: images.length,
    dicomInstances,
    jpegImages,
    series: series.size,
    studies: studies.size,
    modalities: sorted(modalities),
    sizes: sizesOf(images),
    transferSyntaxes: sorted(transferSyntaxes),
    worst,
    findings: rowFindings.length,
    elapsedMs: outcome.elapsedMs,
  };
}

function findingsFor(row: Row, issues: readonly Issue[], options: ValidationOptions): Finding[] {
  const out: Finding[] = [];
  const range = cell14Range(row);
  for (const issue of issues) emit(out, options, issue.ruleId, range, 14, row.index, issue.message);
  return out;
}

/** Runs `work` over `items` with at most `limit` in flight, in order of start. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  });
  await Promise.all(runners);
}

export async function checkLinkedArchives(csvPath: string, rowsOrModel: readonly Row[] | CsvModel, opts: ArchiveCheckOptions): Promise<ArchiveCheckResult> {
  const rows = 'rows' in rowsOrModel ? rowsOrModel.rows : rowsOrModel;
  const dir = opts.archiveDir ?? dirname(csvPath);
  const mode = opts.mode ?? 'quick';
  opts.signal?.throwIfAborted();
  const targets = targetsOf(rows);
  const listing = await listFolder(dir);
  const outcomes = new Array<ArchiveOutcome>(targets.length);
  const concurrency = Math.max(1, opts.concurrency ?? Math.max(2, availableParallelism()));
  const parallel = Math.min(concurrency, targets.length);
  const wanted = opts.workers ?? 'auto';
  const useWorkers = parallel >= 2 && wanted !== false && !opts.open && (wanted === true || (await wantsWorkers(targets, dir, listing, mode, opts.signal)));
  const poolSize = Math.min(parallel, Math.max(2, availableParallelism()), MAX_WORKERS);
  const lease = useWorkers ? (opts.workerPool ? opts.workerPool.acquire(poolSize) : ownPool(poolSize)) : null;
  let workers = lease?.pool ?? null;
  let completed = false;
  const inProcess = (job: PoolJob) => checkArchiveFile({ ...job, signal: opts.signal, open: opts.open });
  const run = async (job: PoolJob): Promise<ArchiveFileOutcome> => {
    if (!workers) return inProcess(job);
    try {
      return await unlessAborted(workers.run(job), opts.signal);
    } catch (e) {
      if (!(e instanceof PoolUnavailable)) throw e;
      return inProcess(job);
    }
  };

  try {
    // Archives not found settle without a wait of their own: without turns, 100,000 of them would hold the event loop
    // (and a cancellation) for the whole check.
    const turns = new EventLoopTurns();
    await pool(targets, workers ? poolSize : concurrency, async (target, index) => {
      await turns.maybe();
      opts.signal?.throwIfAborted();
      const base: ArchiveProgress = { archive: target.name, rows: target.rows.map((r) => r.index), index, total: targets.length, phase: 'start', entriesDone: 0, entriesTotal: 0 };
      const report = (p: Partial<ArchiveProgress>) => opts.onProgress?.({ ...base, ...p });
      report({});
      outcomes[index] = await checkOne(target, dir, listing, mode, run, report);
      report({ phase: 'done', entriesDone: outcomes[index].content?.entries ?? 0, entriesTotal: outcomes[index].content?.entries ?? 0 });
    });
    completed = true;
  } finally {
    workers = null;
    // A cancelled check leaves work in flight: those workers end now.
    await lease?.release(completed);
  }

  const findings: Finding[] = [];
  const summaries: ArchiveSummary[] = [];
  targets.forEach((target, i) => {
    const outcome = outcomes[i];
    const archiveIssues = outcome.issues.issues();
    for (const row of target.rows) {
      const rowIssues = outcome.content
        ? judgeImages(outcome.content.images, rowExpectations(row.cells.map((c) => c.value), familyOf)).issues()
        : [];
      const rowFindings = findingsFor(row, [...archiveIssues, ...rowIssues], opts.options);
      findings.push(...rowFindings);
      summaries.push(summaryOf(row, target, outcome, rowFindings));
    }
  });
  findings.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  summaries.sort((a, b) => a.row - b.row);
  return { findings, summaries };
}
