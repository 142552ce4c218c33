import { describeCell } from '../../core/describe';
import { FIELD_AT_REQUEST, type FieldAtParams, type FieldAtResult } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { cellValues, fieldAt, fieldCells, withinRow } from '../cells';

/** The field under the cursor, named as the hover names it (the VS Code extension's status bar). */
export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(FIELD_AT_REQUEST, async ({ textDocument, position }: FieldAtParams): Promise<FieldAtResult | null> => {
    // Asked right after the document opens, the language setting may still be on its way.
    await ctx.settings.ready();
    const row = ctx.documents.get(textDocument.uri)?.rowAt(position.line);
    if (!row) return null;
    const fields = fieldCells(row);
    const field = fieldAt(fields, withinRow(row, position));
    if (field === 0) return null;
    const d = describeCell(cellValues(fields), field, ctx.lang());
    return { field, heading: d.heading, details: [d.explanation, ...d.decoded] };
  });
}
