/**
 * A CSV file on disk validated as it streams past: rows, syntax, cross-row and file-level rules, with memory
 * bounded by a chunk, whatever the file's size. `nhi-imaging check` and the language server (for a file the
 * editor does not hand over) both use it.
 */
import { basename } from 'node:path';
import { streamCsvFile, streamCsvStream, type CsvBatch, type CsvFileSummary, type StreamOptions } from './csv/stream';
import type { Row } from './csv/model';
import type { ValidationOptions } from './options';
import type { Finding } from './types';
import { BatchValidator } from './validate';

export interface ValidateFileHooks {
  /** Each row as it is read (the archive checks need them). */
  onRow?: (row: Row) => void;
  /** Awaited after each batch of rows: the caller can flush output or let other work run. */
  afterBatch?: () => Promise<void> | void;
  signal?: AbortSignal;
  /** The bytes of the file read so far, after each chunk. */
  onRead?: (bytes: number) => void;
  /** Count line-1 columns of a file with a BOM from after it, as editors show the line (a CLI's `path:line:column`). */
  columnsAfterBom?: boolean;
}

/** What was read of a file, and whether its rows were read as a draft's (options.draft, or as its rows said). */
export interface ValidatedFile extends CsvFileSummary {
  draft: boolean;
}

/**
 * Calls `report` with each finding, in file order batch by batch, then the cross-row and file-level ones.
 * A file that cannot be read gets one finding; one that is not UTF-8 text gets its encoding error and nothing more.
 */
export function validateCsvFile(
  path: string, options: ValidationOptions, report: (f: Finding) => void, hooks: ValidateFileHooks = {},
): Promise<ValidatedFile> {
  return validateBatches((onBatch, stream) => streamCsvFile(path, onBatch, stream), { ...options, fileName: options.fileName ?? basename(path) }, report, hooks);
}

/** `validateCsvFile` of the bytes of `source` (standard input); `options.fileName` names the file for its name rules. */
export function validateCsvStream(
  source: AsyncIterable<Uint8Array>, options: ValidationOptions, report: (f: Finding) => void, hooks: ValidateFileHooks = {},
): Promise<ValidatedFile> {
  return validateBatches((onBatch, stream) => streamCsvStream(source, onBatch, stream), options, report, hooks);
}

/** Findings reported between two calls of `afterBatch` once the file was read. */
export const FINISH_SLICE = 1024;

async function validateBatches(
  stream: (onBatch: (b: CsvBatch) => Promise<void>, options: StreamOptions) => Promise<CsvFileSummary>,
  options: ValidationOptions, report: (f: Finding) => void, hooks: ValidateFileHooks,
): Promise<ValidatedFile> {
  const batch = new BatchValidator(options);
  // Known from the first chunk, before any finding is reported.
  let shiftColumns = false;
  const found = (f: Finding) => report(shiftColumns ? withoutBomColumn(f) : f);
  const summary = await stream(async (b) => {
    shiftColumns = hooks.columnsAfterBom === true && b.bom;
    for (const f of b.findings) found(f);
    for (const row of b.rows) {
      hooks.onRow?.(row);
      const rowFindings = batch.addRow(row);
      for (let i = 0; i < rowFindings.length; i++) found(rowFindings[i]);
    }
    if (b.syntaxProblems.length > 0) for (const f of batch.addSyntaxProblems(b.syntaxProblems)) found(f);
    await hooks.afterBatch?.();
  }, { signal: hooks.signal, onRead: hooks.onRead });
  if (summary.unreadable || summary.badEncoding) return { ...summary, draft: false };
  const rest = batch.finish({ bom: summary.bom, lineCount: summary.lineCount, lineEnds: summary.lineEnds });
  // A file's cross-row findings may be as many as its rows: the caller flushes its output between slices of them,
  // as between batches, instead of holding the report of them all.
  for (let i = 0; i < rest.length; i++) {
    found(rest[i]);
    rest[i] = undefined as unknown as Finding;
    if ((i + 1) % FINISH_SLICE === 0) await hooks.afterBatch?.();
  }
  return { ...summary, draft: batch.draft };
}

/**
 * A finding on the first line of a file with a BOM, with columns counted from after the BOM, as editors
 * count them (they do not show it): `path:1:12` then opens where the finding is. The BOM's own finding becomes
 * the empty range at the start, where an editor shows the BOM's place (and the language server puts it).
 */
export function withoutBomColumn(f: Finding): Finding {
  const { start, end } = f.range;
  if (start.line !== 0) return f;
  const back = (p: { line: number; character: number }) => (p.line === 0 && p.character > 0 ? { line: 0, character: p.character - 1 } : p);
  return { ...f, range: { start: back(start), end: back(end) } };
}
