import type { RuleSpec } from '../types';
import { fieldSpec } from './fields';
import { EXAMPLE_FILE_NAME, EXAMPLE_ROW } from './example';
import type { CatalogueRule } from './rules';

/** Makes invisible characters visible in docs. */
function visible(s: string): string {
  return s.replace(/\uFEFF/g, '<U+FEFF>');
}

function inline(s: string): string {
  if (s === '') return '(空白 / empty)';
  const v = visible(s);
  const ticks = v.includes('`') ? '``' : '`';
  return `${ticks}${v}${ticks}`;
}

function block(s: string): string {
  const body = visible(s).replace(/\n$/, '');
  return '```csv\n' + (body === '' ? '' : body + '\n') + '```';
}

function exampleLines(r: RuleSpec): string[] {
  const c = r as Partial<CatalogueRule>;
  const kind = c.exampleKind;
  if (kind === 'text') {
    return ['Flagged / 會被標示：', '', block(r.example.bad), '', 'Fixed / 修正後：', '', block(r.example.good)];
  }
  const where = kind === 'field' ? `field ${c.exampleField ?? r.field} / 序號${c.exampleField ?? r.field}` : kind === 'file-name' ? 'file name / 檔名' : 'value / 值';
  return [`- Flagged / 會被標示 (${where}): ${inline(r.example.bad)}`, `- Fixed / 修正後: ${inline(r.example.good)}`];
}

function fieldText(r: RuleSpec): string {
  if (r.field === null) return 'row or file / 整列或整檔';
  const f = fieldSpec(r.field);
  return f ? `${r.field} ${f.name['zh-TW']} (${f.name.en})` : String(r.field);
}

/** A rule's section with the decision notes it names (docs/decisions/….md) as links beside this file, as the .vsix ships them. */
function sectionText(section: string): string {
  return section.replace(/\bdocs\/decisions\/([\w-]+\.md)\b/g, '[decisions/$1](decisions/$1)');
}

/** docs/rules.md, rendered from the rule catalogue. Deterministic: the test compares it with the committed file. */
export function renderRulesDoc(rules: readonly RuleSpec[]): string {
  const out: string[] = [
    '# Rules / 檢核規則',
    '',
    'Generated from the rule catalogue by `npm run docs:rules`; do not edit by hand.',
    '本文件由規則目錄自動產生（`npm run docs:rules`），請勿手動修改。',
    '',
    'Severities can be changed per rule (setting `nhiImaging.severity`, or `severities` in the core options); `off` disables a rule.',
    '',
    'Each rule\'s section names the NHI text, [spec/nhi-imaging-upload-format.zh-TW.txt](spec/nhi-imaging-upload-format.zh-TW.txt) (表二 is its table of fields); ' +
      '"NOTES decision" names [spec/NOTES.md](spec/NOTES.md), which digests the text in English and decides where it is silent, and a note under decisions/, linked where a section names it, gives the reasons of a decision.',
    '各規則的「依據」指健保署文字 spec/nhi-imaging-upload-format.zh-TW.txt 的章節（表二為欄位表）；「NOTES decision」指 spec/NOTES.md（英文摘要及文字未明之處的決定）；decisions/ 下的檔案（各節提及時附連結）說明決策的理由。',
    '',
    'Field examples replace one field of this valid row, checked with the file name ' + inline(EXAMPLE_FILE_NAME) + ' at 2025-11-25 12:00 Taipei time:',
    '',
    block(EXAMPLE_ROW.join(',')),
    '',
    '| Rule | Field | Severity | Title |',
    '|---|---|---|---|',
  ];
  for (const r of rules) out.push(`| [${r.id}](#${r.id.toLowerCase()}) | ${r.field ?? '–'} | ${r.defaultSeverity} | ${r.title['zh-TW']} / ${r.title.en} |`);
  for (const r of rules) {
    out.push(
      '', `## ${r.id}`, '',
      `**${r.title['zh-TW']}** / **${r.title.en}**`, '',
      `- Field / 欄位: ${fieldText(r)}`,
      `- Section / 依據: ${sectionText(r.section)}`,
      `- Default severity / 預設嚴重度: ${r.defaultSeverity}`,
      '',
      r.description['zh-TW'], '',
      r.description.en, '',
      ...exampleLines(r),
    );
  }
  return out.join('\n') + '\n';
}
