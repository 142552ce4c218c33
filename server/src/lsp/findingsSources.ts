import { isDeepStrictEqual } from 'node:util';
import type { Finding } from '../core/types';

/**
 * Findings about a document that come from outside its text (archive checks, draft-path checks,
 * ledger re-send differences). Each source owns its own list per document and replaces it whole;
 * the diagnostics, code actions and hovers of the document see the union of all sources.
 */
export class FindingsSources {
  private readonly byUri = new Map<string, Map<string, readonly Finding[]>>();
  private readonly listeners: ((uri: string) => void)[] = [];
  private counter = 0;
  private readonly versions = new Map<string, number>();

  /**
   * Replaces what `sourceId` says about `uri`; an empty list clears it. The document is re-published, unless the
   * source says again what it said (a file read again on each save): the same diagnostics sent again would only
   * have the editor redraw them and the caches of the document's code actions made again. With `changed`, the
   * source knows its list differs (findings that moved with an edit), and the lists are not compared: on 100,000
   * findings a comparison took hundreds of milliseconds an edit.
   */
  set(uri: string, sourceId: string, findings: readonly Finding[], changed = false): void {
    let sources = this.byUri.get(uri);
    if (!sources) {
      if (findings.length === 0) return;
      sources = new Map();
      this.byUri.set(uri, sources);
    }
    if (findings.length === 0) {
      if (!sources.delete(sourceId)) return;
      if (sources.size === 0) this.byUri.delete(uri);
    } else {
      const before = sources.get(sourceId);
      if (!changed && before && isDeepStrictEqual(before, findings)) return;
      sources.set(sourceId, findings);
    }
    this.fire(uri);
  }

  /** Forgets every source's findings about `uri` (the document was closed). */
  clear(uri: string): void {
    if (this.byUri.delete(uri)) this.fire(uri);
    this.versions.delete(uri);
  }

  /** All findings other sources hold about `uri`. */
  get(uri: string): Finding[] {
    const sources = this.byUri.get(uri);
    if (!sources) return [];
    const all: Finding[] = [];
    for (const list of sources.values()) all.push(...list);
    return all;
  }

  /** What `sourceId` alone says about `uri`. */
  of(uri: string, sourceId: string): readonly Finding[] {
    return this.byUri.get(uri)?.get(sourceId) ?? [];
  }

  /** Sources that currently have something to say about `uri`. */
  sourceIds(uri: string): string[] {
    return [...(this.byUri.get(uri)?.keys() ?? [])];
  }

  /** Changes whenever the findings about `uri` change. */
  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  onDidChange(listener: (uri: string) => void): void {
    this.listeners.push(listener);
  }

  private fire(uri: string): void {
    this.versions.set(uri, ++this.counter);
    for (const l of this.listeners) l(uri);
  }
}
