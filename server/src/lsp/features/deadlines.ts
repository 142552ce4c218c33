import type { Row } from '../../core/csv/model';
import { basisText, startsInFuture } from '../../core/rules/deadline';
import type { Lang } from '../../core/types';
import { DEADLINES_REQUEST, DEFAULT_DEADLINES_LIMIT, type DeadlineRow, type DeadlinesParams, type DeadlinesResult } from '../../shared/protocol';
import { referenceTime } from '../../shared/settings';
import type { ServerContext } from '../context';
import type { CsvDocument } from '../csvDocument';
import { misdecoded } from '../misdecoded';
import { rowIdentity } from '../rowIdentity';
import { settledOpen } from '../settled';
import { Smallest } from '../smallest';

interface Candidate {
  row: Row;
  at: number;
  missed: boolean;
}

/** Open deadlines before missed ones, each by time, then by row. */
const earlier = (a: Candidate, b: Candidate): boolean =>
  a.missed !== b.missed ? !a.missed : a.at !== b.at ? a.at < b.at : a.row.index < b.row.index;

/** The earliest incentive deadlines of a document's rows (the VS Code extension's deadlines view). */
export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(DEADLINES_REQUEST, async ({ uri, limit }: DeadlinesParams, token): Promise<DeadlinesResult | null> => {
    // The language is a setting, which may still be on its way as the document opens.
    await ctx.settings.ready();
    const doc = await settledOpen(ctx.documents, uri, token);
    if (!doc) return null;
    // With "now" the time of this request: a deadline that passed since the last validation counts as missed.
    const now = referenceTime(ctx.settings.get(uri));
    return deadlinesOf(doc, limit ?? DEFAULT_DEADLINES_LIMIT, now, ctx.lang(), misdecoded(ctx, doc)?.noRows === true);
  });
}

/**
 * The deadlines kept for the status item, read without validating again, as they stand at `now`; the `limit`
 * earliest of them in full.
 */
function deadlinesOf(doc: CsvDocument, limit: number, now: number, lang: Lang, noRows: boolean): DeadlinesResult {
  const earliest = new Smallest<Candidate>(limit, earlier);
  let open = 0;
  let missed = 0;
  if (!noRows) {
    doc.forEachDeadline((row, at) => {
      if (startsInFuture(at, now)) return;
      const candidate = { row, at, missed: now > at };
      if (candidate.missed) missed++;
      else open++;
      earliest.offer(candidate);
    });
  }
  const rows = earliest.sorted().map(({ row, at }): DeadlineRow => {
    const { orderCode, orderName, maskedId } = rowIdentity(row);
    return {
      row: row.index,
      line: row.line,
      deadline: new Date(at).toISOString(),
      msLeft: at - now,
      basis: basisText(doc.deadlineBasisOf(row))[lang],
      orderCode,
      orderName: orderName?.[lang] ?? '',
      maskedId,
    };
  });
  return { uri: doc.uri, version: doc.version, rows, open, missed, omitted: open + missed - rows.length };
}
