import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { SEVERITY_RANK, type Finding, type Fix, type Lang, type Severity } from '../core/types';
import { diagnosticSupport, type ServerContext } from './context';
import type { CsvDocument } from './csvDocument';
import { misdecoded, shownOtherFindings } from './misdecoded';

export const DIAGNOSTIC_SOURCE = 'nhi-imaging';
/** Code of the notice that stands for the diagnostics left out by maxDiagnostics. */
export const CAPPED_CODE = 'LSP-diagnostics-capped';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries in `data`: the finding's fixes, so code actions need no lookup. */
export interface DiagnosticData {
  fixes: Fix[];
}

export interface DocumentReport {
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  infos: number;
  truncated: boolean;
}

/**
 * Each finding's diagnostic per language, made once: a report turns the same findings into diagnostics edit
 * after edit. It shares the finding's range and fixes, so it follows them when the document moves them.
 */
const made = new WeakMap<Finding, { lang: Lang; diagnostic: Diagnostic }>();

export function toDiagnostic(ctx: ServerContext, f: Finding, lang: Lang): Diagnostic {
  const hit = made.get(f);
  if (hit && hit.lang === lang) return hit.diagnostic;
  const diagnostic = makeDiagnostic(ctx, f, lang);
  made.set(f, { lang, diagnostic });
  return diagnostic;
}

function makeDiagnostic(ctx: ServerContext, f: Finding, lang: Lang): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Error,
    code: f.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: f.message[lang],
  };
  // The link to the rule's entry only for a client that declared it takes one.
  if (diagnosticSupport(ctx, 'codeDescriptionSupport')) d.codeDescription = { href: ctx.ruleDocUrl(f.ruleId) };
  // The fixes only to a client that keeps a diagnostic's data (code actions are made of the findings themselves): to
  // another they would about double what it is sent and parses.
  if (f.fixes && f.fixes.length > 0 && diagnosticSupport(ctx, 'dataSupport')) d.data = { fixes: f.fixes } satisfies DiagnosticData;
  return d;
}

const cache = new WeakMap<CsvDocument, { key: string; report: DocumentReport }>();

/**
 * The diagnostics of a document: at most maxDiagnostics, the most severe first (document order
 * within one severity), plus one notice saying how many were left out.
 */
export function documentReport(ctx: ServerContext, doc: CsvDocument): DocumentReport {
  const settings = ctx.settings.get(doc.uri);
  const lang = ctx.lang();
  const key = `${doc.generation}|${ctx.findings.version(doc.uri)}|${lang}|${settings.maxDiagnostics}`;
  const hit = cache.get(doc);
  if (hit && hit.key === key) return hit.report;

  // The document's own findings are visited in place, not copied: a file of 100,000 rows has as
  // many (one deadline note a row), and only maxDiagnostics of them are turned into diagnostics.
  const text = misdecoded(ctx, doc);
  const hidden = text?.hides;
  const other = shownOtherFindings(ctx, doc, text);
  const each = (visit: (f: Finding) => boolean | void, rank?: number): void => {
    let go = true;
    doc.forEachFinding((f) => (hidden?.(f) ? true : (go = visit(f) !== false)), rank);
    if (go) for (const f of other) if ((rank === undefined || (SEVERITY_RANK[f.severity] ?? 0) === rank) && visit(f) === false) return;
  };
  const counts = doc.countsByRank();
  if (hidden) doc.forEachFinding((f) => void (hidden(f) && counts[SEVERITY_RANK[f.severity] ?? 0]--));
  for (const f of other) counts[SEVERITY_RANK[f.severity] ?? 0]++;
  const total = counts[0] + counts[1] + counts[2] + counts[3];
  const max = settings.maxDiagnostics;
  const chosen: Finding[] = [];
  if (total <= max) each((f) => void chosen.push(f));
  for (let rank = 0; rank < 4 && total > max && chosen.length < max; rank++) {
    if (counts[rank] === 0) continue;
    each((f) => {
      chosen.push(f);
      return chosen.length < max;
    }, rank);
  }
  const report = reportOf(ctx, chosen, counts, max, lang);
  cache.set(doc, { key, report });
  return report;
}

/**
 * The report of findings already chosen (at most `max`, the most severe first) out of `counts` findings of each
 * severity rank: their diagnostics, a notice for those left out, and the counts.
 */
export function reportOf(ctx: ServerContext, chosen: readonly Finding[], counts: readonly number[], max: number, lang: Lang): DocumentReport {
  const total = counts[0] + counts[1] + counts[2] + counts[3];
  const diagnostics = chosen.map((f) => toDiagnostic(ctx, f, lang));
  const truncated = total > max;
  if (truncated) diagnostics.push(cappedNotice(total, max, lang));
  return { diagnostics, errors: counts[0], warnings: counts[1], infos: counts[2] + counts[3], truncated };
}

/**
 * Findings that arrive one by one (a file streamed from disk), chosen as documentReport chooses: all of them in
 * arrival order when there are at most `max`, else the most severe `max` (arrival order within a severity). Keeps
 * at most `max` of each severity, and how many there were.
 */
export class MostSevere {
  readonly counts = [0, 0, 0, 0];
  private total = 0;
  private readonly kept: Finding[][] = [[], [], [], []];
  /** Every finding in arrival order, while there are no more than `max`. */
  private inOrder: Finding[] | null = [];

  constructor(private readonly max: number) {}

  add(f: Finding): void {
    const rank = SEVERITY_RANK[f.severity] ?? 0;
    this.counts[rank]++;
    this.total++;
    if (this.kept[rank].length < this.max) this.kept[rank].push(f);
    if (this.inOrder && this.total <= this.max) this.inOrder.push(f);
    else this.inOrder = null;
  }

  chosen(): Finding[] {
    if (this.inOrder) return this.inOrder;
    const out: Finding[] = [];
    for (const list of this.kept) for (const f of list) if (out.length < this.max) out.push(f);
    return out;
  }
}

function cappedNotice(total: number, max: number, lang: Lang): Diagnostic {
  const message = {
    'zh-TW': `共 ${total} 項問題，只顯示最嚴重的前 ${max} 項（設定 nhiImaging.maxDiagnostics）。`,
    en: `${total} problems in all; only the ${max} most severe are shown (setting nhiImaging.maxDiagnostics).`,
  };
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: CAPPED_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: message[lang],
  };
}
