/**
 * The archive check's report as Markdown: one section per row with its archive's summary and
 * the findings on it. Used by the editor's report document and available to other adapters.
 */
import type { ArchiveSummary } from '../archive/check';
import type { Finding, Lang, Severity } from '../types';
import { counted } from '../counted';

const SEVERITY_WORD: Record<Lang, Record<Severity, string>> = {
  'zh-TW': { error: '錯誤', warning: '警告', information: '資訊', hint: '提示' },
  en: { error: 'error', warning: 'warning', information: 'info', hint: 'hint' },
};

interface Totals {
  rows: number;
  archives: number;
  errors: number;
  warnings: number;
  infos: number;
}

const LABELS = {
  'zh-TW': {
    title: '影像壓縮檔檢查報告', row: '第 {row} 列（第 {line} 行）', notFound: '找不到', ok: '沒有問題',
    archive: '壓縮檔', size: '大小', kind: '格式', entries: '檔案數', instances: '影像數', series: '序列數',
    studies: '檢查數', modalities: '檢查類別（Modality）', sizes: '解析度', syntaxes: '傳輸語法', time: '耗時',
    totals: (c: Totals) => `共 ${c.rows} 列、${c.archives} 個壓縮檔：${c.errors} 個錯誤、${c.warnings} 個警告、${c.infos} 個資訊。`, none: '此檔沒有任何列指向壓縮檔。',
  },
  en: {
    title: 'Archive check report', row: 'Row {row} (line {line})', notFound: 'not found', ok: 'no problems',
    archive: 'Archive', size: 'Size', kind: 'Format', entries: 'Files', instances: 'Images', series: 'Series',
    studies: 'Studies', modalities: 'Modality', sizes: 'Image sizes', syntaxes: 'Transfer syntaxes', time: 'Time',
    totals: (c: Totals) => `${counted(c.rows, 'row')}, ${counted(c.archives, 'archive')}: ${counted(c.errors, 'error')}, ${counted(c.warnings, 'warning')}, ${c.infos} info.`, none: 'No row of this file names an archive.',
  },
} as const;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** Escapes text for a Markdown table cell or line. */
function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** What the report reads of a row's summary. */
export type ReportedSummary = Pick<
  ArchiveSummary,
  'row' | 'line' | 'archive' | 'path' | 'bytes' | 'kind' | 'entries' | 'instances' | 'series' | 'studies' | 'modalities' | 'sizes' | 'transferSyntaxes' | 'worst' | 'elapsedMs'
>;

/** What the report reads of a finding: its message in the report's language only. */
export type ReportedFinding = Pick<Finding, 'row' | 'severity' | 'ruleId' | 'message'>;

/** How many image sizes a row's section names; one more says that there are more. */
export const REPORTED_SIZES = 5;

export function archiveReport(summaries: readonly ReportedSummary[], findings: readonly ReportedFinding[], lang: Lang): string {
  const L = LABELS[lang];
  const out: string[] = [`# ${L.title}`, ''];
  if (summaries.length === 0) return [...out, L.none, ''].join('\n');
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  // Each row's findings looked up, not searched for: a batch of 100,000 rows has as many summaries and findings.
  const byRow = new Map<number | null, ReportedFinding[]>();
  for (const f of findings) {
    const list = byRow.get(f.row);
    if (list) list.push(f);
    else byRow.set(f.row, [f]);
  }
  out.push(L.totals({
    rows: summaries.length,
    archives: new Set(summaries.map((s) => s.archive)).size,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('information') + count('hint'),
  }), '');
  for (const s of summaries) {
    const mark = s.worst === 'error' ? '❌' : s.worst === 'warning' ? '⚠️' : '✅';
    out.push(`## ${mark} ${fill(L.row, { row: s.row + 1, line: s.line + 1 })}: \`${s.archive}\``, '');
    if (s.path === null) {
      out.push(`- ${L.archive}: ${L.notFound}`);
    } else {
      const sizes = s.sizes.slice(0, REPORTED_SIZES).map((z) => `${z.width}x${z.height} (${z.count})`).join(', ') + (s.sizes.length > REPORTED_SIZES ? ', …' : '');
      out.push(
        `| ${L.size} | ${L.kind} | ${L.entries} | ${L.instances} | ${L.series} | ${L.studies} | ${L.modalities} | ${L.sizes} | ${L.time} |`,
        '|---|---|---|---|---|---|---|---|---|',
        `| ${s.bytes === null ? '–' : formatBytes(s.bytes)} | ${s.kind ?? '–'} | ${s.entries} | ${s.instances} | ${s.series} | ${s.studies} | ${md(s.modalities.join(', ')) || '–'} | ${sizes || '–'} | ${(s.elapsedMs / 1000).toFixed(1)} s |`,
      );
      if (s.transferSyntaxes.length) out.push('', `${L.syntaxes}: ${s.transferSyntaxes.map((t) => `\`${t}\``).join(', ')}`);
    }
    out.push('');
    const rowFindings = byRow.get(s.row) ?? [];
    if (rowFindings.length === 0) out.push(`- ${L.ok}`);
    for (const f of rowFindings) out.push(`- **${SEVERITY_WORD[lang][f.severity]}** \`${f.ruleId}\`: ${md(f.message[lang])}`);
    out.push('');
  }
  return out.join('\n');
}
