import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { FIELD_COUNT } from '../spec/fields';
import type { Cell, Row } from '../csv/model';

export interface Separator {
  char: string;
  name: Bilingual;
}

/**
 * Separators written instead of commas: a semicolon by spreadsheets in many locales, a tab in "text" exports, and the
 * full-width comma a Chinese input method types in its full-width mode.
 */
const OTHER_SEPARATORS: readonly Separator[] = [
  { char: ';', name: bi('分號「;」', 'semicolons (;)') },
  { char: '\t', name: bi('定位字元（Tab）', 'tabs') },
  { char: '\uff0c', name: bi('全形逗號「，」', 'full-width commas (，)') },
];

/** The separator a row of too few fields uses instead of commas: it would give at least 17 fields. */
export function otherSeparator(text: string, fieldCount: number): Separator | undefined {
  if (fieldCount >= FIELD_COUNT) return undefined;
  for (const s of OTHER_SEPARATORS) if (text.split(s.char).length >= FIELD_COUNT) return s;
  return undefined;
}

/** A row written as one quoted value of its fields joined by commas (an export's one text column): those fields. */
export function quotedRecordValues(cells: readonly Pick<Cell, 'value' | 'quoted'>[]): string[] | undefined {
  if (cells.length !== 1 || !cells[0].quoted) return undefined;
  const values = cells[0].value.split(',');
  return values.length >= FIELD_COUNT ? values : undefined;
}

/**
 * The values of a row whose fields are joined otherwise than as comma-separated cells: by another separator, or by
 * commas inside one quoted value (ROW-columns names both). Undefined for any other row.
 */
export function joinedFields(row: Row): string[] | undefined {
  if (row.cells.length >= FIELD_COUNT) return undefined;
  const other = otherSeparator(row.text, row.cells.length);
  return other ? row.text.split(other.char) : quotedRecordValues(row.cells);
}

/** The other separator every row added so far uses; undefined once a row does not. */
export class SeparatorTally {
  private rows = 0;
  separator: Separator | undefined;

  /** True once a row ruled a common separator out: further rows need not be added. */
  get decided(): boolean {
    return this.rows > 0 && this.separator === undefined;
  }

  add(text: string, fieldCount: number): void {
    const s = otherSeparator(text, fieldCount);
    this.separator = this.rows++ === 0 || s === this.separator ? s : undefined;
  }
}
