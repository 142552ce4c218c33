import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { parseCsv } from '../csv/parse';
import type { ValidationOptions } from '../options';
import type { Bilingual, Finding } from '../types';
import { bi } from '../i18n';
import { rowDeadline } from '../rules/deadline';
import { commitRecords, csvSha256, rowKey, type ArchiveFormat, type BatchRecord, type RowRecord } from './ledger';
import { publishText } from './output';
import { refuseClaimOvertaken, type RowClaim } from './row-claims';
import { verifyBatch, type BatchVerifier } from './verify';
import { BuildError, type BuildSummary, type BuiltRow } from './types';

export interface FinishRequest {
  rows: BuiltRow[];
  /** Per row: the draft sources and archive format, for the ledger. */
  sources: string[][];
  format: ArchiveFormat[];
  /** Per row: whether its archive's DICOMDIR was written by the build (RowRecord.builtDicomdir). */
  builtDicomdir: boolean[];
  hospital: string;
  outDir: string;
  csvName: string;
  eol: string;
  ledgerPath: string;
  buildId: string;
  kind: 'build' | 'resend';
  warnings: Finding[];
  validation: ValidationOptions;
  /** The user chose to go on despite image size/modality problems. */
  imageProblemsAccepted?: boolean;
  signal?: AbortSignal;
  /** Files this build created, removed by the caller on failure; the CSV is added once published. */
  written: string[];
  onVerify?: (message: Bilingual) => void;
  /** Checks already started on archives as they were completed (builds); without it every check runs here. */
  verifier?: BatchVerifier;
  /** Throws when the build may no longer record its rows (its draft's lock was taken over); called right before. */
  beforeRecording?: () => Promise<void>;
  /** The rows the build claimed with its reservation: refused if another build has taken them over since. */
  claim?: RowClaim;
}

/**
 * The end of every build: run every check on the final CSV text and the archives, append the rows
 * and the batch to the ledger marked pending (with the CSV's size and hash), publish the CSV (atomic,
 * no overwrite), then record it published (each append fsynced) — only then is the batch done.
 */
export async function finishBatch(req: FinishRequest): Promise<BuildSummary> {
  const text = req.rows.map((b) => b.text).join(req.eol) + req.eol;
  req.onVerify?.(bi('檢查建置結果', 'Checking the result'));
  const { errors: problems, warnings } = req.verifier
    ? await req.verifier.results()
    : await verifyBatch(text, req.csvName, req.outDir, { ...req.validation, imageProblemsAccepted: req.imageProblemsAccepted, csvWarnings: req.kind === 'resend' }, req.signal);
  if (problems.length) throw new BuildError(bi('建置結果未通過檢查，已移除輸出', 'The result failed its checks; the output was removed'), problems, 'verify');
  req.signal?.throwIfAborted();
  const csvPath = join(req.outDir, req.csvName);
  const at = new Date().toISOString();
  const stats = await Promise.all(req.rows.map((b) => fsp.stat(b.archivePath)));
  const parsed = req.rows.map((b) => parseCsv(b.text).rows[0]);
  const records: RowRecord[] = req.rows.map((b, i) => ({
    t: 'row',
    hospital: req.hospital,
    case: b.caseNumber,
    key: rowKey(parsed[i].cells.map((c) => c.value)),
    text: b.text,
    csv: csvPath,
    archive: b.archivePath,
    archiveSize: stats[i].size,
    archiveMtimeMs: stats[i].mtimeMs,
    sources: req.sources[i],
    format: req.format[i],
    ...(req.builtDicomdir[i] ? { builtDicomdir: true as const } : {}),
    build: req.buildId,
    at,
    pending: true,
  }));
  const bytes = stats.reduce((t, s) => t + s.size, 0);
  const csvBytes = Buffer.byteLength(text, 'utf8');
  const batch: BatchRecord = { t: 'batch', kind: req.kind, build: req.buildId, csv: csvPath, rows: records.length, bytes, at, pending: true, csvBytes, csvSha256: csvSha256(text) };
  await req.beforeRecording?.();
  // Rows first, pending: a kill from here on leaves either no CSV (the rows do not count) or this very CSV (they do).
  const claim = req.claim;
  await commitRecords(req.ledgerPath, [...records, batch], undefined, claim && ((ledger) => refuseClaimOvertaken(ledger, claim, req.buildId)));
  await publishText(csvPath, text);
  req.written.push(csvPath);
  await commitRecords(req.ledgerPath, [{ t: 'published', build: req.buildId, csv: csvPath, at: new Date().toISOString() }]);
  return {
    csvPath,
    csvName: basename(csvPath),
    outDir: req.outDir,
    ledgerPath: req.ledgerPath,
    rows: req.rows,
    archives: req.rows.length,
    bytes,
    earliestDeadline: earliest(parsed.map((r) => rowDeadline(r)?.deadline)),
    warnings: [...req.warnings, ...warnings.map((f) => namingItsArchive(f, req.rows))],
  };
}

/**
 * A warning of the check of a built archive, which names the final CSV's row, told by the archive's name: the
 * build's other warnings count the draft's rows.
 */
function namingItsArchive(f: Finding, rows: readonly BuiltRow[]): Finding {
  const built = rows.find((r) => r.row === f.row);
  if (!built) return f;
  const name = basename(built.archivePath);
  return { ...f, row: null, message: bi(`${name}：${f.message['zh-TW']}`, `${name}: ${f.message.en}`) };
}

/** The least of the numbers given, undefined when there is none; in a loop, as a spread of 125,000 arguments or more overflows the stack. */
export function earliest(values: readonly (number | undefined)[]): number | undefined {
  let least: number | undefined;
  for (const v of values) if (v !== undefined && (least === undefined || v < least)) least = v;
  return least;
}
