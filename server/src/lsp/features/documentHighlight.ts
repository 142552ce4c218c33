import { DocumentHighlightKind, ResponseError, type DocumentHighlight } from 'vscode-languageserver';
import { fieldOfRows, rowsWithValue } from '../../core/equal-cells';
import type { ServerContext } from '../context';
import { visitOfCell } from '../visitOfCell';

/**
 * Document highlights on a cell (VS Code highlights them as the cursor rests there; Neovim's
 * vim.lsp.buf.document_highlight, Emacs's lsp-mode and eglot likewise):
 * - in a visit of several rows (the rows whose report serials, field 11, are numbered together: the same fields 1,
 *   4, 5, 6, 8, 15, 16), the cells of the same column in the visit's rows: its serials, its archives, its exam times;
 * - in a visit of one row, the cells of that column holding the same value (not trimmed) in the other data rows, at
 *   most EQUAL_ROWS_LIMIT, those nearest the cursor: the rows of one patient ID, one visit serial, one date, a
 *   hospital code that one row lacks; nothing for a value no other row holds, or an empty cell;
 * - nothing on a header row, an empty row or a line without a row.
 */
export function register(ctx: ServerContext): void {
  ctx.capabilities.documentHighlightProvider = true;
  ctx.connection.onDocumentHighlight(async ({ textDocument, position }, token): Promise<DocumentHighlight[] | null | ResponseError> => {
    const at = await visitOfCell(ctx, textDocument.uri, position, token);
    if (at instanceof ResponseError) return at;
    if (!at || at.field === 0) return null;
    const { doc, row, field, visit } = at;
    let rows = visit;
    if (visit.length < 2) {
      const value = fieldOfRows(doc.rows, [row.index], field)[0]?.value ?? '';
      rows = value.trim() === '' ? [] : rowsWithValue(doc.rows, row.index, field, value, (i) => doc.isIndexed(i));
      if (rows.length < 2) return [];
    }
    return fieldOfRows(doc.rows, rows, field).map((cell) => ({ range: cell.range, kind: DocumentHighlightKind.Text }));
  });
}
