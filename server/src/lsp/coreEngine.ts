import {
  CrossRowIndex, deadlineCell, deadlineNote, deadlineRule, holdsNoRecord, isDraftText, isHeaderRow, pandasRecordCells, SeparatorTally, severityOf, syntaxFindings, validateFileLevel,
  validateRow, validateRowInto, type Separator,
} from '../core/validate';
import { isRowTooLong, type Row } from '../core/csv/model';
import { tooLongRowFinding } from '../core/csv/rules';
import { NO_FINDINGS, type Finding } from '../core/types';
import type { ValidationEngine } from './engine';

export { ID_CHECKSUM_RULE } from '../shared/settings';

/**
 * The first row is a header (column names) rather than data: it gets no row rules and joins no index, but for the
 * record pandas wrote as column names (recordOfNonDataRow).
 */
function isHeader(row: Row): boolean {
  return row.index === 0 && isHeaderRow(row);
}

/**
 * How many data rows there are (a header row and empty rows are not data) and the separator they all use instead
 * of commas.
 */
function dataRows(rows: readonly Row[], header: boolean): { count: number; separator: Separator | undefined } {
  let count = 0;
  const separators = new SeparatorTally();
  for (let i = header ? 1 : 0; i < rows.length; i++) {
    const row = rows[i];
    if (isRowTooLong(row) || holdsNoRecord(row)) continue;
    count++;
    if (!separators.decided) separators.add(row.text, row.cells.length);
  }
  return { count, separator: separators.separator };
}

/** The core's validators, row by row, exactly as `validateText` applies them to a whole text. */
export const coreEngine: ValidationEngine = {
  validateRow(row, cells, syntax, options) {
    const out: Finding[] = [];
    const deadline = validateRowInto(row, options, out, cells, false);
    const notePosition = out.length;
    const findings = syntax.length > 0 ? out.concat(syntaxFindings(syntax, options)) : out.length > 0 ? out : NO_FINDINGS;
    const hasCell = deadline !== undefined && deadlineCell(row, deadline, cells) !== undefined;
    return { findings, deadline, noteSeverity: hasCell ? severityOf(deadlineRule(deadline, options), options) : undefined, notePosition };
  },
  nonDataFindings(row, syntax, options) {
    // Checked no further, as the stream skips it; the parser found no syntax problems in it.
    if (isRowTooLong(row)) return [tooLongRowFinding(row)];
    const own = holdsNoRecord(row) ? validateRow(row, options) : NO_FINDINGS;
    return syntax.length === 0 ? own : own.concat(syntaxFindings(syntax, options));
  },
  deadlineNote: (row, deadline, options) => deadlineNote(row, deadline, options),
  isDataRow: (row) => !isRowTooLong(row) && !isHeader(row) && !holdsNoRecord(row),
  recordOfNonDataRow: (row) => (row.index === 0 ? pandasRecordCells(row) : undefined),
  crossRowIndex(options, rowText) {
    const index = new CrossRowIndex({ trackRows: false, rowText });
    return {
      add: (row, cells) => index.add(row, cells),
      move: (slot, lineDelta, indexDelta) => index.move(slot, lineDelta, indexDelta),
      addEncoded: (fields, o, flags) => index.addEncoded(fields, o, flags),
      remove: (slot) => void index.remove(slot),
      findings: () => index.findings(options),
      visitRows: (slot) => index.visitRows(slot),
      reserve: (rows) => index.reserve(rows),
    };
  },
  fileFindings(file, options) {
    const header = file.rows.length > 0 && isHeader(file.rows[0]);
    const data = dataRows(file.rows, header);
    return validateFileLevel(
      {
        fileName: options.fileName, bom: file.bom, rowCount: data.count,
        firstRow: header ? file.rows[0] : undefined, lineCount: file.lineCount,
        draft: options.draft ?? isDraftText(file.rows, coreEngine.isDataRow),
        separator: data.separator, lineEnds: file.lineEnds, loneCrEdits: file.loneCrEdits,
      },
      options,
    );
  },
};
