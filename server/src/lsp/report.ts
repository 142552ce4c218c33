import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Fix, Lang, Severity } from '../core/types';
import type { ServerContext } from './context';
import type { CsvDocument } from './csvDocument';

export const DIAGNOSTIC_SOURCE = 'nhi-imaging';
/** Code of the notice that stands for the diagnostics left out by maxDiagnostics. */
export const CAPPED_CODE = 'LSP-diagnostics-capped';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

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

/** Every finding about the document: its text's, then those of other sources. */
export function allFindings(ctx: ServerContext, doc: CsvDocument): Finding[] {
  const own = doc.findings();
  const other = ctx.findings.get(doc.uri);
  return other.length === 0 ? own : own.concat(other);
}

export function toDiagnostic(ctx: ServerContext, f: Finding, lang: Lang): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Error,
    code: f.ruleId,
    codeDescription: { href: ctx.ruleDocUrl(f.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message[lang],
  };
  if (f.fixes && f.fixes.length > 0) d.data = { fixes: f.fixes } satisfies DiagnosticData;
  return d;
}

const cache = new WeakMap<CsvDocument, { key: string; report: DocumentReport }>();

/**
 * The diagnostics of a document: at most maxDiagnostics, the most severe first (document order
 * within one severity), plus one notice saying how many were left out.
 */
export function documentReport(ctx: ServerContext, doc: CsvDocument): DocumentReport {
  const settings = ctx.settings.get();
  const lang = ctx.lang();
  const key = `${doc.generation}|${ctx.findings.version(doc.uri)}|${lang}|${settings.maxDiagnostics}`;
  const hit = cache.get(doc);
  if (hit && hit.key === key) return hit.report;

  const findings = allFindings(ctx, doc);
  const counts = [0, 0, 0, 0];
  for (const f of findings) counts[RANK[f.severity] ?? 0]++;
  const max = settings.maxDiagnostics;
  let chosen = findings;
  if (findings.length > max) {
    chosen = [];
    for (let rank = 0; rank < 4 && chosen.length < max; rank++) {
      for (const f of findings) {
        if ((RANK[f.severity] ?? 0) !== rank) continue;
        chosen.push(f);
        if (chosen.length === max) break;
      }
    }
  }
  const diagnostics = chosen.map((f) => toDiagnostic(ctx, f, lang));
  const truncated = findings.length > max;
  if (truncated) diagnostics.push(cappedNotice(ctx, findings.length, max, lang));
  const report = { diagnostics, errors: counts[0], warnings: counts[1], infos: counts[2] + counts[3], truncated };
  cache.set(doc, { key, report });
  return report;
}

function cappedNotice(ctx: ServerContext, total: number, max: number, lang: Lang): Diagnostic {
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
