/**
 * The `nhiImaging` settings, shared by the VS Code client (package.json contributes the same keys)
 * and the language server (reads them through workspace/configuration). Pure: no editor imports.
 */
import { parseIsoTaiwanTime } from '../core/roc';
import { isCompressionLevel, type CompressionLevel } from './build';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export type LanguageSetting = 'auto' | 'zh-TW' | 'en';

export const SETTINGS_SECTION = 'nhiImaging';

export interface Settings {
  /** Per-rule severity overrides, keyed by rule id; 'off' silences the rule. */
  severity: Record<string, SeveritySetting>;
  /** Severity of a national-ID checksum failure (the pattern itself is always an error). */
  idChecksumSeverity: SeveritySetting;
  /** Reference time for the 24-hour incentive deadline: "now", or an ISO-8601 time (fixed, e.g. in tests). */
  deadlineReferenceTime: string;
  /** Message language: "auto" follows the editor's display language. */
  language: LanguageSetting;
  /** Where the row archives are, relative to the CSV's folder (or absolute). Empty: beside the CSV. */
  archiveFolder: string;
  /** Most diagnostics sent for one document; the rest are summarised by one notice. */
  maxDiagnostics: number;
  /**
   * Most rows listed as document symbols (outline, breadcrumbs, sticky scroll, which VS Code asks for again after
   * edits); one more symbol spans the rows left out.
   */
  maxDocumentSymbols: number;
  /** The 7z level a build packs at when its request names none: 0 store (the fast choice), 1/3/5 LZMA2. CAB ignores it. */
  buildCompressionLevel: CompressionLevel;
}

export const defaultSettings: Readonly<Settings> = Object.freeze({
  severity: {},
  idChecksumSeverity: 'warning',
  deadlineReferenceTime: 'now',
  language: 'auto',
  archiveFolder: '',
  maxDiagnostics: 1000,
  maxDocumentSymbols: 5000,
  buildCompressionLevel: 0,
});

/** The rule whose severity the `idChecksumSeverity` setting sets. */
export const ID_CHECKSUM_RULE = 'F08-checksum';

/** The rule severities the settings set: `severity`, with `idChecksumSeverity` for F08-checksum unless `severity` names it. */
export function severitiesOf(settings: Pick<Settings, 'severity' | 'idChecksumSeverity'>): Record<string, SeveritySetting> {
  return { [ID_CHECKSUM_RULE]: settings.idChecksumSeverity, ...settings.severity };
}

/** The values a rule's severity setting takes. */
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const LANGUAGES: readonly LanguageSetting[] = ['auto', 'zh-TW', 'en'];

function isSeverity(v: unknown): v is SeveritySetting {
  return typeof v === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(v);
}

/** Reads whatever the client sent (possibly null, partial or mistyped) into complete settings. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const severity: Record<string, SeveritySetting> = {};
  if (r.severity && typeof r.severity === 'object') {
    for (const [id, v] of Object.entries(r.severity as Record<string, unknown>)) if (isSeverity(v)) severity[id] = v;
  }
  const ref = typeof r.deadlineReferenceTime === 'string' ? r.deadlineReferenceTime.trim() : '';
  return {
    severity,
    idChecksumSeverity: isSeverity(r.idChecksumSeverity) ? r.idChecksumSeverity : defaultSettings.idChecksumSeverity,
    deadlineReferenceTime: ref === '' || !isValidReference(ref) ? 'now' : ref,
    language: LANGUAGES.includes(r.language as LanguageSetting) ? (r.language as LanguageSetting) : 'auto',
    archiveFolder: typeof r.archiveFolder === 'string' ? r.archiveFolder : '',
    maxDiagnostics: countSetting(r.maxDiagnostics, 1, defaultSettings.maxDiagnostics),
    maxDocumentSymbols: countSetting(r.maxDocumentSymbols, 0, defaultSettings.maxDocumentSymbols),
    buildCompressionLevel: isCompressionLevel(r.buildCompressionLevel) ? r.buildCompressionLevel : defaultSettings.buildCompressionLevel,
  };
}

/** A whole number of at least `min` (a fraction rounded down), or `fallback` for anything else. */
function countSetting(v: unknown, min: number, fallback: number): number {
  const n = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? Number(v) : NaN;
  return Number.isFinite(n) && n >= min ? Math.floor(n) : fallback;
}

function isValidReference(ref: string): boolean {
  return ref === 'now' || !Number.isNaN(parseReference(ref));
}

/** ISO-8601 without a zone is Taiwan time (UTC+8), as for the CLI's --now; other text as Date.parse reads it. */
function parseReference(ref: string): number {
  return parseIsoTaiwanTime(ref) ?? Date.parse(ref);
}

/** The reference time as ms since epoch; `clock` gives "now". */
export function referenceTime(settings: Settings, clock: () => number = Date.now): number {
  if (settings.deadlineReferenceTime === 'now') return clock();
  const t = parseReference(settings.deadlineReferenceTime);
  return Number.isNaN(t) ? clock() : t;
}

/**
 * The message language: an explicit setting wins; "auto" takes the client's locale (zh* → zh-TW, else en). Any other
 * value (settings.json holds what it is given; the client reads it unchecked) counts as "auto".
 */
export function resolveLanguage(setting: unknown, clientLocale: string | undefined): 'zh-TW' | 'en' {
  if (setting === 'zh-TW' || setting === 'en') return setting;
  if (!clientLocale) return 'zh-TW';
  return clientLocale.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en';
}
