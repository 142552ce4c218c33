import type { NearestDeadline, StatusParams } from '../../server/src/shared/protocol';

/** The latest status the server sent of each open upload CSV, by URI. */
export class LatestStatuses {
  private readonly byUri = new Map<string, StatusParams>();
  /** By URI, the opening (StatusParams.opening) of the status kept when the document closed: its late statuses are stale. */
  private readonly closed = new Map<string, number>();

  constructor(private readonly isOpen: (uri: string) => boolean) {}

  /**
   * Keeps `status` unless one of a later opening or version is kept, or its document is no longer open or was closed
   * since (the answer to an edit that crossed the close, which would outlive it and hide the statuses of the document
   * opened again, whose versions start over); whether it was kept.
   */
  accept(status: StatusParams): boolean {
    if (!this.isOpen(status.uri)) return false;
    if (status.opening <= (this.closed.get(status.uri) ?? -Infinity)) return false;
    const previous = this.byUri.get(status.uri);
    if (previous && (previous.opening > status.opening || (previous.opening === status.opening && previous.version > status.version))) return false;
    this.byUri.set(status.uri, status);
    return true;
  }

  /**
   * Puts a nearest deadline asked for since (passedDeadlines.ts) into the kept status of `version`, keeping its counts,
   * which may be newer than those of the status it was asked about; whether it was kept.
   */
  setNearestDeadline(uri: string, version: number, nearestDeadline: NearestDeadline | null): boolean {
    const kept = this.byUri.get(uri);
    if (kept?.version !== version) return false;
    this.byUri.set(uri, { ...kept, nearestDeadline });
    return true;
  }

  get(uri: string): StatusParams | undefined {
    return this.byUri.get(uri);
  }

  /** The document closed. */
  forget(uri: string): void {
    const kept = this.byUri.get(uri);
    if (kept) this.closed.set(uri, kept.opening);
    this.byUri.delete(uri);
  }

  /** The server stopped or started again: every status kept is stale, and the next server numbers its openings anew. */
  clear(): void {
    this.byUri.clear();
    this.closed.clear();
  }
}
