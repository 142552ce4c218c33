/**
 * What the Markdown report of an archive check is made of, kept while its document is open so that
 * `nhiImaging/archiveReport` can make the report when it is asked for (archiveReport, the same text as from the check's
 * own result). Kept as what the report reads and no more, in arrays of numbers: for 100,000 rows with missing archives
 * the check's result kept 30 MB, this 3 MB (scripts/archive-report-memory.mjs, docs/decisions/archive-check-answer.md).
 * The archive names and the messages are the strings the check made, which its findings on the document hold too.
 */
import type { ArchiveCheckResult, ArchiveSummary } from '../core/archive/check';
import { archiveReport, REPORTED_SIZES, type ReportedFinding, type ReportedSummary } from '../core/images/report';
import type { Lang, Severity } from '../core/types';

/** Severities by code: 0 is none. */
const SEVERITIES: readonly (Severity | null)[] = [null, 'error', 'warning', 'information', 'hint'];
const codeOf = (severity: Severity | null): number => SEVERITIES.indexOf(severity);

/** What the report reads of a row whose archive was found. */
type FoundArchive = Pick<ArchiveSummary, 'path' | 'bytes' | 'kind' | 'entries' | 'instances' | 'series' | 'studies' | 'modalities' | 'sizes' | 'transferSyntaxes' | 'elapsedMs'>;

/** A row whose archive was not found: the report reads no more of it than that. */
const NOT_FOUND: FoundArchive = {
  path: null, bytes: null, kind: null, entries: 0, instances: 0, series: 0, studies: 0, modalities: [], sizes: [], transferSyntaxes: [], elapsedMs: 0,
};

/** Equal lists stored once: most rows of a batch share their modalities and transfer syntaxes. */
class SharedLists {
  private readonly lists = new Map<string, readonly unknown[]>();

  of<T>(list: readonly T[], key: (item: T) => string): T[] {
    const k = list.map(key).join('\u0000');
    const known = this.lists.get(k);
    if (known) return known as T[];
    this.lists.set(k, list);
    return list as T[];
  }
}

export class KeptArchiveReport {
  private readonly rows: Int32Array;
  private readonly lines: Int32Array;
  private readonly worst: Uint8Array;
  private readonly archives: string[];
  /** Per row: its archive in `found`, or -1 when it was not found (its section says no more). */
  private readonly foundAt: Int32Array;
  private readonly found: FoundArchive[] = [];
  /** Per finding: its row (-1 for none), severity, rule (in `ruleIds`) and message in the report's language. */
  private readonly findingRows: Int32Array;
  private readonly severities: Uint8Array;
  private readonly rules: Uint16Array;
  private readonly ruleIds: string[] = [];
  private readonly messages: string[];

  constructor(result: ArchiveCheckResult, readonly lang: Lang) {
    const { summaries, findings } = result;
    this.rows = Int32Array.from(summaries, (s) => s.row);
    this.lines = Int32Array.from(summaries, (s) => s.line);
    this.worst = Uint8Array.from(summaries, (s) => codeOf(s.worst));
    this.archives = summaries.map((s) => s.archive);
    this.foundAt = new Int32Array(summaries.length).fill(-1);
    const shared = new SharedLists();
    summaries.forEach((s, i) => {
      if (s.path === null) return;
      this.foundAt[i] = this.found.length;
      this.found.push({
        path: s.path, bytes: s.bytes, kind: s.kind, entries: s.entries, instances: s.instances, series: s.series, studies: s.studies,
        modalities: shared.of(s.modalities, String), transferSyntaxes: shared.of(s.transferSyntaxes, String),
        // One size more than the report names tells it that there are more.
        sizes: shared.of(s.sizes.slice(0, REPORTED_SIZES + 1), (z) => `${z.width}x${z.height}x${z.count}`),
        elapsedMs: s.elapsedMs,
      });
    });
    this.findingRows = Int32Array.from(findings, (f) => f.row ?? -1);
    this.severities = Uint8Array.from(findings, (f) => codeOf(f.severity));
    const ruleAt = new Map<string, number>();
    this.rules = Uint16Array.from(findings, (f) => {
      let at = ruleAt.get(f.ruleId);
      if (at === undefined) ruleAt.set(f.ruleId, (at = this.ruleIds.push(f.ruleId) - 1));
      return at;
    });
    this.messages = findings.map((f) => f.message[lang]);
  }

  /** The Markdown report of the check, in its language. */
  report(): string {
    return archiveReport(this.summaries(), this.findings(), this.lang);
  }

  private summaries(): ReportedSummary[] {
    const out: ReportedSummary[] = new Array(this.rows.length);
    for (let i = 0; i < out.length; i++) {
      const at = this.foundAt[i];
      const archive = at >= 0 ? this.found[at] : NOT_FOUND;
      out[i] = { row: this.rows[i], line: this.lines[i], archive: this.archives[i], worst: SEVERITIES[this.worst[i]], ...archive };
    }
    return out;
  }

  private findings(): ReportedFinding[] {
    const out: ReportedFinding[] = new Array(this.messages.length);
    for (let i = 0; i < out.length; i++) {
      const row = this.findingRows[i];
      const text = this.messages[i];
      // The report reads the message in its own language alone.
      out[i] = { row: row < 0 ? null : row, severity: SEVERITIES[this.severities[i]]!, ruleId: this.ruleIds[this.rules[i]], message: { 'zh-TW': text, en: text } };
    }
    return out;
  }
}
