/** What the core says about a text, in the shape the server's diagnostics must have. */
import { validateText } from '../../server/src/core/validate';
import { defaultOptions, type ValidationOptions } from '../../server/src/core/options';
import type { Finding, Lang } from '../../server/src/core/types';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURE_FILE_NAME, FIXTURE_NOW } from '../fixtures/rows';

export const NOW_ISO = new Date(FIXTURE_NOW).toISOString();
export const URI = `file:///batches/${FIXTURE_FILE_NAME}`;

export interface Key {
  code: string;
  severity: number;
  message: string;
  range: string;
}

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

function rangeKey(r: Diagnostic['range']): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function sortKeys(keys: Key[]): Key[] {
  return keys.sort((a, b) => (a.range + a.code + a.message < b.range + b.code + b.message ? -1 : 1));
}

/** The validation options the server takes from the test settings (deadlineReferenceTime NOW_ISO, the ID checksum a warning). */
export function coreOptions(lang: Lang = 'en', fileName: string | undefined = FIXTURE_FILE_NAME): ValidationOptions {
  return defaultOptions({ now: FIXTURE_NOW, lang, fileName, severities: { 'F08-checksum': 'warning' } });
}

/** The core's findings for `text` under the test settings, as sortable keys. */
export function expectedKeys(text: string, lang: Lang = 'en', fileName: string | undefined = FIXTURE_FILE_NAME): Key[] {
  return findingKeys(validateText(text, coreOptions(lang, fileName)).findings, lang);
}

/** Findings as sortable keys, in `lang`. */
export function findingKeys(findings: readonly Finding[], lang: Lang = 'en'): Key[] {
  return sortKeys(findings.map((f) => ({ code: f.ruleId, severity: SEVERITY[f.severity], message: f.message[lang], range: rangeKey(f.range) })));
}

export function diagnosticKeys(diagnostics: readonly Diagnostic[]): Key[] {
  return sortKeys(diagnostics.map((d) => ({ code: String(d.code), severity: d.severity!, message: d.message, range: rangeKey(d.range) })));
}

/**
 * The hover on the order code of validLine(0) (33070B) at NOW_ISO, line by line: the heading, then
 * the rest as a client that takes plain text gets it (one that takes Markdown gets the heading bold).
 */
export const ORDER_CODE_HOVER = {
  heading: 'Field 10 order code (醫令代碼)',
  rest: [
    '',
    'Required. The imaging order code (one of the 37 codes of Table 1).',
    '',
    '- 33070B 電腦斷層造影—無造影劑 (CT without contrast)',
    '- family: CT',
    '- minimum image size 512x512',
    '- DICOM (DCF) only',
    '- body site required (region letters)',
    '',
    'incentive deadline 2025-11-26 07:57 (Wed) (24 h after the exam), 22 h 57 min left',
  ],
} as const;
