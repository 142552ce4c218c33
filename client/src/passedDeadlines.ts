import type { DeadlinesParams, DeadlinesResult, NearestDeadline, StatusParams } from '../../server/src/shared/protocol';
import { deadlinesAt, type ShownDeadlines } from './deadlinesAt';

/**
 * A status's nearest open deadline is the server's as of its last validation, which with the reference time "now"
 * comes every few minutes. Once the clock passes that deadline, the next open one is asked for (nhiImaging/deadlines
 * answers by the time of the request) and handed on as the same status with it, so the status bar does not count
 * down to a deadline already missed. The answer is then read at the clock as the deadlines view reads its answers
 * (deadlinesAt), so that a clock set back shows the earlier deadline open again; where the answer cannot tell (rows it
 * left out may be open again) the server is asked again, as it is when the clock is set back before the validation
 * of a status (deadlines missed then may be open again).
 */
export class PassedDeadlines {
  /**
   * By URI, what was last asked about: each status's deadline and each answer handed on is asked about once. An
   * answer is taken only while its question is the last asked of a document still open (`forget`).
   */
  private readonly asked = new Map<string, { about: string }>();
  /** By URI, the last answer handed on: the status version it is about, and the nearest deadline handed on from it. */
  private readonly answered = new Map<string, { version: number; result: DeadlinesResult; handedOn: NearestDeadline | null; serial: number }>();
  private answers = 0;

  constructor(
    private readonly ask: (params: DeadlinesParams) => Promise<DeadlinesResult | null>,
    /** Called with the status to show instead: at once from `follow`, or when the server answers. */
    private readonly update: (status: StatusParams) => void,
  ) {}

  /**
   * `status` is about to be shown at the clock time `now`. A deadline is passed once `now` is after it: in its own
   * millisecond the server still counts it open (msLeft 0), and would answer it again, asked then.
   */
  follow(status: StatusParams, now: number): void {
    const answered = this.answered.get(status.uri);
    // The status shows what an answer handed on (a later status of its version bringing another deadline does not).
    if (answered?.version === status.version && sameDeadline(answered.handedOn, status.nearestDeadline)) {
      const shown = deadlinesAt(answered.result, now);
      if (!shown.exact) this.askAbout(status, `answer ${answered.serial}`);
      else if (!sameDeadline(nearestOpen(shown), status.nearestDeadline)) this.handOn(status, answered.result, shown);
      return;
    }
    const nearest = status.nearestDeadline;
    if (!nearest) return;
    const at = Date.parse(nearest.deadline);
    const validatedAt = at - nearest.msLeft;
    if (at < now || now < validatedAt) this.askAbout(status, `${status.version} ${nearest.deadline} ${validatedAt}`);
  }

  forget(uri: string): void {
    this.asked.delete(uri);
    this.answered.delete(uri);
  }

  private askAbout(status: StatusParams, about: string): void {
    if (this.asked.get(status.uri)?.about === about) return;
    const question = { about };
    this.asked.set(status.uri, question);
    this.ask({ uri: status.uri, limit: 1 }).then(
      (answer) => {
        // After a close, a document opened again numbers its versions anew: the answer could match one of them.
        if (this.asked.get(status.uri) !== question) return;
        // An answer about another version: the status of that version brings its own nearest deadline.
        if (!answer || answer.version !== status.version) return;
        this.handOn(status, answer, deadlinesAt(answer, undefined));
      },
      () => {
        // The server stopped or the document closed: a later status brings what to show.
      },
    );
  }

  /** Hands on `status` with the nearest deadline open in `shown`, `result` read at some time. */
  private handOn(status: StatusParams, result: DeadlinesResult, shown: ShownDeadlines): void {
    const nearestDeadline = nearestOpen(shown);
    this.answered.set(status.uri, { version: status.version, result, handedOn: nearestDeadline, serial: ++this.answers });
    this.update({ ...status, nearestDeadline });
  }
}

/** The first row listed, open ones first, when it is open; its time left as read. */
function nearestOpen(shown: ShownDeadlines): NearestDeadline | null {
  const first = shown.rows[0];
  if (!first || first.msLeft < 0) return null;
  return { row: first.row.row, line: first.row.line, deadline: first.row.deadline, msLeft: first.msLeft };
}

function sameDeadline(a: NearestDeadline | null, b: NearestDeadline | null): boolean {
  return a === null || b === null ? a === b : a.row === b.row && a.deadline === b.deadline;
}
