import { MarkupKind, type MarkupContent } from 'vscode-languageserver';

/** Escapes the characters Markdown would read as formatting (`*`, `_`, brackets, backticks…). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => '\\' + c);
}

/**
 * Text the server shows as markup (a hover), kept as plain strings in blocks so that it can be
 * written for a client that renders Markdown or for one that shows the text as it comes.
 */
export type MarkupBlock = { heading: string } | { paragraph: string } | { list: readonly string[] };

/**
 * The format to write markup in, from the formats a client declared (its order is the client's
 * preference): the first of them the server writes; plain text when it declared none of them,
 * or nothing at all (a client that cannot render Markdown shows its asterisks and escapes).
 */
export function markupKindFor(declared: readonly string[] | undefined): MarkupKind {
  // A list, as LSP gives it: anything else declares nothing.
  if (!Array.isArray(declared)) return MarkupKind.PlainText;
  return declared.find((k): k is MarkupKind => k === MarkupKind.Markdown || k === MarkupKind.PlainText) ?? MarkupKind.PlainText;
}

/**
 * The blocks as MarkupContent of the kind: in Markdown the heading is bold and the text escaped;
 * in plain text the same lines without any Markdown (the heading a line of its own, list items
 * "- …"). Blocks are separated by an empty line.
 */
export function renderMarkup(blocks: readonly MarkupBlock[], kind: MarkupKind): MarkupContent {
  const md = kind === MarkupKind.Markdown;
  const text = md ? escapeMarkdown : (s: string): string => s;
  const value = blocks
    .map((b) => ('heading' in b ? (md ? `**${text(b.heading)}**` : b.heading) : 'paragraph' in b ? text(b.paragraph) : b.list.map((l) => `- ${text(l)}`).join('\n')))
    .join('\n\n');
  return { kind, value };
}
