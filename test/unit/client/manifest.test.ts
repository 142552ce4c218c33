// The extension manifest: every %key% has an English and a Traditional Chinese text, every
// command is registered by the client and titled, and the settings match the shared Settings.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings } from '../../../server/src/shared/settings';
import { UPLOAD_CSV_NAME } from '../../../server/src/shared/uploadCsvName';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nlsEn: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const nlsZh: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.zh-tw.json'), 'utf8'));

function placeholders(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([^%]+)%$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => placeholders(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => placeholders(v, out));
  return out;
}

function clientSources(dir = join(root, 'client', 'src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? clientSources(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');
}

describe('extension manifest', function () {
  it('has both translations for every %key% it uses, and no unused keys', function () {
    const used = placeholders({ n: manifest.displayName, d: manifest.description, c: manifest.contributes, cap: manifest.capabilities });
    for (const key of used) {
      assert.ok(nlsEn[key], `package.nls.json has ${key}`);
      assert.ok(nlsZh[key], `package.nls.zh-tw.json has ${key}`);
    }
    assert.deepEqual(Object.keys(nlsEn).sort(), [...used].sort(), 'package.nls.json keys are all used');
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nlsEn).sort(), 'both nls files have the same keys');
    for (const key of used) assert.match(nlsZh[key], /[\u4e00-\u9fff]/, `${key} is translated`);
  });

  it('titles every command through %keys% and registers each in the client', function () {
    const sources = clientSources();
    for (const c of manifest.contributes.commands) {
      assert.match(c.title, /^%command\.[A-Za-z]+%$/, `${c.command} title is localised`);
      assert.equal(c.category, '%command.category%');
      assert.ok(sources.includes(`'${c.command}'`), `${c.command} is registered in client/src`);
    }
    const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const list of Object.values(manifest.contributes.menus) as Array<Array<{ command: string }>>) {
      for (const entry of list) assert.ok(contributed.has(entry.command), `menu entry ${entry.command} is a contributed command`);
    }
    assert.equal(nlsEn['command.category'] + ': ' + nlsEn['command.treatAsUploadCsv'], 'NHI Imaging: Treat This File as an Upload CSV');
  });

  it('names itself and its language in the display language (the source of its notifications, the language mode)', function () {
    const nameOf = (value: string, nls: Record<string, string>) => nls[/^%([^%]+)%$/.exec(value)?.[1] ?? ''] ?? value;
    const [lang] = manifest.contributes.languages;
    assert.equal(nameOf(manifest.displayName, nlsEn), 'NHI Imaging Upload');
    assert.equal(nameOf(manifest.displayName, nlsZh), '健保影像上傳');
    // VS Code shows the first alias; the others are found by typing in Change Language Mode.
    assert.equal(nameOf(lang.aliases[0], nlsEn), 'NHI Imaging Upload CSV');
    assert.equal(nameOf(lang.aliases[0], nlsZh), '健保影像上傳 CSV');
    assert.deepEqual(lang.aliases.slice(1), ['NHI Imaging Upload CSV', '健保影像上傳 CSV']);
  });

  it('describes each choice of a setting with a fixed list of values (VS Code shows it beside the value)', function () {
    const props = manifest.contributes.configuration.properties as Record<string, { enum?: unknown[]; enumDescriptions?: unknown[] }>;
    for (const [k, p] of Object.entries(props)) {
      if (!p.enum || k === 'nhiImaging.trace.server') continue;
      assert.equal(p.enumDescriptions?.length, p.enum.length, `${k} has a description for each of its ${p.enum.length} values`);
    }
  });

  it('contributes exactly the shared settings, with the same defaults', function () {
    const props = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const keys = Object.keys(props).filter((k) => k !== 'nhiImaging.trace.server');
    assert.deepEqual(keys.sort(), Object.keys(defaultSettings).map((k) => `nhiImaging.${k}`).sort());
    for (const [k, v] of Object.entries(defaultSettings)) assert.deepEqual(props[`nhiImaging.${k}`].default, v, k);
  });

  it('gives the language to the names the client treats as upload CSVs, and to no others', function () {
    // VS Code's glob: `?` one character, `[..]` a class, everything else literal.
    const globRegex = (glob: string) => new RegExp('^' + glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\?/g, '.') + '$');
    const patterns: RegExp[] = manifest.contributes.languages[0].filenamePatterns.map(globRegex);
    const names = [
      ...[2, 3, 4, 5, 6, 7].map((n) => `3501200000_20261125_${'1'.repeat(n)}.csv`),
      '3501200000_20261125_001.CSV', '3501200000_20261125_001.Csv', '醫院代號醫院代號醫院_20261125_001.csv',
      '350120000_20261125_001.csv', '35012000000_20261125_001.csv', '3501200000_2026112_001.csv',
      '3501200000_2026112A_001.csv', '3501200000_20261125_001.csv.bak', '3501200000-20261125-001.csv', '3501200000_20261125_001.txt',
    ];
    for (const name of names) assert.equal(patterns.some((p) => p.test(name)), UPLOAD_CSV_NAME.test(name), name);
  });

  it('is limited in untrusted workspaces, with the archive folder restricted', function () {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['nhiImaging.archiveFolder']);
  });

  it('starts from dist/client.js and declares the language, its grammar and configuration', function () {
    assert.equal(manifest.main, './dist/client.js');
    const [lang] = manifest.contributes.languages;
    assert.equal(lang.id, 'nhi-imaging-csv');
    assert.equal(manifest.contributes.grammars[0].language, 'nhi-imaging-csv');
    for (const p of [lang.configuration, manifest.contributes.grammars[0].path]) assert.doesNotThrow(() => JSON.parse(readFileSync(join(root, p), 'utf8')), p);
  });

  it('has a walkthrough whose pages exist and whose links and completion events name the extension\'s commands', function () {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const builtIn = new Set(['workbench.action.files.openFile', 'workbench.action.openSettings']);
    assert.ok(walkthrough.steps.length >= 4);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      for (const lang of [nlsEn, nlsZh]) {
        const description = lang[/^%(.+)%$/.exec(step.description)![1]];
        const links = [...description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
        assert.equal(links.length, 1, description);
        for (const c of links) assert.ok(commands.has(c) || builtIn.has(c), c);
      }
      for (const event of step.completionEvents) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(commands.has(command), event);
      }
    }
  });

  it('names a command on a walkthrough page in both languages, its Chinese paragraph with the title a zh-TW palette shows', function () {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const titles = manifest.contributes.commands.map((c: { title: string }) => /^%(.+)%$/.exec(c.title)![1]);
    for (const step of walkthrough.steps) {
      const page = readFileSync(join(root, step.media.markdown), 'utf8');
      // Each page gives a paragraph in Chinese, then the same in English.
      const chinese = page.split(/\n\s*\n/).filter((p) => /[\u4e00-\u9fff]/.test(p) && !p.startsWith('#'));
      for (const key of titles) {
        if (!page.includes(nlsEn[key])) continue;
        for (const paragraph of chinese) assert.ok(!paragraph.includes(nlsEn[key]) || paragraph.includes(nlsZh[key]), `${step.media.markdown}: 「${nlsZh[key]}」, not "${nlsEn[key]}" alone, in\n${paragraph}`);
        assert.ok(page.includes(nlsZh[key]), `${step.media.markdown} names ${nlsEn[key]} in Chinese too (${nlsZh[key]})`);
      }
    }
  });
});
