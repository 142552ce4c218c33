import type { ServerContext } from '../context';
import type { CsvDocument } from '../csvDocument';
import { documentReport } from '../report';
import { misdecoded } from '../misdecoded';
import { startsInFuture } from '../../core/rules/deadline';
import { STATUS_NOTIFICATION, type NearestDeadline, type StatusParams } from '../../shared/protocol';

/**
 * Sends the status-bar numbers of a document each time it has been validated (or other findings changed),
 * to a client that asked for them.
 */
export function register(ctx: ServerContext): void {
  if (ctx.initializationOptions.statusNotifications !== true) return;
  const send = (doc: CsvDocument): void => {
    if (!doc.isSettled || ctx.shuttingDown()) return;
    void ctx.connection.sendNotification(STATUS_NOTIFICATION, statusOf(ctx, doc));
  };
  ctx.documents.onDidSettle(send);
  ctx.findings.onDidChange((uri) => {
    const doc = ctx.documents.get(uri);
    if (doc) send(doc);
  });
}

export function statusOf(ctx: ServerContext, doc: CsvDocument): StatusParams {
  const report = documentReport(ctx, doc);
  const noRows = misdecoded(ctx, doc)?.noRows === true;
  return {
    uri: doc.uri,
    opening: doc.opening,
    version: doc.version,
    rows: noRows ? 0 : doc.rows.length,
    errors: report.errors,
    warnings: report.warnings,
    infos: report.infos,
    nearestDeadline: noRows ? null : nearestOpenDeadline(doc),
    truncated: report.truncated,
  };
}

/**
 * The earliest deadline not yet passed at the document's reference time. A window that starts in the future
 * (F-future: a mistyped time) is no deadline to count down to.
 */
function nearestOpenDeadline(doc: CsvDocument): NearestDeadline | null {
  const now = doc.getOptions().now;
  let best: NearestDeadline | null = null;
  let bestAt = Infinity;
  doc.forEachDeadline((row, at) => {
    if (at >= now && at < bestAt && !startsInFuture(at, now)) {
      bestAt = at;
      best = { row: row.index, line: row.line, deadline: new Date(at).toISOString(), msLeft: at - now };
    }
  });
  return best;
}
