/**
 * Rule severities on the command line, as the editor's settings set them: `--settings FILE` reads
 * `nhiImaging.severity` and `nhiImaging.idChecksumSeverity` from a VS Code settings.json or .code-workspace
 * (JSON with comments), so that a CI run judges a file as the team's editors do; `--rule ID=LEVEL` sets one rule,
 * after the file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { bi, shown, shownEn } from '../core/i18n';
import { ioFailure } from '../core/io-reasons';
import type { Severity } from '../core/types';
import { ruleById } from '../core/spec/rules';
import { normalizeSettings, SEVERITY_SETTINGS, severitiesOf, type SeveritySetting } from '../shared/settings';
import { UsageError, type CommandLine, type OptionSpec } from './command-line';

export type Severities = Record<string, Severity | 'off'>;

/** `--settings FILE` and `--rule ID=LEVEL`, as every command that judges findings takes them. */
export const SEVERITY_OPTIONS: OptionSpec = {
  settings: { type: 'string' },
  rule: { type: 'string', multiple: true },
};

/** The severities of a command line parsed with SEVERITY_OPTIONS among its options. */
export function severitiesOfArgs(values: CommandLine['values'], cwd: string): Severities {
  return severitiesFrom(values.settings as string | undefined, (values.rule as string[] | undefined) ?? [], cwd);
}

export function severitiesFrom(settingsFile: string | undefined, rules: readonly string[], cwd: string): Severities {
  const out: Severities = settingsFile === undefined ? {} : fromSettingsFile(resolve(cwd, settingsFile));
  for (const given of rules) {
    const m = /^([^=]+)=(.*)$/.exec(given);
    if (!m) throw new UsageError(bi(`--rule 須寫成 規則代碼=等級，例如 F08-checksum=off，而非${shown(given)}`, `--rule takes RULE=LEVEL, e.g. F08-checksum=off (got ${shownEn(given)})`));
    const [, id, level] = m;
    if (!ruleById(id)) throw new UsageError(bi(`沒有規則${shown(id)}（規則代碼見 docs/rules.md）`, `no rule ${shownEn(id)} (rule ids: docs/rules.md)`));
    if (!(SEVERITY_SETTINGS as readonly string[]).includes(level)) {
      throw new UsageError(bi(`--rule ${id} 的等級須為 ${SEVERITY_SETTINGS.join('、')} 其中之一，而非${shown(level)}`, `the level of --rule ${id} must be one of ${SEVERITY_SETTINGS.join(', ')} (got ${shownEn(level)})`));
    }
    out[id] = level as SeveritySetting;
  }
  return out;
}

/** The severities a settings file sets; what the editor would not take (an unknown level) is left out, as it leaves it out. */
function fromSettingsFile(path: string): Severities {
  let text: string;
  try {
    // VS Code reads its settings without a leading UTF-8 byte order mark, which Windows Notepad writes.
    text = readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  } catch (e) {
    const reason = ioFailure(e);
    throw new UsageError(bi(`讀不到 --settings 的檔案 ${path}：${reason['zh-TW']}`, `the --settings file ${path} cannot be read: ${reason.en}`));
  }
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const at = errors[0] ? lineOf(text, errors[0].offset) : 1;
    const what = errors[0] ? printParseErrorCode(errors[0].error) : 'not an object';
    throw new UsageError(bi(`--settings 的檔案 ${path} 第 ${at} 行不是 JSON 設定（${what}）`, `the --settings file ${path} is no JSON settings file at line ${at} (${what})`));
  }
  // A .code-workspace file holds its settings under "settings".
  const root = parsed as Record<string, unknown>;
  const settings = isObject(root.settings) && Array.isArray(root.folders) ? root.settings : root;
  const nested = isObject(settings.nhiImaging) ? settings.nhiImaging : {};
  const read = normalizeSettings({
    severity: settings['nhiImaging.severity'] ?? nested.severity,
    idChecksumSeverity: settings['nhiImaging.idChecksumSeverity'] ?? nested.idChecksumSeverity,
  });
  return severitiesOf(read);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
