import { ResponseError, type Location } from 'vscode-languageserver';
import { fieldOfRows } from '../../core/equal-cells';
import type { ServerContext } from '../context';
import { visitOfCell } from '../visitOfCell';

/**
 * Find All References on a cell: the same column's cell in every row of the visit (the rows whose report serials,
 * field 11, are numbered together: the same fields 1, 4, 5, 6, 8, 15, 16), in row order, so that the visit's rows
 * can be listed and stepped through (VS Code's references peek and Go to References, Neovim's quickfix list, Emacs's
 * xref). Without includeDeclaration the row asked about is left out. Nothing on a header row, an empty row or a line
 * without a row.
 */
export function register(ctx: ServerContext): void {
  ctx.capabilities.referencesProvider = true;
  ctx.connection.onReferences(async ({ textDocument, position, context }, token): Promise<Location[] | null | ResponseError> => {
    const at = await visitOfCell(ctx, textDocument.uri, position, token);
    if (at instanceof ResponseError) return at;
    if (!at) return null;
    const { doc, row, field, visit } = at;
    const rows = context.includeDeclaration ? visit : visit.filter((i) => i !== row.index);
    const ranges = field === 0 ? rows.map((i) => doc.rows[i].range) : fieldOfRows(doc.rows, rows, field).map((c) => c.range);
    return ranges.map((range) => ({ uri: textDocument.uri, range }));
  });
}
