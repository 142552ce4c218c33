import type { Range, TextDocument } from 'vscode-languageserver-textdocument';

/** The range between two offsets of `text` drawn at random (any natural numbers: taken modulo its length + 1), in order. */
export function randomRange(text: TextDocument, a: number, b: number): Range {
  const len = text.getText().length;
  const from = Math.min(a % (len + 1), b % (len + 1));
  const to = Math.max(a % (len + 1), b % (len + 1));
  return { start: text.positionAt(from), end: text.positionAt(to) };
}
