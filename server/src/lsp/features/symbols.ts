import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { maskId } from '../../core/describe';
import { orderSpec } from '../../core/spec/orders';
import type { Row } from '../../core/csv/model';
import type { Lang } from '../../core/types';
import type { ServerContext } from '../context';
import { fieldCells } from '../cells';
import { misdecoded } from '../misdecoded';
import { declaredKind } from '../kinds';

/** One symbol per row: "row 12 · 33070B 電腦斷層造影—無造影劑 · A12****789" (the ID masked). */
export function register(ctx: ServerContext): void {
  ctx.capabilities.documentSymbolProvider = { label: 'NHI imaging rows' };
  // A client without hierarchical symbols takes SymbolInformation (a name and a location) instead.
  const hierarchical = ctx.clientCapabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
  // A row is a record of 17 fields; to a client of LSP 1.0's kinds, a list of 17 values.
  const kind = declaredKind(ctx.clientCapabilities.textDocument?.documentSymbol?.symbolKind?.valueSet, SymbolKind.Struct, SymbolKind.Array);
  ctx.connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] | SymbolInformation[] => {
    const doc = ctx.documents.get(textDocument.uri);
    // NUL in a text not stored as UTF-8 (UTF-16 read as UTF-8: NUL lines between the rows, NUL in every name): no rows.
    if (!doc || misdecoded(ctx, doc)?.noRows) return [];
    const lang = ctx.lang();
    if (!hierarchical) {
      return doc.rows.map((row) => ({ name: rowSymbolName(row, lang), kind, location: { uri: textDocument.uri, range: row.range } }));
    }
    return doc.rows.map((row) => ({
      name: rowSymbolName(row, lang),
      kind,
      range: row.range,
      selectionRange: row.range,
    }));
  });
}

export function rowSymbolName(row: Row, lang: Lang): string {
  const cells = fieldCells(row);
  const order = cells[9]?.value ?? '';
  const id = cells[7]?.value ?? '';
  const spec = orderSpec(order);
  const parts = [lang === 'zh-TW' ? `第 ${row.index + 1} 列` : `row ${row.index + 1}`];
  if (order) parts.push(spec ? `${order} ${spec.name['zh-TW']}` : order);
  if (id) parts.push(maskId(id));
  return parts.join(' · ');
}
