import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../core/spec/rules';
import type { Finding, RuleSpec, Severity } from '../../core/types';
import type { Output } from '../output';
import { ruleEntryUrl } from '../../shared/rulesDoc';
import type { Reporter, ReporterSettings } from './reporter';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 for code-scanning dashboards: one run, the rule catalogue as the driver's rules,
 * one result per finding with its region (1-based; columns in UTF-16 code units). Results are
 * written as they come.
 */
export class SarifReporter implements Reporter {
  private readonly rules: readonly RuleSpec[] = allRules();
  private readonly ruleIndex = new Map(this.rules.map((r, i) => [r.id, i]));
  private uri = '';
  private first = true;

  private readonly platform: NodeJS.Platform;

  constructor(private readonly out: Output, private readonly settings: ReporterSettings) {
    this.platform = settings.platform ?? process.platform;
  }

  begin(): void {
    const lang = this.settings.lang;
    const friendlyNames = ruleFriendlyNames(this.rules);
    const driver = {
      name: 'nhi-imaging',
      version: this.settings.version,
      informationUri: 'https://www.nhi.gov.tw/',
      rules: this.rules.map((r) => ({
        id: r.id,
        name: friendlyNames.get(r.id),
        shortDescription: { text: r.title[lang] },
        fullDescription: { text: r.description[lang] },
        helpUri: ruleEntryUrl(this.settings.rulesDocUrl, r.id),
        defaultConfiguration: { level: LEVELS[r.defaultSeverity] },
        properties: { field: r.field, section: r.section },
      })),
    };
    const head = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: { driver },
          columnKind: 'utf16CodeUnits',
          originalUriBaseIds: { SRCROOT: { uri: folderUri(this.settings.cwd, this.platform) } },
          results: [],
        },
      ],
    };
    const text = JSON.stringify(head);
    // Open the results array so results can stream in: cut the JSON before its closing `]}]}`.
    this.out.write(text.slice(0, text.length - '"results":[]}]}'.length) + '"results":[');
  }

  beginFile(path: string): void {
    this.uri = artifactUri(path, this.settings.cwd, this.platform);
  }

  finding(f: Finding): void {
    const index = this.ruleIndex.get(f.ruleId);
    const location = {
      physicalLocation: {
        artifactLocation: this.uri.startsWith('file:') ? { uri: this.uri } : { uri: this.uri, uriBaseId: 'SRCROOT' },
        region: {
          startLine: f.range.start.line + 1,
          startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
        },
      },
    };
    const result = {
      ruleId: f.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVELS[f.severity],
      message: { text: f.message[this.settings.lang] },
      locations: [location],
      ...(f.field === null ? {} : { properties: { field: f.field } }),
    };
    this.out.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(result)}`);
    this.first = false;
  }

  endFile(): void {}

  end(): void {
    this.out.write('\n]}]}\n');
  }
}

/**
 * A path under the working directory as a relative URI (with SRCROOT); others as file: URIs. Windows paths
 * (drive letters, UNC shares `\\\\server\\share\\…`) are resolved and compared the Windows way, letter case aside.
 */
export function artifactUri(file: string, cwd: string, platform: NodeJS.Platform = process.platform): string {
  const api = pathApi(platform);
  const abs = api.resolve(cwd, file);
  const rel = api.relative(cwd, abs);
  const outside = rel === '' || rel === '..' || rel.startsWith(`..${api.sep}`) || api.isAbsolute(rel);
  if (outside) return fileUri(abs, platform);
  return rel.split(api.sep).map(encodeURIComponent).join('/');
}

/**
 * A folder as a file: URI ending in one `/` (SARIF's base URIs must), a drive or share root too:
 * `C:\\` → file:///C:/, `\\\\server\\share\\` → file://server/share/ (pathToFileURL doubles or drops their slash).
 */
export function folderUri(dir: string, platform: NodeJS.Platform = process.platform): string {
  const api = pathApi(platform);
  return fileUri(api.join(api.resolve(dir), 'a'), platform).slice(0, -'a'.length);
}

function fileUri(abs: string, platform: NodeJS.Platform): string {
  return pathToFileURL(abs, { windows: platform === 'win32' }).href;
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * SARIF's rule `name`: a Pascal-case identifier of the English title ("Malformed national ID" → MalformedNationalId),
 * followed by the rule id's own words where two titles would give the same name.
 */
export function ruleFriendlyNames(rules: readonly RuleSpec[]): Map<string, string> {
  // One-letter words ("a") are left out: a capital standing alone is not Pascal case to SARIF validators.
  const pascal = (text: string) => text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 1 || /\d/.test(w)).map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('');
  const names = rules.map((r) => pascal(r.title.en));
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  return new Map(rules.map((r, i) => {
    const unique = uses.get(names[i])! > 1 ? names[i] + pascal(r.id) : names[i];
    return [r.id, /^[A-Z]/.test(unique) ? unique : `Rule${unique}`];
  }));
}
