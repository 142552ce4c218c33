import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Row } from '../core/csv/model';
import { parseCsv } from '../core/csv/parse';
import type { ValidationOptions } from '../core/options';
import type { Finding, Range, TextEdit } from '../core/types';
import { fixableFindings } from '../core/validate';
import { before } from './cells';
import { EditComposition } from './editComposition';
import { combineFixes, fixAllFixes } from './fixes';

/**
 * A round only has work when the one before revealed it (a row split by commas shows its values' problems,
 * a header row becomes the first row once the empty row above it is gone); a few rounds are plenty, and the
 * bound keeps two fixes that undo each other from running on.
 */
const MAX_ROUNDS = 8;

/**
 * The edits of source.fixAll for `text` whose findings are `findings`: their fixes combined and applied, then
 * the rows those edits changed checked again and their fixes applied, round after round until none is left,
 * as one set of edits of `text`. One run then leaves nothing for the next.
 */
export function fixAllEdits(text: string, findings: readonly Finding[], options: ValidationOptions): TextEdit[] {
  const composition = new EditComposition(text);
  const original = TextDocument.create('', '', 0, text);
  let current = original;
  let edits = combineFixes(fixAllFixes(findings));
  for (let round = 0; edits.length > 0 && round < MAX_ROUNDS; round++) {
    const doc = current;
    const spans = composition.apply(edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText })));
    current = TextDocument.create('', '', 0, composition.text());
    const model = parseCsv(current.getText());
    const changed = spans.map((s) => ({ start: current.positionAt(s.start), end: current.positionAt(s.end) }));
    edits = combineFixes(fixAllFixes(fixableFindings(model, rowsTouching(model.rows, changed), options)));
  }
  return composition.edits().map((e) => ({ range: { start: original.positionAt(e.start), end: original.positionAt(e.end) }, newText: e.text }));
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
