import type { Position, Range, SelectionRange } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import { cellUnder } from '../cells';

/**
 * Expand Selection (VS Code's Shift+Alt+→, Neovim's and Emacs's expand-region over LSP) in a CSV: the cell under
 * the cursor, then its row, then the whole text; a cell read as one unit, which word-wise expansion splits at
 * every digit group and dash.
 */
export function register(ctx: ServerContext): void {
  ctx.capabilities.selectionRangeProvider = true;
  ctx.connection.onSelectionRanges(({ textDocument, positions }): SelectionRange[] | null => {
    const doc = ctx.documents.get(textDocument.uri);
    if (!doc) return null;
    // LSP Range: on the text's lines, each range inside its parent; a position asked past a line's end is that end.
    const whole: SelectionRange = { range: { start: { line: 0, character: 0 }, end: doc.text.end() } };
    return positions.map((asked) => {
      const at = cellUnder(doc, asked);
      if (!at) {
        const p = doc.text.within(asked);
        return { range: { start: p, end: p }, parent: whole };
      }
      const rowRange: SelectionRange = { range: at.row.range, parent: whole };
      const cell = at.field === 0 ? undefined : at.fields[at.field - 1].range;
      return cell && !isEmpty(cell) && !sameRange(cell, at.row.range) ? { range: cell, parent: rowRange } : rowRange;
    });
  });
}

function isEmpty(r: Range): boolean {
  return samePosition(r.start, r.end);
}

function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}
