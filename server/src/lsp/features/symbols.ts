import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { agreeing } from '../../core/counted';
import type { Row } from '../../core/csv/model';
import type { Range } from '../../core/types';
import type { Lang } from '../../core/types';
import type { ServerContext } from '../context';
import { rowIdentity } from '../rowIdentity';
import { misdecoded } from '../misdecoded';
import { declaredKind } from '../kinds';

/** One symbol per row: "row 12 · 33070B 電腦斷層造影—無造影劑 · A12****789" (the ID masked). */
export function register(ctx: ServerContext): void {
  ctx.capabilities.documentSymbolProvider = { label: 'NHI imaging rows' };
  // A client without hierarchical symbols takes SymbolInformation (a name and a location) instead.
  const hierarchical = ctx.clientCapabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
  // A row is a record of 17 fields; to a client of LSP 1.0's kinds, a list of 17 values.
  const kind = declaredKind(ctx.clientCapabilities.textDocument?.documentSymbol?.symbolKind?.valueSet, SymbolKind.Struct, SymbolKind.Array);
  ctx.connection.onDocumentSymbol(async ({ textDocument }): Promise<DocumentSymbol[] | SymbolInformation[]> => {
    // The row limit is a setting, which may still be on its way as the document opens.
    await ctx.settings.ready();
    const doc = ctx.documents.get(textDocument.uri);
    // NUL in a text not stored as UTF-8 (UTF-16 read as UTF-8: NUL lines between the rows, NUL in every name): no rows.
    if (!doc || misdecoded(ctx, doc)?.noRows) return [];
    const lang = ctx.lang();
    const rows = doc.rows;
    const listed = Math.min(rows.length, ctx.settings.get(textDocument.uri).maxDocumentSymbols);
    const symbols: { name: string; kind: SymbolKind; range: Range }[] = rows.slice(0, listed).map((row) => ({ name: rowSymbolName(row, lang), kind, range: row.range }));
    // VS Code asks again after edits (breadcrumbs, outline, sticky scroll): a symbol a row would be megabytes for a large file.
    if (listed < rows.length) {
      const range = { start: rows[listed].range.start, end: rows[rows.length - 1].range.end };
      symbols.push({ name: restSymbolName(listed, rows.length, lang), kind: SymbolKind.Namespace, range });
    }
    if (!hierarchical) return symbols.map(({ name, kind, range }) => ({ name, kind, location: { uri: textDocument.uri, range } }));
    return symbols.map(({ name, kind, range }) => ({ name, kind, range, selectionRange: range }));
  });
}

/** The symbol standing for the rows after the first `listed` of `total`. */
function restSymbolName(listed: number, total: number, lang: Lang): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const span = listed + 1 === total ? count(total) : `${count(listed + 1)}–${count(total)}`;
  const setting = 'nhiImaging.maxDocumentSymbols';
  if (lang === 'zh-TW') return `第 ${span} 列未列出（${listed > 0 ? `只列出前 ${count(listed)} 列；` : ''}設定 ${setting}）`;
  const listedOnes = listed === 0 ? '' : listed === 1 ? 'only row 1 is listed; ' : `only the first ${count(listed)} are listed; `;
  return `${agreeing(total - listed, 'row', 'rows')} ${span} not listed (${listedOnes}setting ${setting})`;
}

export function rowSymbolName(row: Row, lang: Lang): string {
  const { orderCode, orderName, maskedId } = rowIdentity(row);
  const parts = [lang === 'zh-TW' ? `第 ${row.index + 1} 列` : `row ${row.index + 1}`];
  if (orderCode) parts.push(orderName ? `${orderCode} ${orderName['zh-TW']}` : orderCode);
  if (maskedId) parts.push(maskedId);
  return parts.join(' · ');
}
