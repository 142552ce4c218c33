/**
 * Where the rule reference (docs/rules.md) is, for the links of diagnostics and SARIF rules: the file beside
 * dist/, where the CLI and the language server are bundled (a client may name another URL).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BUNDLED_RULES_DOC = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href;

/** A rule's entry in the rule reference at `rulesDoc`: its id in lower case as the fragment. */
export function ruleEntryUrl(rulesDoc: string, ruleId: string): string {
  return `${rulesDoc}#${ruleId.toLowerCase()}`;
}
