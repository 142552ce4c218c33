import type { Fix, FixKind, Position, TextEdit } from '../types';
import type { LineIndex } from './line-index';

/** Fixes that delete a line holding no record; their edit starts at the line's start when the line is the row's own. */
const LINE_DELETIONS: ReadonlySet<FixKind> = new Set<FixKind>(['remove-empty-row', 'remove-query-tool-line', 'remove-header', 'remove-eof-mark']);

/**
 * The fixes with each deletion of whole lines also taking the blank lines right above it. A query tool writes
 * one before its row count (sqlcmd) and before each page's headings (SQL*Plus): a blank line is no row and has
 * no finding, but with the line below it deleted it would stand alone, an empty row at the end of the fixed file.
 * For the same reason the last deletion takes the blank lines below it when nothing else follows (SQL*Plus writes
 * one after "N rows selected."): the fixed file then ends with its last row's line break.
 * At the top of the file, above the first line that stays, a deletion (a header row, a query tool's first lines)
 * takes the blank lines right below it instead, and the first one also those above it: the fixed file then starts
 * with its first row, not with an empty one.
 */
export function withBlankLinesBeside(fixes: readonly Fix[], doc: LineIndex): Fix[] {
  const deleted = new Set<number>();
  for (const fix of fixes) {
    const range = lineDeletion(fix)?.range;
    const last = range && (range.end.character === 0 ? range.end.line - 1 : range.end.line);
    for (let line = range?.start.line ?? 0; last !== undefined && line <= last; line++) deleted.add(line);
  }
  let firstStaying = 0;
  while (firstStaying < doc.lineCount && (deleted.has(firstStaying) || isBlankLine(doc, firstStaying))) firstStaying++;
  return fixes.map((fix) => {
    const edit = lineDeletion(fix);
    if (!edit) return fix;
    const { start, end } = edit.range;
    let first = start.line;
    let after = end.line;
    if (start.line < firstStaying) {
      if (!hasDeletedLineAbove(deleted, start.line)) first = 0;
      while (end.character === 0 && after < doc.lineCount && isBlankLine(doc, after)) after++;
    } else {
      while (first > 0 && isBlankLine(doc, first - 1)) first--;
      after = blankToTheEnd(doc, end) ?? after;
    }
    if (first === start.line && after === end.line) return fix;
    return { ...fix, edits: [{ range: { start: { line: first, character: 0 }, end: after === end.line ? end : { line: after, character: 0 } }, newText: '' }] };
  });
}

/** Whether the fix deletes whole lines, and so takes blank lines beside them in withBlankLinesBeside. */
export function deletesLines(fix: Fix): boolean {
  return lineDeletion(fix) !== undefined;
}

/** The fix's edit when it deletes lines from a line's start (to another's, or to the end of the text). */
function lineDeletion(fix: Fix): TextEdit | undefined {
  if (!LINE_DELETIONS.has(fix.kind) || fix.edits.length !== 1) return undefined;
  const [edit] = fix.edits;
  return edit.newText === '' && edit.range.start.character === 0 ? edit : undefined;
}

function hasDeletedLineAbove(deleted: ReadonlySet<number>, line: number): boolean {
  for (let above = 0; above < line; above++) if (deleted.has(above)) return true;
  return false;
}

/** The last line of the text when only blank lines follow a deletion ending at the start of `end.line`. */
function blankToTheEnd(doc: LineIndex, end: Position): number | undefined {
  if (end.character !== 0) return undefined;
  let line = end.line;
  while (line < doc.lineCount && isBlankLine(doc, line)) line++;
  return line > end.line && doc.lineStart(line) === doc.text.length ? line : undefined;
}

/** A line of nothing but its line break. */
function isBlankLine(doc: LineIndex, line: number): boolean {
  const text = doc.text.slice(doc.lineStart(line), doc.lineStart(line + 1));
  return text === '\n' || text === '\r\n' || text === '\r';
}
