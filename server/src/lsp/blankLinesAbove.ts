import type { Fix, FixKind } from '../core/types';
import type { LineIndex } from './lineIndex';

/** Fixes that delete a line holding no record; their edit starts at the line's start when the line is the row's own. */
const LINE_DELETIONS: ReadonlySet<FixKind> = new Set<FixKind>(['remove-empty-row', 'remove-query-tool-line', 'remove-header', 'remove-eof-mark']);

/**
 * The fixes with each deletion of a whole line also taking the blank lines right above it. A query tool writes
 * one before its row count (sqlcmd) and before each page's headings (SQL*Plus): a blank line is no row and has
 * no finding, but with the line below it deleted it would stand alone, an empty row at the end of the fixed file.
 */
export function withBlankLinesAbove(fixes: readonly Fix[], doc: LineIndex): Fix[] {
  return fixes.map((fix) => {
    if (!LINE_DELETIONS.has(fix.kind) || fix.edits.length !== 1) return fix;
    const [edit] = fix.edits;
    const { start } = edit.range;
    if (edit.newText !== '' || start.character !== 0) return fix;
    let line = start.line;
    while (line > 0 && isBlankLine(doc, line - 1)) line--;
    if (line === start.line) return fix;
    return { ...fix, edits: [{ range: { start: { line, character: 0 }, end: edit.range.end }, newText: '' }] };
  });
}

/** A line of nothing but its line break. */
function isBlankLine(doc: LineIndex, line: number): boolean {
  const text = doc.text.slice(doc.lineStart(line), doc.lineStart(line + 1));
  return text === '\n' || text === '\r\n' || text === '\r';
}
