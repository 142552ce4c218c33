import { CrossRowIndex, isHeaderRow, rowDeadline, syntaxFindings, validateFileLevel, validateRow } from '../core/validate';
import type { Row } from '../core/csv/model';
import type { Finding } from '../core/types';
import type { ValidationEngine } from './engine';

/** The rule whose severity the `idChecksumSeverity` setting sets. */
export const ID_CHECKSUM_RULE = 'F08-checksum';

/** The first row is a header (column names) rather than data: it gets no row rules and joins no index. */
function isHeader(row: Row): boolean {
  return row.index === 0 && isHeaderRow(row);
}

/** The core's validators, row by row, exactly as `validateText` applies them to a whole text. */
export const coreEngine: ValidationEngine = {
  rowFindings(row, syntax, options) {
    const own: Finding[] = isHeader(row) ? [] : validateRow(row, options);
    return syntax.length === 0 ? own : own.concat(syntaxFindings(syntax, options));
  },
  isDataRow: (row) => !isHeader(row),
  rowDeadline(row) {
    if (isHeader(row)) return null;
    return rowDeadline(row)?.deadline ?? null;
  },
  crossRowIndex(options) {
    const index = new CrossRowIndex();
    return { add: (row, cells) => void index.add(row, cells), remove: (row) => void index.remove(row), findings: () => index.findings(options) };
  },
  fileFindings(file, options) {
    const header = file.rows.length > 0 && isHeader(file.rows[0]);
    return validateFileLevel(
      {
        fileName: options.fileName, bom: file.bom, rowCount: file.rows.length - (header ? 1 : 0),
        firstRow: header ? file.rows[0] : undefined, lineCount: file.lineCount, firstDataRow: file.rows[header ? 1 : 0],
      },
      options,
    );
  },
};
