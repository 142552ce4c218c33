/**
 * The validation API the adapters call. Everything here is pure and never throws.
 *
 *   validateText(text, options) -> { model, findings }
 *       Whole document: parse, file-level, every row, cross-row. Findings ordered by row (file-level first).
 *
 *   validateRow(row, options) -> Finding[]
 *       Row-local rules only (fields, fields against each other, file-name hospital when options.fileName is
 *       set, the incentive deadline). A pure function of one row: re-run it for the rows an edit touched.
 *       Do not call it for a header row (see isHeaderRow). An empty row (isEmptyRow: only commas and spaces)
 *       gets its ROW-empty finding alone, and stays out of the cross-row index and the row count, as do the
 *       end-of-file mark and a query tool's underline or row count (holdsNoRecord).
 *
 *   new CrossRowIndex({ trackRows }) with add(row) / remove(row | slot) / findings(options)
 *       Report serials per visit, shared archives, duplicate rows. Incremental: remove the old Row, add the new.
 *       A header row stays out, but for the record pandas wrote as column names: add(row, pandasRecordCells(row)).
 *       { trackRows: false } for streaming (remove by the slot add() returned); ~100 bytes per row.
 *
 *   validateFileLevel({ fileName, bom, rowCount, firstRow, lineCount, draft, separator, lineEnds, loneCrEdits }, options) -> Finding[]
 *       Empty file, BOM, header row, a file separated by semicolons or tabs, lines ending in a lone CR (with a fix
 *       when loneCrEdits is given), file name (not for a draft, whose field 14 names image folders). rowCount
 *       excludes a header row and empty rows.
 *   syntaxFindings(model.syntaxProblems, options) -> Finding[]
 *
 *   fixableFindings(model, rows, options) -> Finding[]
 *       The findings of the given rows of a parsed text and of the file's start (BOM, header row): every
 *       finding that can carry a fix, as the rules across rows offer none. For re-checking only the rows an
 *       edit changed.
 *
 *   new BatchValidator(options, { streaming, crossRow })   (what validateText uses; the CLI streams through it)
 *       addRow(row) -> row-local findings (the first row is checked for being a header; a row over 64 KiB, isRowTooLong,
 *       gets FILE-row-too-long alone and joins nothing, as the stream skips it). Without options.draft, the rows before
 *       the one that says whether the file is a draft are held back: their findings come with that row's, or from finish;
 *       addSyntaxProblems(problems) -> findings;
 *       finish({ bom, lineCount, lineEnds, loneCrEdits }) -> cross-row and file-level findings; then draft: whether the
 *       rows were read as a draft's.
 *
 *   rowDeadline(row | values) -> { start, deadline, basis, field } | undefined; describeDeadline(d, now).
 *   isDraftPath(value): field 14 holds a folder path that Build will package.
 *   draftSaidBy(dataRow): what a data row's field 14 says of the file: a draft for Build (true), an upload CSV (false),
 *       or nothing yet (empty); draftSignOf(dataRow) says too how firmly (`.` or `~` alone only leans). The first data
 *       row that says it firmly decides, else the first that leans (draftDecision, isDraftText; only the first
 *       DRAFT_DECIDING_ROWS rows may): options.draft, which BatchValidator decides when not given.
 *
 * Severities: options.severities[ruleId] overrides the catalogue's default; 'off' drops the finding.
 */
import { isRowTooLong, type CsvModel, type Row, type SyntaxProblem } from './csv/model';
import { parseCsv } from './csv/parse';
import { tooLongRowFinding } from './csv/rules';
import type { ValidationOptions } from './options';
import { NO_FINDINGS, type Finding } from './types';
import { bi } from './i18n';
import { CrossRowIndex } from './rules/cross-row';
import { syntaxFindings, validateFileLevel, validateFileStart, type FileFacts } from './rules/file';
import { isHeaderRow, pandasRecordCells } from './rules/header-row';
import { lineEndsOf, loneCrEdits } from './csv/line-ends';
import { validateRowInto } from './rules/row';
import { holdsNoRecord } from './rules/empty-row';
import { DRAFT_DECIDING_ROWS, draftSignOf, type DraftSign } from './rules/draft-file';
import { SeparatorTally } from './rules/separator';

export { validateRow, validateRowInto, deadlineCell, deadlineNote, deadlineRule } from './rules/row';
export { CrossRowIndex, type CrossRowIndexOptions } from './rules/cross-row';
export { validateFileLevel, validateFileStart, syntaxFindings, type FileFacts } from './rules/file';
export { isHeaderRow, pandasRecordCells } from './rules/header-row';
export { rowDeadline, describeDeadline, basisText, INCENTIVE_WINDOW_MS, type RowDeadline, type DeadlineBasis } from './rules/deadline';
export { isEmptyRow, holdsNoRecord } from './rules/empty-row';
export { SeparatorTally, type Separator } from './rules/separator';
export { isDraftPath, parseArchiveName, type ArchiveName } from './rules/archive-name';
export { DRAFT_DECIDING_ROWS, draftSaidBy, draftSignOf, draftDecision, isDraftText, type DraftSign } from './rules/draft-file';
export { checkNationalId, idCheckDigit } from './rules/national-id';
export { checkFileName, baseName } from './rules/file-name';
export { severityOf } from './rules/emit';

/** Validates a batch row by row, holding only the cross-row index between rows. */
export class BatchValidator {
  private readonly index: CrossRowIndex;
  private firstRow: Row | undefined;
  /** Rows held back until the file says whether it is a draft (see addRow). */
  private undecided: Row[] = [];
  /** What the first of them that leans says (draftSignOf), for when none says it firmly. */
  private lean: boolean | undefined;
  private header = false;
  private dataRows = 0;
  private readonly separators = new SeparatorTally();
  private readonly crossRow: boolean;

  /**
   * `streaming` is accepted for compatibility: the index never needs to remove rows here, so it never tracks them.
   * With `crossRow` false no row joins the cross-row index and finish() says only the file-level findings (a fix
   * needs no others: the rules across rows offer none).
   */
  constructor(private options: ValidationOptions, settings: { streaming?: boolean; crossRow?: boolean } = {}) {
    this.index = new CrossRowIndex({ trackRows: false });
    this.crossRow = settings.crossRow ?? true;
  }

  /**
   * Row-local findings of one row; the row joins the cross-row index. While the file has not said whether it is a
   * draft (options.draft not given, and no data row has said it firmly: draftSignOf), the row is held back and its
   * findings come with those of the row that says, or of the first row past DRAFT_DECIDING_ROWS, or from finish()
   * (draftDecision: without a firm row, the first row that leans decides).
   */
  addRow(row: Row): Finding[] {
    if (this.options.draft === undefined) {
      if (row.index >= DRAFT_DECIDING_ROWS) return this.decide(this.lean ?? false, row);
      const sign = this.draftSignOf(row);
      if (sign?.firm) return this.decide(sign.draft, row);
      if (sign) this.lean ??= sign.draft;
      this.undecided.push(row);
      return NO_FINDINGS;
    }
    return this.checkRow(row);
  }

  /** What `row` says of the file (draftSignOf), when it is a data row. */
  private draftSignOf(row: Row): DraftSign | undefined {
    if (isRowTooLong(row) || holdsNoRecord(row) || (row.index === 0 && isHeaderRow(row))) return undefined;
    return draftSignOf(row);
  }

  /** The file is a draft or not: the rows held back are checked in order, then `row` if given. */
  private decide(draft: boolean, row?: Row): Finding[] {
    this.options = { ...this.options, draft };
    const rows = this.undecided;
    this.undecided = [];
    if (row) rows.push(row);
    let out: Finding[] = NO_FINDINGS;
    for (const r of rows) {
      const found = this.checkRow(r);
      if (found.length > 0) out = out.length > 0 ? (out.push(...found), out) : found;
    }
    return out;
  }

  private checkRow(row: Row): Finding[] {
    // Not checked field by field, as the stream skips it (there it is no row, but its index is used up).
    if (isRowTooLong(row)) return [tooLongRowFinding(row)];
    const out: Finding[] = [];
    try {
      if (row.index === 0) {
        this.firstRow = row;
        if (isHeaderRow(row)) {
          this.header = true;
          // The record pandas wrote as column names is no data row, but its serial and archive are in the file.
          const record = this.crossRow ? pandasRecordCells(row) : undefined;
          if (record) this.index.add(row, record);
          return out;
        }
      }
      const cells = row.cells;
      validateRowInto(row, this.options, out, cells);
      if (holdsNoRecord(row)) return out;
      this.dataRows++;
      if (!this.separators.decided) this.separators.add(row.text, cells.length);
      if (this.crossRow) this.index.add(row, cells);
    } catch (e) {
      out.push(internal(e, row));
    }
    return out;
  }

  addSyntaxProblems(problems: readonly SyntaxProblem[]): Finding[] {
    return syntaxFindings(problems, this.options);
  }

  /**
   * Cross-row and file-level findings, once every row was added; first the findings of the rows still held back
   * (no row said firmly what the file is: the first that leans decides, and without one it is no draft).
   */
  finish(facts: Pick<FileFacts, 'bom' | 'lineCount' | 'fileName' | 'lineEnds' | 'loneCrEdits'>): Finding[] {
    const held = this.options.draft === undefined ? this.decide(this.lean ?? false) : NO_FINDINGS;
    try {
      const file = validateFileLevel({
        ...facts, fileName: facts.fileName ?? this.options.fileName, rowCount: this.dataRows,
        firstRow: this.header ? this.firstRow : undefined, draft: this.options.draft,
        separator: this.separators.separator,
      }, this.options);
      // Asked once: the index keeps none of them, and the caller can let each go once reported.
      return held.concat(file, this.index.takeFindings(this.options));
    } catch (e) {
      return [internal(e)];
    }
  }

  get rows(): number {
    return this.dataRows;
  }

  /** Whether the rows were read as a draft's: options.draft, or as the rows said (final once finish() was called). */
  get draft(): boolean {
    return this.options.draft === true;
  }
}

function internal(e: unknown, row?: Row): Finding {
  return {
    ruleId: 'INTERNAL', severity: 'error', field: null, row: row ? row.index : null,
    range: row ? row.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: bi(`檢查時發生內部錯誤：${String(e)}`, `internal error while checking: ${String(e)}`),
  };
}

/**
 * Parses and validates a whole document. With `keep`, only the findings it accepts are kept, each as it is made
 * (the others are collected at once): the same list as the full one filtered, in the same order.
 */
export function validateText(text: string, options: ValidationOptions, keep?: (f: Finding) => boolean): { model: CsvModel; findings: Finding[] } {
  let model: CsvModel;
  try {
    model = parseCsv(text);
  } catch (e) {
    return { model: { rows: [], bom: false, lineCount: 0, syntaxProblems: [] }, findings: [internal(e)] };
  }
  const batch = new BatchValidator(options);
  let rowFindings: Finding[] = [];
  for (const row of model.rows) {
    const all = batch.addRow(row);
    const f = keep && all.length ? all.filter(keep) : all;
    if (f.length) rowFindings = rowFindings.length ? (rowFindings.push(...f), rowFindings) : f;
  }
  let syntax = batch.addSyntaxProblems(model.syntaxProblems);
  let rest = batch.finish({ bom: model.bom, lineCount: model.lineCount, lineEnds: lineEndsOf(text), loneCrEdits: (target) => loneCrEdits(text, target) });
  if (keep) {
    syntax = syntax.filter(keep);
    rest = rest.filter(keep);
  }
  const fileLevel = rest.filter((f) => f.row === null);
  const rowLevel = rowFindings.concat(syntax, rest.filter((f) => f.row !== null));
  rowLevel.sort((a, b) => a.row! - b.row! || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, findings: fileLevel.concat(rowLevel) };
}

/** The row-local findings of `rows` (of `model`) and the findings of the file's start; see the API above. */
export function fixableFindings(model: CsvModel, rows: Iterable<Row>, options: ValidationOptions): Finding[] {
  const header = model.rows.length > 0 && isHeaderRow(model.rows[0]) ? model.rows[0] : undefined;
  const out = validateFileStart({ bom: model.bom, firstRow: header, lineCount: model.lineCount }, options);
  for (const row of rows) if (row !== header && !isRowTooLong(row)) validateRowInto(row, options, out);
  return out;
}
