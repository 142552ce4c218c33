import type { DeadlinesParams, DeadlinesResult, NearestDeadline, StatusParams } from '../../server/src/shared/protocol';

/**
 * A status's nearest open deadline is the server's as of its last validation, which with the reference time "now"
 * comes every few minutes. Once the clock passes that deadline, the next open one is asked for (nhiImaging/deadlines
 * answers by the time of the request) and handed on as the same status with it, so the status bar does not count
 * down to a deadline already missed.
 */
export class PassedDeadlines {
  /**
   * By URI, the status version and deadline last asked about: each passed deadline is asked about once. An answer
   * is taken only while its question is the last asked of a document still open (`forget`).
   */
  private readonly asked = new Map<string, { key: string }>();

  constructor(
    private readonly ask: (params: DeadlinesParams) => Promise<DeadlinesResult | null>,
    private readonly update: (status: StatusParams) => void,
  ) {}

  /**
   * `status` is about to be shown at the clock time `now`. A deadline is passed once `now` is after it: in its own
   * millisecond the server still counts it open (msLeft 0), and would answer it again, asked then.
   */
  follow(status: StatusParams, now: number): void {
    const passed = status.nearestDeadline;
    if (!passed || !(Date.parse(passed.deadline) < now)) return;
    const key = `${status.version} ${passed.deadline}`;
    if (this.asked.get(status.uri)?.key === key) return;
    const question = { key };
    this.asked.set(status.uri, question);
    this.ask({ uri: status.uri, limit: 1 }).then(
      (answer) => {
        // After a close, a document opened again numbers its versions anew: the answer could match one of them.
        if (this.asked.get(status.uri) !== question) return;
        // An answer about another version: the status of that version brings its own nearest deadline.
        if (!answer || answer.version !== status.version) return;
        this.update({ ...status, nearestDeadline: answer.open > 0 ? nearestOf(answer.rows[0]) : null });
      },
      () => {
        // The server stopped or the document closed: a later status brings what to show.
      },
    );
  }

  forget(uri: string): void {
    this.asked.delete(uri);
  }
}

function nearestOf(row: DeadlinesResult['rows'][number]): NearestDeadline {
  return { row: row.row, line: row.line, deadline: row.deadline, msLeft: row.msLeft };
}
