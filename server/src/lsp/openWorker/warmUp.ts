/**
 * A worker thread's first job would run its validation code unoptimised (V8 optimises a function
 * after it has run a while): validating a few thousand generated rows at start-up, before any
 * document arrives, makes the first real split run at the speed of the later ones.
 */
import { EXAMPLE_FILE_NAME, EXAMPLE_NOW, EXAMPLE_ROW } from '../../core/spec/example';
import { defaultOptions } from '../../core/options';
import { packRows } from './packedRows';

export const WARM_UP_ROWS = 4000;

/** Distinct valid rows (visit serial and archive serial vary), as CSV text. */
export function warmUpText(rows = WARM_UP_ROWS): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row = [...EXAMPLE_ROW];
    row[5] = String((i % 9999) + 1).padStart(4, '0');
    row[13] = `DCF3501200000_C${String(i + 1).padStart(11, '0')}.7z`;
    lines.push(row.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function warmUp(): void {
  packRows(warmUpText(), { line: 0, rowIndex: 1 }, defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME, lang: 'en' }));
}
