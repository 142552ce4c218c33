import { decideDateOrders, type DecidedDateOrders } from '../core/date-orders';
import type { ValidationOptions } from '../core/options';
import type { Finding, TextEdit } from '../core/types';
import { fixAllEdits } from '../core/fix/fix-all';
import { fixAllFixes } from '../core/fix/fixes';

/**
 * What code actions make of one text and its findings, each once and only when asked: editors ask for code
 * actions at every move of the cursor, and the rounds of source.fixAll after the first parse the whole text
 * again. The order of month and day the file's dates show is decided once, for the quick fixes and fix-all.
 */
export class FixesOfText {
  private decidedMade: DecidedDateOrders | undefined;
  private countMade: number | undefined;
  private editsMade: TextEdit[] | undefined;

  /** `text` is asked for only when fix-all's edits are (the quick fixes need none of it). */
  constructor(
    private readonly text: () => string,
    private readonly findings: readonly Finding[],
    private readonly options: ValidationOptions,
  ) {}

  /** The findings with the reading of the order of month and day the file's dates show put first (date-orders.ts). */
  get decided(): DecidedDateOrders {
    return (this.decidedMade ??= decideDateOrders(this.findings));
  }

  /** How many problems source.fixAll fixes in its first round: its title's count. */
  get fixAllCount(): number {
    return (this.countMade ??= fixAllFixes(this.decided.findings).length);
  }

  get fixAllEdits(): TextEdit[] {
    return (this.editsMade ??= fixAllEdits(this.text(), this.decided, this.options));
  }
}
