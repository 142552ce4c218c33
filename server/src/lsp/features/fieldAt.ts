import { describeCell } from '../../core/describe';
import { FIELD_AT_REQUEST, type FieldAtParams, type FieldAtResult } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { cellUnder, cellValues } from '../cells';

/** The field under the cursor, named as the hover names it (the VS Code extension's status bar). */
export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(FIELD_AT_REQUEST, async ({ textDocument, position }: FieldAtParams): Promise<FieldAtResult | null> => {
    // Asked right after the document opens, the language setting may still be on its way.
    await ctx.settings.ready();
    const at = cellUnder(ctx.documents.get(textDocument.uri), position);
    if (!at || at.field === 0) return null;
    const d = describeCell(cellValues(at.fields), at.field, ctx.lang());
    return { field: at.field, heading: d.heading, details: [d.explanation, ...d.decoded] };
  });
}
