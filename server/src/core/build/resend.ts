import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { parseCsv } from '../csv/parse';
import { defaultOptions, type ValidationOptions } from '../options';
import { bi } from '../i18n';
import { agreeing, counted } from '../counted';
import type { Bilingual, Finding } from '../types';
import { ioFailure } from '../io-reasons';
import { parseArchiveName } from '../rules/archive-name';
import { familyOf } from '../spec/orders';
import { collectImages, defaultOutputFolder, type DraftImages } from './draft';
import { readLedger, recordRecovered, reserve, type ArchiveFormat, type LedgerState, type RowRecord } from './ledger';
import { planRow, PlanError, type PlanOptions, type RowPlan } from './plan';
import { MAX_ARCHIVE_BYTES, packRow } from './pack';
import { finishBatch } from './finish';
import { BUILD_FINDING, highestSequenceIn } from './batch';
import { removeLeftovers, workDirName } from './leftovers';
import { orphanArchives } from './orphans';
import { batchDate, publishCopy } from './output';
import { removeQuietly } from '../archive/atomic';
import { isSameFile } from '../local-paths';
import { asBuildError, BuildError, type BuildProgress, type BuildRemedy, type BuildSummary, type BuiltRow } from './types';
import { makeOutputFolder } from './folders';
import { holdResendLock, type RowClaim } from './row-claims';

const FIELD_ORDER = 10;
const FIELD_ARCHIVE = 14;

/**
 * Re-sends: a new batch (new CSV sequence) whose rows are byte-identical to rows already sent, as the
 * text requires. Each row keeps its case number and archive name; the archive is reused when the
 * recorded one is still there unchanged (same size and time), and rebuilt from the recorded
 * sources otherwise.
 */

export interface ResendOptions {
  ledgerPath: string;
  /** Row keys (see rowKey) or case numbers. */
  rows: string[];
  /** The output folder; by default the one the first row was last sent from (see resendFolder). */
  outDir?: string;
  date?: string;
  /**
   * Write a new DICOMDIR into every archive packed again, as `build --rebuild-dicomdir` does, instead of keeping the
   * one its source folder holds. Rows recorded with a DICOMDIR the build wrote (RowRecord.builtDicomdir) get one
   * without it; this serves rows recorded before ledgers said so, and folders whose DICOMDIR broke since.
   */
  rebuildDicomdir?: boolean;
  validation?: Partial<ValidationOptions>;
  /** The largest archive allowed, in bytes; MAX_ARCHIVE_BYTES (the 4.5 GB rule). Lowered by tests, which cannot afford gigabytes. */
  archiveLimit?: number;
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
}

/**
 * The rows a selector names: a row key, or a case number (the last row recorded with it). A case number
 * whose record was sent again later under another case is `superseded` (the last upload wins, 五); one
 * only of a row whose batch was never published is `unsent`.
 * Case numbers are matched without regard to letter case: they are alphanumeric, the ledger writes them
 * in upper case, and archive names that differ only in case are one file on Windows.
 */
export function selectSentRows(
  ledger: LedgerState,
  selectors: readonly string[],
): { found: RowRecord[]; unknown: string[]; unsent: string[]; superseded: { case: string; by: RowRecord }[] } {
  const byCase = new Map<string, RowRecord>();
  for (const r of ledger.rowsByKey.values()) byCase.set(r.case.toUpperCase(), r);
  const found: RowRecord[] = [];
  const unknown: string[] = [];
  const unsent: string[] = [];
  const superseded: { case: string; by: RowRecord }[] = [];
  for (const s of selectors) {
    const caseNumber = s.toUpperCase();
    const r = ledger.rowsByKey.get(s) ?? byCase.get(caseNumber);
    const older = r ? undefined : ledger.rows.find((o) => o.case.toUpperCase() === caseNumber);
    if (r && !found.includes(r)) found.push(r);
    else if (older) superseded.push({ case: older.case, by: ledger.rowsByKey.get(older.key)! });
    else if (!r && ledger.unsentRows.some((u) => u.key === s || u.case.toUpperCase() === caseNumber)) unsent.push(s);
    else if (!r) unknown.push(s);
  }
  return { found, unknown, unsent, superseded };
}

/** The rows the selectors name; throws when one names no row that may be re-sent: unknown, never published, or superseded. */
function selectableRows(ledger: LedgerState, selectors: readonly string[]): RowRecord[] {
  const { found, unknown, unsent, superseded } = selectSentRows(ledger, selectors);
  if (unknown.length) throw new BuildError(bi(`帳冊中找不到：${unknown.join('、')}`, `Not in the ledger: ${unknown.join(', ')}`), [], 'ledger');
  if (unsent.length) {
    throw new BuildError(
      bi(
        `${unsent.join('、')} 已建置，但其批次未曾發布（建置在發布 CSV 前中斷，或帳冊在批次紀錄前被截斷），並未送出；請重新建置`,
        `${unsent.join(', ')}: built, but its batch was never published (its build was cut off before publishing the CSV, or the ledger was cut short before the batch record), so it was not sent; build it again`,
      ),
      [],
      'ledger',
    );
  }
  if (superseded.length) {
    const zh = superseded.map((s) => `${s.case} 已由 ${s.by.case}（${basename(s.by.csv)}）取代`).join('；');
    const en = superseded.map((s) => `${s.case} was superseded by ${s.by.case} (${basename(s.by.csv)})`).join('; ');
    throw new BuildError(bi(`${zh}；同一筆紀錄以最後一次上傳為準，請重送較新的案件編號`, `${en}; the last upload of a record wins: re-send the newer case number`), [], 'ledger');
  }
  return found;
}

/**
 * Where a re-send goes when no folder is named: the folder of the batch CSV that last sent `row`, which is the
 * output folder its build used (`upload/` beside the draft unless --out said otherwise), so that a re-send started
 * from a draft or from a built CSV lands beside the batches it repeats. When that folder is gone (the project was
 * moved), `upload/` beside the ledger's `.nhi-imaging` folder: a build's default for a draft beside its ledger.
 */
async function resendFolder(ledgerPath: string, row: RowRecord): Promise<string> {
  const root = dirname(dirname(ledgerPath));
  const sentFrom = dirname(resolve(root, row.csv));
  const there = await fsp.stat(sentFrom).then((st) => st.isDirectory(), () => false);
  return there ? sentFrom : defaultOutputFolder(root);
}

/** A --ledger naming no file: what the ledger is and where a re-send's one is. */
function noLedger(ledgerPath: string): Bilingual {
  return bi(
    `找不到帳冊 ${ledgerPath}，未重送任何列。帳冊（.nhi-imaging/ledger.jsonl）是建置記錄案件編號、批次與每列送出內容的檔案，位於草稿所在資料夾或其上層的 .nhi-imaging 資料夾中；重送需要送出這些列的那次建置的帳冊，請以 --ledger 指定其路徑（例如 --ledger D:\\NHI\\.nhi-imaging\\ledger.jsonl）`,
    `There is no ledger at ${ledgerPath}; nothing was re-sent. The ledger (.nhi-imaging/ledger.jsonl) is the file the build records its rows in, with their case numbers and batches, in the .nhi-imaging folder beside the draft or above it; a re-send needs the ledger of the build that sent the rows: give its path with --ledger (e.g. --ledger D:\\NHI\\.nhi-imaging\\ledger.jsonl)`,
  );
}

export function resendRows(options: ResendOptions): Promise<BuildSummary> {
  return asBuildError(options.signal, () => resend(options));
}

async function resend(options: ResendOptions): Promise<BuildSummary> {
  const ledgerPath = resolve(options.ledgerPath);
  const date = batchDate(options.date);
  if (!(await fsp.stat(ledgerPath).then((st) => st.isFile(), () => false))) {
    throw new BuildError(noLedger(ledgerPath), [], 'io');
  }
  const ledger = await readLedger(ledgerPath);
  const selected = selectableRows(ledger, options.rows);
  if (selected.length === 0) throw new BuildError(bi('沒有指定要重送的列', 'No rows to re-send were given'), [], 'ledger');
  const hospitals = new Set(selected.map((r) => r.hospital));
  if (hospitals.size > 1) throw new BuildError(bi('一個批次只能有一家醫事機構', 'A batch holds one hospital'), [], 'ledger');
  const hospital = selected[0].hospital;
  const outDir = options.outDir === undefined ? await resendFolder(ledgerPath, selected[0]) : resolve(options.outDir);
  // Every archive to pack again is planned before anything is made or reserved, as a build plans its rows: a re-send
  // refused for its images leaves the output folder, the ledger and the day's CSV sequence as they were.
  const placements: Placement[] = [];
  for (const [i, rec] of selected.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.({ phase: 'scan', row: i, rowCount: selected.length, bytesDone: 0, bytesTotal: 0, message: bi(`檢查第 ${i + 1} 列：案件編號 ${rec.case}`, `Checking row ${i + 1}: case ${rec.case}`) });
    placements.push(await placementOf(rec, outDir, options));
  }
  const unmakeOutDir = await makeOutputFolder(outDir);
  // Leftovers of killed builds in this folder (only those provably abandoned).
  const leftovers = await removeLeftovers(outDir);
  const orphans = await orphanArchives(outDir, ledgerPath, ledger);
  const recovered = await recordRecovered(ledgerPath, ledger);
  const buildId = `${new Date().toISOString()}-${randomBytes(4).toString('hex')}`;
  const lock = await holdResendLock(ledgerPath);
  try {
    const claim: RowClaim = { kind: 'resend', rows: selected.map((r) => ({ key: r.key, name: bi(`案件編號 ${r.case}`, `case ${r.case}`) })), lock };
    // The rows as the ledger holds them under its lock must be the ones planned: one another batch sent again
    // meanwhile (superseded, or re-sent and done) refuses the re-send before it reserves anything.
    const minSequence = await highestSequenceIn(outDir, hospital, date);
    const check = (fresh: LedgerState): void => refuseSentMeanwhile(selected, selectableRows(fresh, options.rows));
    const reservation = await reserve(ledgerPath, { hospital, date, caseCount: 0, minSequence, build: buildId, claim, check }).catch(async (e: unknown) => {
      await unmakeOutDir();
      throw e;
    });
    return await resendClaimed({ found: selected, placements, hospital, outDir, ledgerPath, buildId, claim, csvName: reservation.csvName, leftovers, recovered, orphans }, options);
  } finally {
    await lock.release();
  }
}

/** A row record's identity: its batch and case (a row sent again since is another record). */
function recordId(rec: RowRecord): string {
  return `${rec.build}\n${rec.csv}\n${rec.case}`;
}

/**
 * Throws when a row's record as the ledger holds it under the reservation's lock (`fresh`) is not the one planned: another
 * batch sent the row again after this re-send read the ledger. Sent twice at once, an exam is rejected as uploaded twice;
 * the user looks at that batch's result first, as when the other batch is still in flight (row-claims.ts).
 */
function refuseSentMeanwhile(planned: readonly RowRecord[], fresh: readonly RowRecord[]): void {
  const ids = new Set(planned.map(recordId));
  const again = fresh.filter((r) => !ids.has(recordId(r)));
  if (again.length === 0) return;
  const csvs = [...new Set(again.map((r) => basename(r.csv)))];
  const n = again.length;
  throw new BuildError(
    bi(
      `${again.map((r) => `案件編號 ${r.case}`).join('、')}：在本重送讀取帳冊之後，已由另一個批次（${csvs.join('、')}）重送；為免同一筆檢查重複送出，本重送未保留也未寫入任何東西。請看過該批次的結果後再決定是否重送`,
      `${again.map((r) => `case ${r.case}`).join(', ')}: sent again by ${agreeing(csvs.length, 'another batch', 'other batches')} (${csvs.join(', ')}) after this re-send read the ledger; ` +
        `so that no exam is sent twice, this re-send reserved and wrote nothing. Look at ${agreeing(csvs.length, "that batch's result", "those batches' results")} before re-sending ${agreeing(n, 'the row', 'the rows')} again`,
    ),
    [],
    'busy',
  );
}

interface ClaimedResend {
  found: RowRecord[];
  /** Where each of `found`'s archives comes from, in the same order, settled before anything was reserved. */
  placements: readonly Placement[];
  hospital: string;
  outDir: string;
  ledgerPath: string;
  buildId: string;
  claim: RowClaim;
  csvName: string;
  leftovers: string[];
  recovered: string[];
  orphans: string[];
}

/** Places the claimed rows' archives and finishes the batch; removes what it wrote on any failure. */
async function resendClaimed(r: ClaimedResend, options: ResendOptions): Promise<BuildSummary> {
  const { found, placements, hospital, outDir, ledgerPath, buildId, claim, leftovers, recovered, orphans } = r;
  const signal = options.signal;
  const written: string[] = [];
  const workDir = join(outDir, workDirName());
  const total = found.length;
  const limit = options.archiveLimit ?? MAX_ARCHIVE_BYTES;
  try {
    const built: BuiltRow[] = [];
    const formats: ArchiveFormat[] = [];
    const builtDicomdir: boolean[] = [];
    for (const [i, rec] of found.entries()) {
      signal?.throwIfAborted();
      const placement = placements[i];
      const target = join(outDir, placement.name);
      options.onProgress?.({ phase: 'pack', row: i, rowCount: total, bytesDone: i, bytesTotal: total, message: bi(`準備第 ${i + 1} 列：${placement.name}`, `Preparing row ${i + 1}: ${placement.name}`) });
      await place(rec, target, placement, { workDir, written, limit, signal });
      const reused = placement.kind !== 'pack';
      const st = await fsp.stat(target);
      built.push({ row: i, caseNumber: rec.case, archivePath: target, archiveBytes: st.size, text: rec.text, notes: reused ? [] : [REBUILT], reused });
      formats.push(placement.format);
      // Copied, the archive is the one recorded; packed again, its plan says.
      builtDicomdir.push(placement.kind === 'pack' ? placement.plan.dicomdir !== undefined : rec.builtDicomdir === true);
    }
    const summary = await finishBatch({
      rows: built,
      sources: found.map((r) => r.sources),
      format: formats,
      builtDicomdir,
      hospital,
      outDir,
      csvName: r.csvName,
      eol: '\r\n',
      ledgerPath,
      buildId,
      kind: 'resend',
      warnings: [],
      validation: resendValidation(options.validation),
      // A sent row went with the image size or modality its build was told of and went on with: it is sent so again, the findings shown as warnings.
      imageProblemsAccepted: true,
      signal,
      written,
      claim,
    });
    summary.leftoversRemoved = leftovers;
    summary.recoveredBatches = recovered;
    summary.orphanArchives = orphans;
    return summary;
  } catch (e) {
    await Promise.all(written.map(removeQuietly));
    throw e;
  } finally {
    await removeQuietly(workDir);
  }
}

/** Said of an archive packed again: the row's text is the one sent, the archive's bytes are new. */
const REBUILT = bi(
  '原壓縮檔已變更或不在，已由帳冊記錄的原始影像重新打包：影像相同，壓縮檔的位元組可能與原送不同',
  'the archive sent changed or is gone, so it was packed again from the source images the ledger records: the same images, but its bytes may differ from those sent',
);

/**
 * Where a re-sent row's archive comes from: `in-place`, the recorded archive is the target and unchanged; `copy`, the
 * recorded archive is unchanged elsewhere; `pack`, it changed or is gone, and the recorded sources are packed again by
 * `plan`. `name` is the archive's name in the row's field 14.
 */
type Placement = { name: string; format: ArchiveFormat } & ({ kind: 'in-place' | 'copy' } | { kind: 'pack'; plan: RowPlan });

interface Packing {
  workDir: string;
  /** What this re-send wrote, removed if it fails. */
  written: string[];
  limit: number;
  signal?: AbortSignal;
}

/**
 * Settles where the row's archive comes from, writing nothing: refuses an output file in the way, and sources the
 * plan refuses (as a build refuses them, by the user's rule severities). The row's text is parsed once, for its
 * archive name (field 14) and its order code (field 10).
 */
export async function placementOf(rec: RowRecord, outDir: string, options: ResendOptions): Promise<Placement> {
  const cells = parseCsv(rec.text).rows[0]?.cells ?? [];
  const name = cells[FIELD_ARCHIVE - 1]?.value ?? '';
  const parsed = parseArchiveName(name);
  if (!parsed) throw new BuildError(bi(`帳冊紀錄的壓縮檔名不正確：${name}`, `The ledger row has no valid archive name: ${name}`), [], 'ledger');
  const format: ArchiveFormat = parsed.extension === 'CAB' ? 'cab' : '7z';
  const target = join(outDir, name);
  const unchanged = async (path: string): Promise<boolean> => {
    const st = await fsp.stat(path).catch(() => undefined);
    return st !== undefined && st.size === rec.archiveSize && Math.abs(st.mtimeMs - rec.archiveMtimeMs) < 1;
  };
  if ((await isSameFile(target, rec.archive)) && (await unchanged(target))) return { name, format, kind: 'in-place' };
  if (await fsp.lstat(target).then(() => true, () => false)) {
    throw new BuildError(bi(`輸出檔已存在，不覆寫：${target}`, `Output exists and is not overwritten: ${target}`), [], 'output');
  }
  if (await unchanged(rec.archive)) return { name, format, kind: 'copy' };
  // Planned as its build planned it: a DICOMDIR the build wrote is written again, not replaced by one found in the folder.
  const rebuildDicomdir = rec.builtDicomdir === true || options.rebuildDicomdir === true;
  return { name, format, kind: 'pack', plan: await planSources(rec, cells[FIELD_ORDER - 1]?.value ?? '', outDir, { rebuildDicomdir, severities: options.validation?.severities, retry: 'resend', signal: options.signal }) };
}

/**
 * The plan of the row's recorded sources (`order`: its field 10), for an archive that changed or is gone. Sources that
 * are gone, hold no images or cannot be read are refused as a build refuses a draft row's (DRAFT-missing,
 * DRAFT-no-images: the images' problems, exit 1), and so are sources the plan refuses.
 */
async function planSources(rec: RowRecord, order: string, outDir: string, planning: Omit<PlanOptions, 'family' | 'order'>): Promise<RowPlan> {
  const { signal } = planning;
  let images: DraftImages;
  try {
    // The re-send's output folder holds archives, not the row's images, also where a source folder holds it (`.`).
    images = await collectImages(rec.sources, signal, [outDir]);
  } catch (e) {
    if (signal?.aborted) throw e;
    const why = ioFailure(e);
    const where = (e as NodeJS.ErrnoException | undefined)?.path ?? rec.sources.join(', ');
    throw sourcesRefused(rec.case, [bi(`無法讀取原始影像：${where}（${why['zh-TW']}）`, `Cannot read the source images: ${where} (${why.en})`)]);
  }
  const gone = images.missing.map((m) =>
    bi(`帳冊記錄的原始影像路徑不存在：${m}；請把此列的影像放回該處，或復原送出的壓縮檔，再重送`, `The source image path the ledger records does not exist: ${m}. Put the row's images back there, or restore the archive sent, and re-send`),
  );
  if (gone.length === 0 && images.files.length === 0) gone.push(bi(`原始影像內沒有 DICOM 或 JPEG 影像：${rec.sources.join('、')}`, `The source images hold no DICOM or JPEG images: ${rec.sources.join(', ')}`));
  if (gone.length) throw sourcesRefused(rec.case, gone);
  try {
    return await planRow(images, { family: familyOf(order), order, ...planning });
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    throw sourcesRefused(rec.case, [e.bilingual, ...e.more], e.remedy, e.ruleId);
  }
}

/** Puts the row's archive at `target` as its placement says. */
async function place(rec: RowRecord, target: string, placement: Placement, packing: Packing): Promise<void> {
  const { workDir, written, limit, signal } = packing;
  if (placement.kind === 'in-place') return;
  if (placement.kind !== 'pack') {
    await publishCopy(rec.archive, target, signal);
    written.push(target);
    return;
  }
  const { plan, format } = placement;
  // Images that pass the limit went compressed in the row's build (store cannot get under it): packed so again.
  const level = format === '7z' && plan.bytes > limit ? 1 : 0;
  const name = bi(`案件編號 ${rec.case}`, `Case ${rec.case}`);
  await packRow(plan, target, { format, level, workDir, limit: { bytes: limit, name, offerLevel: false }, signal, retry: 'resend' });
  written.push(target);
}

/**
 * Source images that cannot be packed again (gone, or refused by the plan), refused as a build refuses them: problems
 * of the images (exit 1), named by the row's case number, not a failure to read or write. Of the build's remedies the
 * re-send takes a new DICOMDIR (it packs at the row's own level, compressed only past the limit): offered as a re-send.
 */
function sourcesRefused(caseNumber: string, problems: readonly Bilingual[], remedy?: BuildRemedy, ruleId = BUILD_FINDING): BuildError {
  const at = { line: 0, character: 0 };
  const findings: Finding[] = problems.map((m) => ({
    ruleId,
    severity: 'error',
    range: { start: at, end: at },
    field: null,
    row: null,
    message: bi(`案件編號 ${caseNumber}：${m['zh-TW']}`, `case ${caseNumber}: ${m.en}`),
  }));
  const rebuild = remedy === 'rebuild-dicomdir';
  return new BuildError(
    bi(
      `案件編號 ${caseNumber} 送出的壓縮檔已變更或不在，其原始影像有 ${findings.length} 個錯誤，無法重新打包；未重送` +
        (rebuild ? '。請以「重建 DICOMDIR」（命令列 resend --rebuild-dicomdir）重送，以影像檔產生新的 DICOMDIR' : ''),
      `The archive sent for case ${caseNumber} changed or is gone, and its source images cannot be packed again (${counted(findings.length, 'image error')}); nothing was re-sent` +
        (rebuild ? '. Re-send with "Rebuild DICOMDIR" (resend --rebuild-dicomdir on the command line) to write a new DICOMDIR from the image files' : ''),
    ),
    findings,
    'images',
    rebuild ? remedy : undefined,
  );
}

/**
 * Re-sent rows repeat rows already sent, byte for byte (五); the visit's other report serials went in
 * their own batches, so serials of a visit missing from this one do not stop it (they are still reported).
 */
function resendValidation(given: Parameters<typeof defaultOptions>[0]): ValidationOptions {
  const v = defaultOptions(given);
  return { ...v, severities: { ...v.severities, 'R11-report-serial-gap': 'warning', 'R11-report-serial-start': 'warning' } };
}
