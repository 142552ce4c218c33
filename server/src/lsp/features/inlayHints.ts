import type { InlayHint } from 'vscode-languageserver';
import { gregorianHint, ROC_FIELDS } from '../../core/describe';
import type { ServerContext } from '../context';
import { fieldCells } from '../cells';

const DATE_FIELDS = Object.keys(ROC_FIELDS).map(Number);

/** The Gregorian reading after each valid ROC date cell, for the requested lines only. */
export function register(ctx: ServerContext): void {
  ctx.capabilities.inlayHintProvider = { resolveProvider: false };
  // The readings are worded in the message language (weekdays): a client that keeps its hints until told is told
  // when the language changes, if it declared it takes workspace/inlayHint/refresh.
  if (ctx.clientCapabilities.workspace?.inlayHint?.refreshSupport === true) {
    let shown = ctx.lang();
    ctx.settings.onDidChange(() => {
      if (ctx.lang() === shown) return;
      shown = ctx.lang();
      void ctx.connection.languages.inlayHint.refresh();
    });
  }
  ctx.connection.languages.inlayHint.on(async ({ textDocument, range }): Promise<InlayHint[]> => {
    // Asked as the document opens (Neovim, Helix), the language setting may still be on its way.
    await ctx.settings.ready();
    const doc = ctx.documents.get(textDocument.uri);
    if (!doc) return [];
    const lang = ctx.lang();
    const hints: InlayHint[] = [];
    for (const row of doc.rowsBetween(range.start.line, range.end.line)) {
      const fields = fieldCells(row);
      for (const field of DATE_FIELDS) {
        const cell = fields[field - 1];
        if (!cell || cell.range.end.line < range.start.line || cell.range.end.line > range.end.line) continue;
        const label = gregorianHint(cell.value, field, lang);
        if (label) hints.push({ position: cell.range.end, label, paddingLeft: true });
      }
    }
    return hints;
  });
}
