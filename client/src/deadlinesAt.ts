/**
 * A document's deadlines as the server answered them, at the time the view draws them. Pure (no `vscode` import) so
 * it can be unit-tested.
 */
import type { DeadlineRow, DeadlinesResult } from '../../server/src/shared/protocol';
import { timeLeft } from './statusText';

export interface ShownDeadlines {
  /** The rows listed, open ones first, each by time, with the time left at the time drawn. */
  rows: { row: DeadlineRow; msLeft: number }[];
  open: number;
  missed: number;
  omitted: number;
  /**
   * False when the answer left rows out and a listed row passed its deadline since (or came back, the clock set back),
   * or the clock was set back before the answer while misses were left out (the latest misses, the first to come
   * back): the rows listed may no longer be the earliest, and the counts may miss rows left out. The server, asked
   * again, answers by the time of the request.
   */
  exact: boolean;
}

/**
 * `result` at `clockNow` (timeLeft: without it, as the server answered): the rows whose deadline passed since the
 * answer are counted and sorted as missed, so that counts, order and each row's time left agree.
 */
export function deadlinesAt(result: DeadlinesResult, clockNow: number | undefined): ShownDeadlines {
  const rows = result.rows.map((row) => ({ row, msLeft: timeLeft(row, clockNow) }));
  let nowMissed = 0;
  let nowOpen = 0;
  for (const { row, msLeft } of rows) {
    if (msLeft < 0 && row.msLeft >= 0) nowMissed++;
    else if (msLeft >= 0 && row.msLeft < 0) nowOpen++;
  }
  rows.sort((a, b) => Number(a.msLeft < 0) - Number(b.msLeft < 0) || a.msLeft - b.msLeft || a.row.row - b.row.row);
  return {
    rows,
    open: result.open - nowMissed + nowOpen,
    missed: result.missed + nowMissed - nowOpen,
    omitted: result.omitted,
    exact: result.omitted === 0 || (nowMissed + nowOpen === 0 && !missesMayComeBack(result, clockNow)),
  };
}

/**
 * Whether a miss the answer left out may be open at `clockNow`: its deadline lies between the last listed miss and
 * the time of the answer, so the clock set back before the answer may have reached it.
 */
function missesMayComeBack(result: DeadlinesResult, clockNow: number | undefined): boolean {
  const listedMisses = result.rows.filter((row) => row.msLeft < 0).length;
  const first = result.rows[0];
  if (clockNow === undefined || result.missed <= listedMisses || !first) return false;
  const answeredAt = Date.parse(first.deadline) - first.msLeft;
  return clockNow < answeredAt;
}
