import type { TextDocumentContentChangeEvent, TextDocumentItem } from 'vscode-languageserver';

/**
 * The text-sync notifications as LSP defines them. What a client sends otherwise (a text that is no string, a
 * position of negative or fractional numbers) is refused as a whole: a document made of it would fail later, in
 * validation, where no handler catches it and the server would stop.
 */
export function isTextDocumentItem(value: unknown): value is TextDocumentItem {
  const item = value as Partial<TextDocumentItem> | null | undefined;
  return typeof item?.uri === 'string' && typeof item.text === 'string' && Number.isInteger(item.version);
}

/** Content changes: each a text, with a range or (a whole new text) without one; null stands for none, as the server always read it. */
export function areContentChanges(value: unknown): value is TextDocumentContentChangeEvent[] {
  return Array.isArray(value) && value.every((change: { text?: unknown; range?: unknown } | null) => typeof change?.text === 'string' && (change.range == null || isRange(change.range)));
}

function isRange(value: unknown): boolean {
  const range = value as { start?: unknown; end?: unknown };
  return isPosition(range.start) && isPosition(range.end);
}

function isPosition(value: unknown): boolean {
  const p = value as { line?: unknown; character?: unknown } | null | undefined;
  return isUinteger(p?.line) && isUinteger(p?.character);
}

function isUinteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}
