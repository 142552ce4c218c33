/**
 * A large text fixed as fixText fixes it (the same text and the same listing), a piece at a time, so that only one
 * piece's findings and rounds of fixes are held at once instead of the whole file's, and each fixed piece can be
 * written on as it is made (`nhi-imaging fix` on a file of hundreds of thousands of rows).
 *
 * Fix-all is the same over pieces as over the whole when what decides it for the whole file is decided once for
 * the whole file, and each cut between pieces stands where no fix of either side can reach across or see it:
 * - the order of month and day a file's dates show, and its line ends (their fix is made last, to the line break the
 *   whole fixed text ends most lines in, as fix-all makes it), and the file-level findings (the BOM, the line ends),
 *   are taken from a first pass over every row;
 * - a cut stands between two rows that are data rows (every field there, the first a hospital code, so neither is or
 *   becomes a header, an empty row or a query tool's line) past the first row, separated by one line break and no blank line,
 *   without a CSV syntax problem, whose fixes only rewrite a value in place (a date, zeros, seconds, decimals, an
 *   extension's case, quotes or spaces around it) or are not applied: no deletion of lines, which takes the blank lines beside it, reaches them,
 *   and a piece's first row is no file's first row that could be taken for a header.
 * A text with no such cut is fixed whole.
 */
import { scanRows, type ScanCursor, type ScanOutput } from '../csv/parse';
import type { Row } from '../csv/model';
import { LineEndTally, lineEndsOf, targetLineBreak } from '../csv/line-ends';
import { addDateOrdersShown, withDecidedDateOrders, type DateOrders } from '../date-orders';
import { NOT_IN_FIX_ALL } from '../fixKinds';
import { FIELD_COUNT } from '../spec/fields';
import type { ValidationOptions } from '../options';
import type { Finding, FixKind } from '../types';
import { BatchValidator, holdsNoRecord, isHeaderRow, validateText } from '../validate';
import { fixAllText, withLoneCrsFixed } from './fix-all';
import { FixList, fixText, hasFix, listFixesInto } from './fix-text';

/** About the text of one piece (500 rows): its findings and rounds of fixes die young, collected before they pile up. */
export const PIECE_CHARS = 1 << 16;

/**
 * Fixes that rewrite one value in place, into a value of the same field and never a comma, quote or line break
 * (quotes and spaces are taken off only such values): a row they fix keeps its cells and stays the data row it was.
 */
const IN_PLACE: ReadonlySet<FixKind> = new Set<FixKind>(['roc-date', 'zero-pad', 'drop-seconds', 'remove-decimals', 'remove-thousands', 'extension-case', 'exam-month', 'trim', 'unquote']);

/** A hospital code: a row whose first cell is one is never taken for a header (isHeaderRow). */
const HOSPITAL_CODE = /^[0-9A-Za-z]{10}$/;

interface Cut {
  /** Where the piece after the cut starts in the text: the start of a line. */
  offset: number;
  line: number;
}

/** fixText's result, its listings as FixLists (the first `listed` of each whole). */
export interface FixedInPieces {
  text: string;
  fixed: FixList;
  toChoose: FixList;
}

/**
 * fixText's result as the parts of the fixed text, each made as `parts` is read (a consumer writes each on and lets it
 * go); `fixed`, `toChoose` and `changed` are whole once `parts` is read through.
 */
export interface FixedParts {
  parts: Iterable<string>;
  fixed: FixList;
  toChoose: FixList;
  /** A part read so far differs from the text it was made of. */
  changed: boolean;
}

/** fixText's result for `text`, made a piece of about `pieceChars` at a time, joined (for tests; a file is fixed by fixInPieces). */
export function fixTextInPieces(text: string, options: ValidationOptions, how: { pieceChars?: number; listed?: number } = {}): FixedInPieces {
  const result = fixInPieces(text, options, how);
  const out = [...result.parts].join('');
  return { text: out === text ? text : out, fixed: result.fixed, toChoose: result.toChoose };
}

/** fixText's result for `text` as parts made a piece of about `pieceChars` at a time. */
export function fixInPieces(text: string, options: ValidationOptions, { pieceChars = PIECE_CHARS, listed = Infinity } = {}): FixedParts {
  const result: FixedParts = { parts: [], fixed: new FixList(listed), toChoose: new FixList(listed), changed: false };
  result.parts = partsOf(text, options, pieceChars, result);
  return result;
}

function* partsOf(text: string, options: ValidationOptions, pieceChars: number, result: FixedParts): Generator<string, void> {
  const { cuts, orders, fileFindings } = survey(text, options, pieceChars);
  const { fixed, toChoose } = result;
  if (cuts.length === 0) {
    const whole = fixText(text, options);
    for (const f of whole.fixed) fixed.add(f.ruleId, () => f);
    for (const f of whole.toChoose) toChoose.add(f.ruleId, () => f);
    result.changed = whole.text !== text;
    yield whole.text;
    return;
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  const starts: Cut[] = [{ offset: 0, line: 0 }, ...cuts];
  const pieceOf = (i: number) => text.slice(starts[i].offset, i + 1 < starts.length ? starts[i + 1].offset : text.length);
  const fixedPiece = (i: number) => {
    const piece = pieceOf(i);
    // The piece's own file-level findings (its line ends, a BOM) are the file's only where the file's say so.
    const own = validateText(piece, options, hasFix).findings.filter((f) => f.row !== null);
    const findings = withDecidedDateOrders(i === 0 ? fileFindings.concat(own) : own, orders);
    listFixesInto(findings, bom && i === 0, starts[i].line, fixed, toChoose);
    return fixAllText(piece, { findings, orders }, options, false);
  };
  if (!fileFindings.some((f) => f.fixes?.[0]?.kind === 'line-ends')) {
    for (let i = 0; i < starts.length; i++) {
      const part = fixedPiece(i);
      result.changed ||= part !== pieceOf(i);
      yield part;
    }
    return;
  }
  // The lone CRs become the line break the whole fixed text ends most lines in, known once every part is made: these
  // are held (the fixed text once), then each has its lone CRs fixed as it is given. A cut follows a whole line break
  // outside quotes, so a part's lone CRs are those the whole text has there.
  const parts: string[] = [];
  const tally = new LineEndTally();
  for (let i = 0; i < starts.length; i++) {
    parts.push(fixedPiece(i));
    tally.push(parts[i]);
  }
  const target = targetLineBreak(tally.end());
  for (let i = 0; i < parts.length; i++) {
    const part = withLoneCrsFixed(parts[i], target);
    parts[i] = '';
    result.changed ||= part !== pieceOf(i);
    yield part;
  }
}

/** Where the pieces after the first start (offsets in `text`): for tests. */
export function pieceStarts(text: string, options: ValidationOptions, pieceChars = PIECE_CHARS): number[] {
  return survey(text, options, pieceChars).cuts.map((c) => c.offset);
}

/**
 * One pass over the rows: the order of month and day the file's dates show, the file-level findings with a fix,
 * and the cuts (see above) at least `pieceChars` apart.
 */
function survey(text: string, options: ValidationOptions, pieceChars: number): { cuts: Cut[]; orders: DateOrders; fileFindings: Finding[] } {
  // No fix depends on whether the file is a draft: told it, the validator holds back no row and gives each row's
  // findings with it (BatchValidator.addRow).
  const batch = new BatchValidator({ ...options, draft: options.draft ?? false }, { crossRow: false });
  const orders: DateOrders = { byField: new Map(), file: undefined };
  const out: ScanOutput = { rows: [], syntaxProblems: [] };
  const cursor: ScanCursor = { line: 0, lineStart: 0, rowIndex: 0 };
  const ahead = { lf: -1, cr: -1, quote: -1 };
  const bom = text.charCodeAt(0) === 0xfeff;
  const cuts: Cut[] = [];
  let at = bom ? 1 : 0;
  let lastCut = 0;
  let before: { end: number; cuttable: boolean } | undefined;
  for (;;) {
    at = scanRows(text, at, cursor, true, out, 1, ahead);
    const row = out.rows.pop();
    if (row === undefined) break;
    // In the order validateText gives them, for the first value that shows an order to be the one named.
    const found = batch.addRow(row).filter(hasFix).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    addDateOrdersShown(orders, found);
    const start = at - row.text.length;
    const cuttable = row.index > 0 && out.syntaxProblems.length === 0 && staysDataRow(row, found);
    out.syntaxProblems.length = 0;
    if (before?.cuttable && cuttable && start - lastCut >= pieceChars && isOneLineBreak(text, before.end, start)) {
      cuts.push({ offset: start, line: row.line });
      lastCut = start;
    }
    before = { end: at, cuttable };
  }
  // No fix of the file's line ends is made from these edits: it is made over the whole fixed text, last.
  const fileFindings = batch.finish({ bom, lineCount: cursor.line + 1, lineEnds: lineEndsOf(text), loneCrEdits: () => [] })
    .filter((f) => f.row === null && hasFix(f));
  return { cuts, orders, fileFindings };
}

/** A data row that the fixes of `found`, its findings, leave one: see the file's comment. */
function staysDataRow(row: Row, found: readonly Finding[]): boolean {
  const cells = row.cells;
  // Short rows are read for another separator when looked at as a header: only rows of every field are cut beside.
  if (cells.length < FIELD_COUNT) return false;
  const first = cells[0].value;
  if (!HOSPITAL_CODE.test(first) || !/\d/.test(first) || isHeaderRow(row) || holdsNoRecord(row)) return false;
  return found.every((f) => f.fixes!.every((x) => IN_PLACE.has(x.kind) || NOT_IN_FIX_ALL.has(x.kind)));
}

/** The text between two rows, `end` and `start`, is one line break. */
function isOneLineBreak(text: string, end: number, start: number): boolean {
  const between = start - end;
  if (between === 1) return text[end] === '\n' || text[end] === '\r';
  return between === 2 && text[end] === '\r' && text[end + 1] === '\n';
}
