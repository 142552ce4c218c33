/**
 * The valid row the rule catalogue's examples start from. A field example replaces one cell of it;
 * a text example is whole CSV text built from it. docs/rules.md shows this row once.
 */
export const EXAMPLE_ROW: readonly string[] = [
  '3501200000', '12', '11411', '1141125093015', '01', '0001', '1', 'A123456789', '0750312', '33070B', '1',
  '11411250945', 'H', 'DCF3501200000_C00000000001.7z', '', '', '',
];

/** A file name that fits EXAMPLE_ROW. */
export const EXAMPLE_FILE_NAME = '3501200000_20251125_001.csv';

/** The reference time the examples are checked against: 2025-11-25 12:00 in Taipei. */
export const EXAMPLE_NOW = Date.UTC(2025, 10, 25, 4, 0, 0);

/** EXAMPLE_ROW with the given fields (1-based) replaced, as one CSV line. */
export function exampleLine(patch: Readonly<Record<number, string>> = {}): string {
  return EXAMPLE_ROW.map((v, i) => (patch[i + 1] !== undefined ? patch[i + 1] : v)).join(',');
}

/** Several example rows as CSV text, one patch per row. */
export function exampleText(...patches: Readonly<Record<number, string>>[]): string {
  return patches.map((p) => exampleLine(p)).join('\n') + '\n';
}
