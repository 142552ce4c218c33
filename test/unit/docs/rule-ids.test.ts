// Every rule id the code reports has its entry in docs/rules.md, with its field and the section it rests on; every
// rule id the README and the decision notes name is one the code has (a renamed rule leaves no old name behind).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
/** A rule id as the code writes it: a prefix in capitals and digits, then lower-case words (F09-format, ROW-page-break). */
const RULE_ID = /^(?:FILE|ROW|CSV|DRAFT|LEDGER|[FXRA]\d*)-[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Ids of the code that are no rule: the language server's notice of diagnostics left out. */
const NOT_RULES = new Set(['LSP-diagnostics-capped']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The quoted strings of `text` that are rule ids. */
function quotedIds(text: string): string[] {
  return [...text.matchAll(/(['"`])([A-Z][A-Za-z0-9-]*)\1/g)].map((m) => m[2]).filter((id) => RULE_ID.test(id) && !NOT_RULES.has(id));
}

/** docs/rules.md's sections by rule id, each its text up to the next. */
function ruleSections(): Map<string, string> {
  const doc = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  const sections = new Map<string, string>();
  for (const part of doc.split(/^## /m).slice(1)) sections.set(part.slice(0, part.indexOf('\n')).trim(), part);
  return sections;
}

describe('docs/rules.md and the rule ids of the code', () => {
  const sections = ruleSections();

  it('finds the rule ids of a text', () => {
    assert.deepEqual(quotedIds(`emit(out, o, 'A14-dicom-encoding', r); x = "ROW-page-break"; \`F09-format\`; 'UTF-8'; 'LSP-diagnostics-capped'`),
      ['A14-dicom-encoding', 'ROW-page-break', 'F09-format']);
  });

  it('has an entry with its field and section for every rule id in server/src', () => {
    const ids = new Set(sources(join(root, 'server', 'src')).flatMap((f) => quotedIds(readFileSync(f, 'utf8'))));
    for (const id of ['FILE-header', 'ROW-page-break', 'A14-dicom-encoding', 'DRAFT-shared-images', 'R-duplicate-row']) assert.ok(ids.has(id), id);
    for (const id of ids) {
      const section = sections.get(id);
      assert.ok(section, `${id} has no entry in docs/rules.md (npm run docs:rules after adding it to the catalogue)`);
      assert.match(section, /^- Field \/ 欄位: /m, id);
      assert.match(section, /^- Section \/ 依據: \S/m, id);
    }
  });

  it('has every rule id the README and the decision notes name', () => {
    const decisions = join(root, 'docs', 'decisions');
    const files = [join(root, 'README.md'), join(root, 'samples', 'README.md'), ...readdirSync(decisions).filter((f) => f.endsWith('.md')).map((f) => join(decisions, f))];
    for (const file of files) {
      for (const [, id] of readFileSync(file, 'utf8').matchAll(/`([A-Z][A-Za-z0-9-]*)`/g)) {
        if (RULE_ID.test(id) && !NOT_RULES.has(id)) assert.ok(sections.has(id), `${file} names ${id}, which docs/rules.md does not have`);
      }
    }
  });
});
