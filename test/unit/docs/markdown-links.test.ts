// The project's Markdown files point only at what exists: every relative link and #anchor resolves,
// and every repository path the prose names (docs/decisions/line-ends.md, server/src/…) is there.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { linkTargets } from './markdownLinks';

const root = resolve(__dirname, '..', '..', '..');
/** Built, installed or generated at run time: not part of the sources. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out', 'test-artifacts']);
/** The top-level folders a path named in prose starts from. */
const REPOSITORY_FOLDERS = ['client', 'docs', 'samples', 'scripts', 'server', 'syntaxes', 'test'];

function markdownFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
      const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

/** Paths from the repository's root that the text names, e.g. docs/decisions/line-ends.md. */
function repositoryPaths(markdown: string): string[] {
  const folders = REPOSITORY_FOLDERS.join('|');
  const pattern = new RegExp(`(?<![\\w./-])(?:${folders})/(?:[\\w.-]+/)*[\\w-]+(?:\\.[\\w-]+)+`, 'g');
  return [...markdown.matchAll(pattern)].map((m) => m[0]);
}

/** What is wrong with one link of `file`, or null when it resolves. */
function brokenLink(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto:, file:
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
  if (!existsSync(path)) return `${target}: no such file`;
  if (anchor === undefined || anchor === '') return null;
  if (statSync(path).isDirectory() || !path.endsWith('.md')) return `${target}: an anchor into a file that is not Markdown`;
  const anchors = headingAnchors(readFileSync(path, 'utf8'));
  return anchors.has(decodeURIComponent(anchor)) ? null : `${target}: no heading with the anchor #${anchor}`;
}

describe('Markdown links', () => {
  it('finds inline links, images and reference definitions outside code, and heading anchors as GitHub makes them', () => {
    const text = [
      '# Building a batch',
      'See [the rules](docs/rules.md#f09-format), ![a picture](img/a.png "title") and `[not](a-link.md)`.',
      '```sh',
      '[also not](code.md)',
      '```',
      '[ref]: ../NOTES.md',
      '## `nhi-imaging check` options (CLI)',
      '## Building a batch',
    ].join('\n');
    assert.deepEqual(linkTargets(text), ['docs/rules.md#f09-format', 'img/a.png', '../NOTES.md']);
    assert.deepEqual([...headingAnchors(text)], ['building-a-batch', 'nhi-imaging-check-options-cli', 'building-a-batch-1']);
    assert.deepEqual(repositoryPaths('docs/decisions/line-ends.md. See `server/src/cli/usage.ts`, test/x/nhi.code-workspace, not a/docs/x.md'), [
      'docs/decisions/line-ends.md',
      'server/src/cli/usage.ts',
      'test/x/nhi.code-workspace',
    ]);
  });

  const files = markdownFiles();

  it('finds the README and the decision notes', () => {
    const names = files.map((f) => relative(root, f).split('\\').join('/'));
    assert.ok(names.includes('README.md'));
    assert.ok(names.includes('docs/rules.md'));
    assert.ok(names.some((n) => n.startsWith('docs/decisions/')));
  });

  for (const file of files) {
    const name = relative(root, file).split('\\').join('/');
    it(`${name}: every relative link and #anchor resolves`, () => {
      const broken = linkTargets(readFileSync(file, 'utf8'))
        .map((target) => brokenLink(file, target))
        .filter((problem): problem is string => problem !== null);
      assert.deepEqual(broken, []);
    });

    it(`${name}: every repository path it names exists`, () => {
      const missing = repositoryPaths(readFileSync(file, 'utf8')).filter(
        (path) => !existsSync(join(root, path)) && !existsSync(join(dirname(file), path)),
      );
      assert.deepEqual(missing, []);
    });
  }
});
