import type { Row } from '../csv/model';
import type { Bilingual, Finding, Fix, FixKind, Range, Severity, TextEdit } from '../types';
import type { ValidationOptions } from '../options';
import { allRules, rulesVersion } from '../spec/rules';

let defaults: Map<string, Severity> | undefined;
let defaultsVersion = -1;

function defaultSeverity(ruleId: string): Severity {
  if (!defaults || defaultsVersion !== rulesVersion()) {
    defaults = new Map(allRules().map((r) => [r.id, r.defaultSeverity]));
    defaultsVersion = rulesVersion();
  }
  return defaults.get(ruleId) ?? 'error';
}

/** The severity a rule has under the options, or undefined when it is switched off. */
export function severityOf(ruleId: string, options: Pick<ValidationOptions, 'severities'>): Severity | undefined {
  const o = options.severities[ruleId];
  if (o === 'off') return undefined;
  return o ?? defaultSeverity(ruleId);
}

/** True when the rule is switched off, so callers can skip building its message. */
export function isOff(ruleId: string, options: ValidationOptions): boolean {
  return options.severities[ruleId] === 'off';
}

/** Appends a finding unless its rule is off. */
export function emit(
  out: Finding[], options: ValidationOptions, ruleId: string, range: Range, field: number | null, row: number | null,
  message: Bilingual, fixes?: Fix[],
): void {
  const severity = severityOf(ruleId, options);
  if (severity === undefined) return;
  const f: Finding = { ruleId, severity, range, field, row, message };
  if (fixes && fixes.length) f.fixes = fixes;
  out.push(f);
}

export function replaceFix(kind: FixKind, title: Bilingual, range: Range, newText: string): Fix {
  return { kind, title, edits: [{ range, newText }] };
}

/** Deletes a row and the line break after it (the last row of a text has none). */
export function deleteRowEdit(row: Row): TextEdit {
  const range = row.range;
  return { range: { start: { ...range.start }, end: row.lineBreak === false ? { ...range.end } : { line: range.end.line + 1, character: 0 } }, newText: '' };
}
