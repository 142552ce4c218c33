/**
 * What the hover, quick fixes, document highlights and references of a text must be, worked out from a fresh parse
 * of the whole text with the functions the server's features call: the server's incrementally kept rows, cells,
 * findings and cross-row index must give the same answers. Under the test settings (coreOptions), in English.
 */
import { MarkupKind, type Position, type Range, type TextEdit } from 'vscode-languageserver-protocol';
import { parseCsv } from '../../server/src/core/csv/parse';
import { isRowTooLong, type Row } from '../../server/src/core/csv/model';
import { CrossRowIndex, holdsNoRecord, isHeaderRow, pandasRecordCells, validateRowInto, validateText } from '../../server/src/core/validate';
import { describeCell, describeDeadline } from '../../server/src/core/describe';
import { decideDateOrders } from '../../server/src/core/date-orders';
import { combineFixes, fixesOfKind } from '../../server/src/core/fix/fixes';
import { deletesLines, withBlankLinesBeside } from '../../server/src/core/fix/blank-lines-beside';
import { LineIndex } from '../../server/src/core/fix/line-index';
import { fixAllTitle, NOT_IN_FIX_ALL } from '../../server/src/core/fixKinds';
import { fieldOfRows, rowsWithValue } from '../../server/src/core/equal-cells';
import type { Finding, Fix } from '../../server/src/core/types';
import { cellUnder, cellValues, overlaps, type CellUnder } from '../../server/src/lsp/cells';
import { renderMarkup, type MarkupBlock } from '../../server/src/lsp/markdown';
import { coreOptions } from './expected';

/** A quick fix as compared: its title, whether preferred, the diagnostic it fixes (none for "fix all of this kind") and its edits. */
export interface QuickFixKey {
  title: string;
  isPreferred: boolean;
  diagnostic?: { code: string; range: Range };
  edits: TextEdit[];
}

/** A data row (not a header row, not empty, not too long), as the server's core engine tells them. */
function isDataRow(row: Row): boolean {
  return !isRowTooLong(row) && !(row.index === 0 && isHeaderRow(row)) && !holdsNoRecord(row);
}

export class AnswersOfText {
  private readonly rows: Row[];
  private readonly options = coreOptions();
  private indexMade: { index: CrossRowIndex; slots: Map<number, number> } | undefined;
  private findingsMade: Finding[] | undefined;
  private decidedMade: Finding[] | undefined;

  constructor(private readonly text: string) {
    this.rows = parseCsv(text).rows;
  }

  /** The core's findings of the text (validateText). */
  get findings(): readonly Finding[] {
    return (this.findingsMade ??= validateText(this.text, this.options).findings);
  }

  /** The cross-row index of the data rows and of a first row pandas wrote as column names, with each row's slot. */
  private get index(): { index: CrossRowIndex; slots: Map<number, number> } {
    if (!this.indexMade) {
      const index = new CrossRowIndex({ trackRows: false });
      const slots = new Map<number, number>();
      for (const row of this.rows) {
        const cells = isDataRow(row) ? row.cells : row.index === 0 ? pandasRecordCells(row) : undefined;
        if (cells) slots.set(row.index, index.add(row, cells));
      }
      this.indexMade = { index, slots };
    }
    return this.indexMade;
  }

  /** The row that has a line `line`; undefined on a blank line or past the last row. */
  rowAt(line: number): Row | undefined {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows[mid].range.end.line < line) lo = mid + 1;
      else hi = mid;
    }
    const row = this.rows[lo];
    return row && row.line <= line ? row : undefined;
  }

  private cellAt(p: Position): CellUnder | undefined {
    return cellUnder(this, p);
  }

  private isIndexed(i: number): boolean {
    return this.index.slots.has(i) && (i !== 0 || isDataRow(this.rows[0]));
  }

  /**
   * The hover at `p`: null off a cell; else the cell's range and the markup it may show (Markdown): with the row's
   * incentive deadline, or (asked before the server has validated the row again) without it.
   */
  hover(p: Position): { range: Range; contents: string[] } | null {
    const at = this.cellAt(p);
    if (!at || at.field === 0) return null;
    const d = describeCell(cellValues(at.fields), at.field, this.options.lang);
    const blocks: MarkupBlock[] = [{ heading: d.heading }, { paragraph: d.explanation }];
    if (d.decoded.length > 0) blocks.push({ list: d.decoded });
    const contents = [renderMarkup(blocks, MarkupKind.Markdown).value];
    const deadline = isDataRow(at.row) ? validateRowInto(at.row, this.options, [], at.row.cells, false) : undefined;
    if (deadline) {
      const note = describeDeadline(deadline.deadline, this.options.now, this.options.lang, deadline.basis);
      contents.unshift(renderMarkup([...blocks, { paragraph: note }], MarkupKind.Markdown).value);
    }
    return { range: at.fields[at.field - 1].range, contents };
  }

  /** The core's findings of the text, rows first (as the server lists them), with the order of month and day decided. */
  private get decided(): Finding[] {
    if (!this.decidedMade) {
      const findings = this.findings;
      this.decidedMade = decideDateOrders([...findings.filter((f) => f.row !== null), ...findings.filter((f) => f.row === null)]).findings;
    }
    return this.decidedMade;
  }

  /** The lines where findings with fixes start, each once, in order. */
  fixableLines(): number[] {
    return [...new Set(this.decided.filter((f) => f.fixes && f.fixes.length > 0).map((f) => f.range.start.line))].sort((a, b) => a - b);
  }

  /**
   * The quick fixes for `range`: each fix of each finding that touches it (a deleted line taking the blank lines beside
   * it), then for each kind among them of which the file has fixes at two places or more, one action fixing them all.
   */
  quickFixes(range: Range): QuickFixKey[] {
    const findings = this.decided;
    const here = findings.filter((f) => f.fixes && f.fixes.length > 0 && overlaps(f.range, range));
    let lines: LineIndex | undefined;
    const withBlankLines = (fixes: Fix[]): Fix[] => (fixes.some(deletesLines) ? withBlankLinesBeside(fixes, (lines ??= new LineIndex(this.text))) : fixes);
    const out: QuickFixKey[] = here.flatMap((f) => f.fixes!.map((fix, i) => ({
      title: fix.title[this.options.lang],
      isPreferred: i === 0 && !NOT_IN_FIX_ALL.has(fix.kind),
      diagnostic: { code: f.ruleId, range: f.range },
      edits: withBlankLines([fix])[0].edits,
    })));
    const kinds = new Set<Fix['kind']>();
    for (const f of here) {
      for (const fix of f.fixes!) {
        if (kinds.has(fix.kind)) continue;
        kinds.add(fix.kind);
        if (f.fixes!.some((other) => other !== fix && other.kind === fix.kind)) continue;
        const ofKind = fixesOfKind(findings, fix.kind);
        const edits = ofKind.length < 2 ? [] : combineFixes(withBlankLines(ofKind));
        if (edits.length >= 2) out.push({ title: fixAllTitle(fix.kind, edits.length)[this.options.lang], isPreferred: false, edits });
      }
    }
    return out;
  }

  /** The rows of the visit of the data row at `line`, as the report-serial rules group them; undefined off a data row. */
  private visitAt(line: number): { row: Row; visit: number[] } | undefined {
    const row = this.rowAt(line);
    if (!row || !this.isIndexed(row.index)) return undefined;
    const visit = this.index.index.visitRows(this.index.slots.get(row.index)!);
    return { row, visit: visit[0] === 0 && !this.isIndexed(0) ? visit.slice(1) : visit };
  }

  /** The document highlights at `p`: the column's cells in the visit's rows, or in a visit of one row those holding its value. */
  highlights(p: Position): Range[] | null {
    const at = this.visitAt(p.line);
    const field = at && this.cellAt(p)!.field;
    if (!at || !field) return null;
    let rows = at.visit;
    if (rows.length < 2) {
      const value = fieldOfRows(this.rows, [at.row.index], field)[0]?.value ?? '';
      rows = value.trim() === '' ? [] : rowsWithValue(this.rows, at.row.index, field, value, (i) => this.isIndexed(i));
      if (rows.length < 2) return [];
    }
    return fieldOfRows(this.rows, rows, field).map((c) => c.range);
  }

  /** The references at `p`: the column's cell (the whole row off a cell) in each row of the visit. */
  references(p: Position, includeDeclaration: boolean): Range[] | null {
    const at = this.visitAt(p.line);
    if (!at) return null;
    const field = this.cellAt(p)!.field;
    const rows = includeDeclaration ? at.visit : at.visit.filter((i) => i !== at.row.index);
    return field === 0 ? rows.map((i) => this.rows[i].range) : fieldOfRows(this.rows, rows, field).map((c) => c.range);
  }
}
