import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { completionsFor, ROC_FIELDS } from '../../core/describe';
import type { ServerContext } from '../context';
import { cellRangeOnLine, cellUnder, cellValues } from '../cells';
import { declaredKind } from '../kinds';

/** Completion per column: codes with their meanings, ROC "now" in date fields, the archive-name scaffold. */
export function register(ctx: ServerContext): void {
  ctx.capabilities.completionProvider = { triggerCharacters: [','], resolveProvider: false };
  const snippets = ctx.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  // Codes of a list and ROC dates are values to a client of LSP 1.0's kinds.
  const kinds = ctx.clientCapabilities.textDocument?.completion?.completionItemKind?.valueSet;
  const rocKind = declaredKind(kinds, CompletionItemKind.Constant, CompletionItemKind.Value);
  const codeKind = declaredKind(kinds, CompletionItemKind.EnumMember, CompletionItemKind.Value);
  ctx.connection.onCompletion(({ textDocument, position: asked }): CompletionItem[] => {
    const doc = ctx.documents.get(textDocument.uri);
    const at = cellUnder(doc, asked);
    if (!doc || !at || at.field === 0) return [];
    const { fields, field, position } = at;
    const cell = fields[field - 1];
    const options = doc.getOptions();
    const entries = completionsFor(cellValues(fields), field, ctx.lang(), options.now, options.fileName);
    const kind = ROC_FIELDS[field] ? rocKind : field === 14 ? CompletionItemKind.File : codeKind;
    return entries.map((e, i) => {
      const range = e.append ? { start: position, end: position } : cellRangeOnLine(cell, position.line);
      const item: CompletionItem = {
        label: e.value,
        kind,
        detail: e.detail,
        sortText: String(i).padStart(4, '0'),
        textEdit: { range, newText: e.value },
      };
      if (e.snippet && snippets) {
        item.textEdit = { range, newText: e.snippet };
        item.insertTextFormat = InsertTextFormat.Snippet;
      }
      return item;
    });
  });
}
