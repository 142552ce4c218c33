/**
 * A CSV file on disk validated as it streams past: rows, syntax, cross-row and file-level rules, with memory
 * bounded by a chunk, whatever the file's size. `nhi-imaging check` and the language server (for a file the
 * editor does not hand over) both use it.
 */
import { basename } from 'node:path';
import { streamCsvFile, type CsvFileSummary } from './csv/stream';
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
}

/**
 * Calls `report` with each finding, in file order batch by batch, then the cross-row and file-level ones.
 * A file that cannot be read gets one finding; one that is not UTF-8 text gets its encoding error and nothing more.
 */
export async function validateCsvFile(
  path: string, options: ValidationOptions, report: (f: Finding) => void, hooks: ValidateFileHooks = {},
): Promise<CsvFileSummary> {
  const batch = new BatchValidator({ ...options, fileName: options.fileName ?? basename(path) });
  const summary = await streamCsvFile(path, async (b) => {
    for (const f of b.findings) report(f);
    for (const row of b.rows) {
      hooks.onRow?.(row);
      const found = batch.addRow(row);
      for (let i = 0; i < found.length; i++) report(found[i]);
    }
    if (b.syntaxProblems.length > 0) for (const f of batch.addSyntaxProblems(b.syntaxProblems)) report(f);
    await hooks.afterBatch?.();
  }, { signal: hooks.signal, onRead: hooks.onRead });
  if (summary.unreadable || summary.badEncoding) return summary;
  for (const f of batch.finish({ bom: summary.bom, lineCount: summary.lineCount })) report(f);
  return summary;
}
