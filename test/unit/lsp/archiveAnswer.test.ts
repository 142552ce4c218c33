import { strict as assert } from 'node:assert';
import { checkedAnswer, notRunAnswer, summariesWithFindings } from '../../../server/src/lsp/archiveAnswer';
import { archiveReport } from '../../../server/src/core/images/report';
import type { ArchiveSummary } from '../../../server/src/core/archive/check';
import type { Finding, Severity } from '../../../server/src/core/types';
import { MAX_SUMMARIES } from '../../../server/src/shared/archives';

const summary = (row: number, worst: Severity | null): ArchiveSummary => ({
  row, line: row, archive: `DCF3501200000_C${String(row).padStart(11, '0')}.7z`, path: null, bytes: null, kind: null, entries: 0,
  uncompressedBytes: 0, instances: 0, dicomInstances: 0, jpegImages: 0, series: 0, studies: 0, modalities: [], sizes: [],
  transferSyntaxes: [], worst, findings: worst === null ? 0 : 1, elapsedMs: 0,
});

const finding = (row: number, severity: Severity): Finding => ({
  ruleId: 'A14-missing', severity, row, field: 14, range: { start: { line: row, character: 0 }, end: { line: row, character: 1 } }, message: { 'zh-TW': '找不到', en: 'not found' },
});

describe('lsp/archiveAnswer', () => {
  it('summarises the rows with findings, worst first (errors, warnings, information, hints), each severity in row order, up to the most asked for', () => {
    const worst: (Severity | null)[] = [null, 'warning', 'error', 'hint', null, 'information', 'error', 'warning'];
    const all = worst.map((w, row) => summary(row, w));
    const rows = (max: number) => {
      const { summaries, omitted } = summariesWithFindings(all, max);
      return [summaries.map((s) => s.row), omitted];
    };
    assert.deepEqual(rows(10), [[2, 6, 1, 7, 5, 3], 0]);
    assert.deepEqual(rows(3), [[2, 6, 1], 3]);
    assert.deepEqual(rows(0), [[], 6]);
    assert.deepEqual(summariesWithFindings([summary(0, null)], 10), { summaries: [], omitted: 0 });
  });

  it('answers the counts and the rows with findings by default, every summary and the report when asked to be complete', () => {
    const summaries = Array.from({ length: 2 * MAX_SUMMARIES + 5 }, (_, row) => summary(row, row % 2 ? 'error' : row % 3 ? 'warning' : null));
    const findings = summaries.filter((s) => s.worst !== null).map((s) => finding(s.row, s.worst!));
    const errors = findings.filter((f) => f.severity === 'error').length;
    const result = { summaries, findings };
    const answer = checkedAnswer('file:///a.csv', '/a', result, 'en', false);
    assert.deepEqual(
      { ...answer, summaries: answer.summaries.length },
      { uri: 'file:///a.csv', ran: true, archiveFolder: '/a', rows: 2 * MAX_SUMMARIES + 5, summaries: MAX_SUMMARIES, omitted: findings.length - MAX_SUMMARIES, findings: { errors, warnings: findings.length - errors, infos: 0 } },
    );
    assert.ok(answer.summaries.slice(0, errors).every((s) => s.worst === 'error'));
    const complete = checkedAnswer('file:///a.csv', '/a', result, 'zh-TW', true);
    assert.equal(complete.summaries, summaries);
    assert.equal(complete.omitted, 0);
    assert.equal(complete.report, archiveReport(summaries, findings, 'zh-TW'));
  });

  it('answers a check that did not run with its reason, and with an empty report only when asked to be complete', () => {
    const none = { uri: 'u', ran: false, reason: 'why', rows: 0, summaries: [], omitted: 0, findings: { errors: 0, warnings: 0, infos: 0 } };
    assert.deepEqual(notRunAnswer('u', 'why', false), none);
    assert.deepEqual(notRunAnswer('u', 'why', true), { ...none, report: '' });
  });
});
