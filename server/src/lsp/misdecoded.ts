/**
 * Text the editor decoded wrongly: the file on disk is not UTF-8 (its FILE-encoding error, source "stored-encoding")
 * and the text shows it. The one place that decides what of such a document every feature leaves out: the findings
 * that only repeat the encoding error would bury the one error that says what to do (save as UTF-8).
 */
import type { Finding, Range } from '../core/types';
import { overlaps } from './cells';
import { RULE_ENCODING } from '../core/csv/rules';
import { RULE_LINE_ENDS } from '../core/rules/line-ends';
import type { ServerContext } from './context';
import type { CsvDocument } from './csvDocument';
import { STORED_ENCODING_SOURCE } from './storedEncoding';

export interface Misdecoded {
  /**
   * NUL in the text (UTF-16 read as UTF-8, NUL lines between the rows; or a file that is binary data): the text is
   * read as no rows, as the check of the file on disk reads none. No row is listed as a symbol, counted or given a deadline,
   * and no finding about a row is shown, whatever its source.
   */
  noRows: boolean;
  /** The findings left out: with NUL, every row's and the text's lone CRs; with U+FFFD (Big5 read as UTF-8), the F-chars errors of the fields holding it. */
  hides(f: Finding): boolean;
}

/** NUL in the editor's text: UTF-16 read as UTF-8 (or binary data). */
// eslint-disable-next-line no-control-regex
const UTF16_DEBRIS = /\u0000/;
/** U+FFFD: bytes the editor could not decode (Big5 read as UTF-8), in the fields that held them. */
const UNDECODED = /\ufffd/;

/** How the document's text was decoded wrongly, or undefined when it was not (or the file on disk is UTF-8). */
export function misdecoded(ctx: ServerContext, doc: CsvDocument): Misdecoded | undefined {
  const stored = ctx.findings.of(doc.uri, STORED_ENCODING_SOURCE);
  if (!stored.some((f) => f.ruleId === RULE_ENCODING)) return undefined;
  const text = doc.text.getText();
  // Each CRLF of UTF-16 read as UTF-8 is a CR, NUL, LF, NUL: the text's lone CRs are debris too.
  if (UTF16_DEBRIS.test(text)) return { noRows: true, hides: (f) => (f.row !== null || f.ruleId === RULE_LINE_ENDS) && !stored.includes(f) };
  if (UNDECODED.test(text)) return { noRows: false, hides: (f) => f.ruleId === 'F-chars' };
  return undefined;
}

/** What other sources (archives, drafts, the ledger, the stored encoding) say about the document that is shown. */
export function shownOtherFindings(ctx: ServerContext, doc: CsvDocument, hidden = misdecoded(ctx, doc)): Finding[] {
  const other = ctx.findings.get(doc.uri);
  return hidden ? other.filter((f) => !hidden.hides(f)) : other;
}

/**
 * The findings with fixes among those the document's diagnostics show (but for maxDiagnostics): its text's, then other
 * sources'. Code actions read nothing else, and a document's deadline notes, one a row and without fixes, are not built for them.
 * With `range`, those overlapping it, of which only the findings of the rows beside it are built.
 */
export function shownFixableFindings(ctx: ServerContext, doc: CsvDocument, range?: Range): Finding[] {
  const hidden = misdecoded(ctx, doc);
  // A row's findings lie on its lines; a range at a line's very end or start may touch the row before or after.
  let own = range ? doc.fixableFindingsOfLines(range.start.line - 1, range.end.line + 1) : doc.fixableFindings();
  if (hidden) own = own.filter((f) => !hidden.hides(f));
  const other = shownOtherFindings(ctx, doc, hidden).filter((f) => f.fixes?.length);
  const all = other.length === 0 ? own : own.concat(other);
  return range ? all.filter((f) => overlaps(f.range, range)) : all;
}
