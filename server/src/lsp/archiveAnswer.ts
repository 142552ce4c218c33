/**
 * What an answer to `nhiImaging/checkArchives` carries. Asked with `complete: false` (the extension), the counts and the
 * summaries of the rows with findings, at most MAX_SUMMARIES: every row's summary and the Markdown report of 100,000
 * rows are about 63 MB of JSON to write, send and parse at each check, of which the extension shows the counts, and the
 * report only when it is opened (`nhiImaging/archiveReport`). Otherwise, every summary and the report.
 */
import type { ArchiveCheckResult, ArchiveSummary } from '../core/archive/check';
import { archiveReport } from '../core/images/report';
import { SEVERITY_RANK, type Finding, type Lang } from '../core/types';
import { MAX_SUMMARIES, type CheckArchivesResult } from '../shared/archives';

export function notRunAnswer(uri: string, reason: string, complete: boolean): CheckArchivesResult {
  const answer: CheckArchivesResult = { uri, ran: false, reason, rows: 0, summaries: [], omitted: 0, findings: { errors: 0, warnings: 0, infos: 0 } };
  if (complete) answer.report = '';
  return answer;
}

export function checkedAnswer(uri: string, archiveFolder: string, result: ArchiveCheckResult, lang: Lang, complete: boolean): CheckArchivesResult {
  const answer: CheckArchivesResult = { uri, ran: true, archiveFolder, rows: result.summaries.length, summaries: result.summaries, omitted: 0, findings: findingCounts(result.findings) };
  if (complete) answer.report = archiveReport(result.summaries, result.findings, lang);
  else Object.assign(answer, summariesWithFindings(result.summaries, MAX_SUMMARIES));
  return answer;
}

/** The summaries of the rows with findings, worst first (in row order within a severity), at most `max`; and how many more there are. */
export function summariesWithFindings(summaries: readonly ArchiveSummary[], max: number): { summaries: ArchiveSummary[]; omitted: number } {
  const withFindings = summaries.filter((s) => s.worst !== null);
  // Array.prototype.sort is stable: row order stays within a severity.
  withFindings.sort((a, b) => SEVERITY_RANK[a.worst!] - SEVERITY_RANK[b.worst!]);
  return { summaries: withFindings.slice(0, max), omitted: Math.max(0, withFindings.length - max) };
}

export function findingCounts(findings: readonly Finding[]): CheckArchivesResult['findings'] {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
