import type { Hover } from 'vscode-languageserver';
import { describeCell, describeDeadline } from '../../core/describe';
import { hoverMarkupKind, type ServerContext } from '../context';
import { cellUnder, cellValues, contains } from '../cells';
import { renderMarkup, type MarkupBlock } from '../markdown';
import { misdecoded, shownOtherFindings } from '../misdecoded';

/**
 * Hover on any cell: the field, what the text says about it, and what its value means; in
 * Markdown or plain text, as the client's textDocument.hover.contentFormat asks.
 */
export function register(ctx: ServerContext): void {
  ctx.capabilities.hoverProvider = true;
  const kind = hoverMarkupKind(ctx);
  ctx.connection.onHover(({ textDocument, position: asked }): Hover | null => {
    const doc = ctx.documents.get(textDocument.uri);
    const at = cellUnder(doc, asked);
    if (!doc || !at || at.field === 0) return null;
    const { row, fields, field, position } = at;
    const lang = ctx.lang();
    const d = describeCell(cellValues(fields), field, lang);
    const blocks: MarkupBlock[] = [{ heading: d.heading }, { paragraph: d.explanation }];
    if (d.decoded.length > 0) blocks.push({ list: d.decoded });
    const hidden = misdecoded(ctx, doc);
    const deadline = hidden?.noRows ? null : doc.deadlineOf(row);
    if (deadline !== null) blocks.push({ paragraph: describeDeadline(deadline, doc.getOptions().now, lang, doc.deadlineBasisOf(row)) });
    // Findings from other sources (archives, drafts) are not in the text's diagnostics hover by
    // default in every editor; list them here so they are seen where they apply (those the diagnostics show).
    const external = shownOtherFindings(ctx, doc, hidden).filter((f) => contains(f.range, position));
    if (external.length > 0) blocks.push({ list: external.map((f) => `${f.severity}: ${f.message[lang]} (${f.ruleId})`) });
    return { contents: renderMarkup(blocks, kind), range: fields[field - 1].range };
  });
}
