import { LSPErrorCodes, ResponseError, type CancellationToken, type Position } from 'vscode-languageserver';
import type { Row } from '../core/csv/model';
import type { ServerContext } from './context';
import type { CsvDocument } from './csvDocument';
import { fieldAt, fieldCells, withinRow } from './cells';
import { misdecoded } from './misdecoded';
import { settledOpen } from './settled';

/** A data row's cell under the cursor and the rows of its visit. */
export interface VisitOfCell {
  doc: CsvDocument;
  row: Row;
  /** The 1-based field under the cursor, 0 when it is on no cell. */
  field: number;
  /** The indexes of the visit's rows (the report serial's group, as the cross-row rules make it), `row` among them, in row order. */
  visit: number[];
}

/**
 * The visit of the data row at `position` once every row is validated (the cross-row index then holds every data
 * row where it stands now); undefined on a header row, an empty row, a line without a row, a document not open (or
 * closed meanwhile), or a text read as no rows (misdecoded.ts); a RequestCancelled error once the client cancels the
 * request, without waiting further (a cancelled request is not worked on once the text is validated).
 */
export async function visitOfCell(ctx: ServerContext, uri: string, position: Position, token: CancellationToken): Promise<VisitOfCell | undefined | ResponseError> {
  const doc = await settledOpen(ctx.documents, uri, token);
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  if (!doc || misdecoded(ctx, doc)?.noRows) return undefined;
  const row = doc.rowAt(position.line);
  const visit = row && doc.visitRowsOf(row.index);
  if (!row || !visit) return undefined;
  return { doc, row, field: fieldAt(fieldCells(row), withinRow(row, position)), visit };
}
