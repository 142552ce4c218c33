/**
 * Types shared by every part of the core and its adapters.
 * Positions are 0-based lines and UTF-16 code-unit columns, as LSP and VS Code count them.
 */

import type { FixKind } from './fixKinds';

export type { FixKind };

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type Lang = 'zh-TW' | 'en';

/** A text in both languages the product speaks. */
export interface Bilingual {
  'zh-TW': string;
  en: string;
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * A mechanical correction offered for a finding. `kind` groups fixes for "fix all of this kind"
 * (fixKinds.ts: each kind with the title of that action).
 */
export interface Fix {
  kind: FixKind;
  title: Bilingual;
  edits: TextEdit[];
  /**
   * For a date written with the year last (`11/25/2025`): the order of month and day the fix reads it in, and the
   * value as written. On a `roc-date` fix the value itself shows the order; on a `date-order-choice` fix it is one
   * of the readings (date-orders.ts decides between them from the values that show it).
   */
  dateOrder?: { order: DateOrder; written: string };
}

/** The order of month and day in a date written with the year last. */
export type DateOrder = 'month-first' | 'day-first';

/** One problem found, located on the text. `field` is 1-17, or null for row- and file-level findings. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  range: Range;
  field: number | null;
  /** 0-based index of the row in the file, or null for file-level findings. */
  row: number | null;
  message: Bilingual;
  fixes?: Fix[];
}

/** The rule catalogue's entry: one per rule id, the single source for docs, hovers and settings. */
export interface RuleSpec {
  id: string;
  /** Field number 1-17, or null for row-, file- and archive-level rules. */
  field: number | null;
  /** Where in the NHI text the rule comes from, e.g. "表二 序號8" or "四、(二)1.(1)C"; NOTES.md decisions say so. */
  section: string;
  defaultSeverity: Severity;
  title: Bilingual;
  description: Bilingual;
  example: { bad: string; good: string };
}

/** Severity ranks, most severe first (0 = error). */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

/** A copy of a range that its holder may move without moving the original. */
export function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function rangeOf(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The empty list of findings, shared by every row or call that has none; frozen, never changed. */
export const NO_FINDINGS: Finding[] = [];
Object.freeze(NO_FINDINGS);
