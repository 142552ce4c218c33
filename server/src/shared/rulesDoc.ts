/**
 * Where the rule reference (docs/rules.md) is, for the links of diagnostics and SARIF rules: the file beside
 * dist/, where the CLI and the language server are bundled (a client may name another URL).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BUNDLED_RULES_DOC = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href;

/**
 * The rule reference a client named (initializationOptions.rulesDocUrl) when it is an absolute URL, written as a URI
 * without a fragment, to which a rule's fragment is added; else the bundled one. codeDescription.href must be a URI.
 */
export function rulesDocOf(named: unknown): string {
  if (typeof named !== 'string') return BUNDLED_RULES_DOC;
  try {
    const url = new URL(named);
    url.hash = '';
    return url.href;
  } catch {
    return BUNDLED_RULES_DOC;
  }
}

/** A rule's entry in the rule reference at `rulesDoc`: its id in lower case as the fragment. */
export function ruleEntryUrl(rulesDoc: string, ruleId: string): string {
  return `${rulesDoc}#${ruleId.toLowerCase()}`;
}
