import type { CsvModel, Row } from '../csv/model';
import { parseCsv, type CsvRow } from '../csv/parse';
import { lineEndsOf, loneCrEdits, targetLineBreak, type LineBreak } from '../csv/line-ends';
import type { ValidationOptions } from '../options';
import type { Range, TextEdit } from '../types';
import { fixableFindings } from '../validate';
import { withDecidedDateOrders, type DecidedDateOrders } from '../date-orders';
import { before } from './positions';
import { EditComposition } from './edit-composition';
import { LineIndex } from './line-index';
import { combineFixes, fixAllFixes } from './fixes';
import { withBlankLinesBeside } from './blank-lines-beside';

/**
 * A round only has work when the one before revealed it (a row split by commas shows its values' problems,
 * a header row becomes the first row once the empty row above it is gone); a few rounds are plenty, and the
 * bound keeps two fixes that undo each other from running on.
 */
const MAX_ROUNDS = 8;

/**
 * The edits of source.fixAll for `text` whose findings, with the order of month and day their dates show decided,
 * are `decided` (decideDateOrders, made once for the quick fixes and fix-all of a text): their fixes combined and applied, then
 * the rows those edits changed checked again and their fixes applied, round after round until none is left,
 * as one set of edits of `text`. One run then leaves nothing for the next. A deleted line takes the blank lines
 * above it (the first line those below it), which would otherwise be left as empty rows.
 */
export function fixAllEdits(text: string, decided: DecidedDateOrders, options: ValidationOptions): TextEdit[] {
  const { composition, original } = composeFixAll(text, decided, options);
  return composition.edits().map((e) => ({ range: { start: original.positionAt(e.start), end: original.positionAt(e.end) }, newText: e.text }));
}

/**
 * The text fixAllEdits' edits make of `text`, without turning them into edits first. With `lineEnds` false the
 * lone CRs are left as they are, for a caller that fixes a file in pieces and their line ends over the whole.
 */
export function fixAllText(text: string, decided: DecidedDateOrders, options: ValidationOptions, lineEnds = true): string {
  return composeFixAll(text, decided, options, lineEnds).composition.text();
}

function composeFixAll(text: string, decided: DecidedDateOrders, options: ValidationOptions, lineEnds = true): { composition: EditComposition; original: LineIndex } {
  const composition = new EditComposition(text);
  const original = new LineIndex(text);
  let current = original;
  // The order of month and day the file shows is taken from the first round's findings: its fixes rewrite those values.
  const { orders } = decided;
  const fixes = fixAllFixes(decided.findings);
  let edits = combineFixes(withBlankLinesBeside(fixes.filter((f) => f.kind !== 'line-ends'), original));
  for (let round = 0; edits.length > 0 && round < MAX_ROUNDS; round++) {
    const spans = applyEdits(composition, current, edits);
    current = new LineIndex(composition.text());
    const changed = spans.map((s) => ({ start: current.positionAt(s.start), end: current.positionAt(s.end) }));
    const { model, rows } = changedRows(current, changed);
    edits = combineFixes(withBlankLinesBeside(fixAllFixes(withDecidedDateOrders(fixableFindings(model, rows, options), orders)), current));
  }
  // Line ends last, over the text the other fixes left: their edits touch the same line breaks (a deleted row
  // takes its line break with it), and none of them writes one.
  if (lineEnds && fixes.some((f) => f.kind === 'line-ends')) {
    const fixed = current.text;
    applyEdits(composition, current, loneCrEdits(fixed, targetLineBreak(lineEndsOf(fixed))));
  }
  return { composition, original };
}

/**
 * `text` with its lone CRs changed to `target`, by default the line break its other lines end in most (fix-all's last
 * step); a part of a text is given its whole's.
 */
export function withLoneCrsFixed(text: string, target: LineBreak = targetLineBreak(lineEndsOf(text))): string {
  const composition = new EditComposition(text);
  applyEdits(composition, new LineIndex(text), loneCrEdits(text, target));
  return composition.text();
}

/** Applies edits of the text `doc` holds to the composition; returns the spans they wrote. */
function applyEdits(composition: EditComposition, doc: LineIndex, edits: readonly TextEdit[]): { start: number; end: number }[] {
  return composition.apply(edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText })));
}

/**
 * The first row (whether it is a header can change) and the rows that touch one of `spans` (sorted), with a
 * model of the text for the file-start rules. Without a quote in the text every row is one line, and only the
 * lines touched are parsed (a second round on a large file then costs what its edits cost); otherwise the
 * whole text. So is a text with a byte order mark after its start: a line of its own would take it for the file's
 * (and so skips it), where the row it begins is the start of a file joined on, with a fix of its own.
 */
function changedRows(text: LineIndex, spans: readonly Range[]): { model: CsvModel; rows: Row[] } {
  const bom = text.text.charCodeAt(0) === 0xfeff;
  if (text.text.includes('"') || text.text.indexOf('\ufeff', 1) >= 0 || spans.length > text.lineCount / 4) {
    const model = parseCsv(text.text);
    return { model, rows: rowsTouching(model.rows, spans) };
  }
  const rowOfLine = (line: number): Row | undefined => {
    const lineText = text.text.slice(text.lineStart(line), text.lineStart(line + 1));
    if (line > 0 && lineText.charCodeAt(0) === 0xfeff) return undefined;
    const row = parseCsv(lineText).rows[0] as CsvRow | undefined;
    row?.shift(line);
    return row;
  };
  let first: Row | undefined;
  for (let line = 0; line < text.lineCount && !first; line++) first = rowOfLine(line);
  const rows: Row[] = first ? [first] : [];
  let last = first ? first.line : -1;
  for (const s of spans) {
    for (let line = Math.max(s.start.line, last + 1); line <= s.end.line; line++) {
      const row = rowOfLine(line);
      if (row) rows.push(row);
      last = line;
    }
  }
  return { model: { rows: first ? [first] : [], bom, lineCount: text.lineCount, syntaxProblems: [] }, rows };
}

/** The first row (whether it is a header can change) and the rows that touch one of `spans` (sorted). */
function rowsTouching(rows: readonly Row[], spans: readonly Range[]): Row[] {
  const out: Row[] = rows.length > 0 ? [rows[0]] : [];
  let i = 1;
  for (const s of spans) {
    while (i < rows.length && before(rows[i].range.end, s.start)) i++;
    for (let j = i; j < rows.length && !before(s.end, rows[j].range.start); j++) if (out[out.length - 1] !== rows[j]) out.push(rows[j]);
  }
  return out;
}
