import { strict as assert } from 'node:assert';
import { KeptArchiveReport } from '../../../server/src/lsp/keptArchiveReport';
import { archiveReport } from '../../../server/src/core/images/report';
import type { ArchiveCheckResult, ArchiveSummary } from '../../../server/src/core/archive/check';
import type { Finding, Lang } from '../../../server/src/core/types';

const name = (row: number) => `DCF3501200000_C${String(row).padStart(11, '0')}.7z`;

const found = (row: number, patch: Partial<ArchiveSummary> = {}): ArchiveSummary => ({
  row, line: row + 1, archive: name(row), path: `/x/${name(row)}`, bytes: 3 * 1024 * 1024 + row,
  kind: '7z', entries: 4 + row, uncompressedBytes: 9 * 1024 * 1024, instances: 3, dicomInstances: 3, jpegImages: 0, series: 1, studies: 1,
  modalities: ['CT'], sizes: [{ width: 512, height: 512, count: 3 }], transferSyntaxes: ['1.2.840.10008.1.2.1'], worst: null, findings: 0, elapsedMs: 1234 + row, ...patch,
});

const missing = (row: number, worst: ArchiveSummary['worst'] = 'error'): ArchiveSummary => ({
  ...found(row), path: null, bytes: null, kind: null, entries: 0, instances: 0, series: 0, studies: 0, modalities: [], sizes: [], transferSyntaxes: [], worst,
});

const finding = (row: number | null, ruleId: string, severity: Finding['severity'], en: string): Finding => ({
  ruleId, severity, row, field: 14, range: { start: { line: row ?? 0, character: 0 }, end: { line: row ?? 0, character: 1 } }, message: { 'zh-TW': `中文 ${en}`, en },
});

const sizes = (n: number) => Array.from({ length: n }, (_, k) => ({ width: 256 + k, height: 256, count: n - k }));

/** Rows of every kind the report tells apart. */
function result(): ArchiveCheckResult {
  const summaries = [
    found(0),
    found(1, { sizes: sizes(5), modalities: ['CT', 'SR_*'], transferSyntaxes: ['1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.1'], worst: 'warning' }),
    found(2, { sizes: sizes(6), kind: null, bytes: null, worst: 'information' }),
    found(3, { sizes: sizes(9), modalities: ['CT', 'SR_*'], transferSyntaxes: [], kind: 'cab', worst: 'hint' }),
    missing(4),
    missing(5),
    { ...missing(6), archive: name(5) },
    found(7, { modalities: [], sizes: [] }),
  ];
  const findings = [
    finding(null, 'A14-folder', 'warning', 'the folder <x> | has *marks*'),
    finding(1, 'A14-name-case', 'warning', 'case `x`'),
    finding(1, 'A-dicom-meta', 'warning', 'second finding on row 1'),
    finding(2, 'A-info', 'information', 'info'),
    finding(3, 'A-hint', 'hint', 'hint'),
    finding(4, 'A14-missing', 'error', 'not found a'),
    finding(5, 'A14-missing', 'error', 'not found b'),
    finding(6, 'A14-missing', 'error', 'not found c'),
    finding(9, 'A14-missing', 'error', 'a row no summary names'),
  ];
  return { summaries, findings };
}

describe('lsp/keptArchiveReport', () => {
  for (const lang of ['en', 'zh-TW'] as Lang[]) {
    it(`makes the report the check's result makes, to the byte (${lang})`, () => {
      const r = result();
      const expected = archiveReport(r.summaries, r.findings, lang);
      assert.match(expected, /, …/, 'a row with more sizes than the report names');
      assert.equal(new KeptArchiveReport(r, lang).report(), expected);
    });
  }

  it('makes the report of no rows, and of rows all missing, as the result does', () => {
    assert.equal(new KeptArchiveReport({ summaries: [], findings: [] }, 'en').report(), archiveReport([], [], 'en'));
    const summaries = Array.from({ length: 300 }, (_, row) => missing(row));
    const findings = summaries.map((s) => finding(s.row, 'A14-missing', 'error', `${s.archive} not found`));
    assert.equal(new KeptArchiveReport({ summaries, findings }, 'zh-TW').report(), archiveReport(summaries, findings, 'zh-TW'));
  });

  it('keeps the check as it ran: changes to the result afterwards do not reach the report', () => {
    const r = result();
    const expected = archiveReport(r.summaries, r.findings, 'en');
    const kept = new KeptArchiveReport(r, 'en');
    r.summaries[1].sizes.push({ width: 1, height: 1, count: 1 });
    r.summaries[0].row = 99;
    r.findings.length = 0;
    assert.equal(kept.report(), expected);
  });
});
