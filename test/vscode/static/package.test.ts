// The .vsix as `vsce package` builds it from the current dist/: exactly the files the
// installed extension needs, nothing of the sources, tests or caches.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { linkTargets } from '../../unit/docs/markdownLinks';

const root = join(__dirname, '..', '..', '..');
/** What docs/rules.md cites as the notes of its decisions: shipped, so that its links open in the installed extension. */
const DECISION_NOTES = readdirSync(join(root, 'docs', 'decisions')).filter((f) => f.endsWith('.md'));

const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/client/media/walkthrough/archives.md',
  'extension/client/media/walkthrough/build.md',
  'extension/client/media/walkthrough/open.md',
  'extension/client/media/walkthrough/problems.md',
  'extension/client/media/walkthrough/settings.md',
  'extension/dist/7zz.wasm',
  'extension/dist/cli.js',
  'extension/dist/client.js',
  'extension/dist/server.js',
  ...DECISION_NOTES.map((f) => `extension/docs/decisions/${f}`),
  'extension/docs/rules.md',
  'extension/docs/spec/NOTES.md',
  'extension/docs/spec/nhi-imaging-upload-format.zh-TW.txt',
  'extension/language-configuration.json',
  'extension/package.json',
  'extension/package.nls.json',
  'extension/package.nls.zh-tw.json',
  'extension/readme.md',
  'extension/syntaxes/nhi-imaging-csv.tmLanguage.json',
];

describe('the .vsix package', function () {
  this.timeout(120_000);
  let dir: string;
  let entries: string[];

  before(function () {
    for (const f of ['dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/7zz.wasm']) {
      assert.ok(existsSync(join(root, f)), `${f} is built (npm run build)`);
    }
    dir = mkdtempSync(join(tmpdir(), 'nhi-vsix-'));
    const vsix = join(dir, 'nhi-imaging-upload.vsix');
    execFileSync(
      join(root, 'node_modules', '.bin', 'vsce'),
      ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix],
      { cwd: root, stdio: 'pipe' },
    );
    const listing = execFileSync('7zz', ['l', '-slt', '-ba', vsix], { encoding: 'utf8' });
    entries = listing
      .split('\n')
      .filter((l) => l.startsWith('Path = '))
      .map((l) => l.slice('Path = '.length).trim())
      .sort();
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds exactly the runtime files (plus any further bundles in dist/)', function () {
    const extraBundles = entries.filter((e) => !EXPECTED.includes(e) && /^extension\/dist\/[^/]+\.(js|wasm)$/.test(e));
    assert.deepEqual(entries.filter((e) => !extraBundles.includes(e)), [...EXPECTED].sort());
  });

  it('holds the files `npm run demo` unpacks as the installed extension, and no others', function () {
    const target = join(dir, 'unpacked');
    const script = pathToFileURL(join(root, 'scripts', 'code-server.mjs')).href;
    const unpacked = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { unpackExtension } from ${JSON.stringify(script)}; console.log(unpackExtension(${JSON.stringify(target)}));`],
      { encoding: 'utf8' },
    ).trim();
    const files = readdirSync(unpacked, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.map'))
      .map((e) => relative(unpacked, join(e.parentPath, e.name)).split(sep).join('/'))
      // vsce writes README.md as readme.md.
      .map((f) => (f === 'README.md' ? 'readme.md' : f))
      .sort();
    const packaged = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length)).sort();
    assert.deepEqual(files, packaged);
  });

  it('holds the file of every relative link of its Markdown pages (the rule reference\'s decision notes among them)', function () {
    const unpacked = join(dir, 'links');
    execFileSync('7zz', ['x', '-y', `-o${unpacked}`, join(dir, 'nhi-imaging-upload.vsix'), 'extension/*.md', 'extension/**/*.md', '-r'], { stdio: 'pipe' });
    const pages = entries.filter((e) => e.endsWith('.md'));
    assert.ok(pages.includes('extension/docs/rules.md'));
    const dead = pages.flatMap((page) =>
      linkTargets(readFileSync(join(unpacked, page), 'utf8'))
        .filter((target) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(target))
        .map((target) => posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(target.split('#')[0]))))
        .filter((file) => !entries.includes(file))
        .map((file) => `${page} -> ${file}`),
    );
    assert.deepEqual(dead, []);
  });

  it('leaves out sources, source maps, tests, samples and caches', function () {
    for (const e of entries) {
      assert.doesNotMatch(e, /\.(ts|map|mjs)$|\/(test|src|samples|node_modules|\.cache|out)\//, e);
    }
  });
});
