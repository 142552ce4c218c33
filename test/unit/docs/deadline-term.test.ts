// The 24-hour window of 四、(一) is an incentive window: every user-facing text names its deadline as the rule
// catalogue does (DEADLINE: 上傳獎勵期限 / Upload incentive deadline), never as an "upload deadline" to be missed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { RULES } from '../../../server/src/core/spec/rules';

const root = resolve(__dirname, '..', '..', '..');
const OTHER_TERM = /upload deadline|上傳期限/i;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, ext);
    return ext.test(entry.name) ? [path] : [];
  });
}

describe('the name of the 24-hour deadline', () => {
  it('is the rule catalogue\'s', () => {
    const title = RULES.find((r) => r.id === 'DEADLINE')?.title;
    assert.deepEqual(title, { 'zh-TW': '上傳獎勵期限', en: 'Upload incentive deadline' });
  });

  it('is the only one the messages, manifest texts, README, walkthrough and samples use', () => {
    const texts = [
      ...files(join(root, 'server', 'src'), /\.ts$/),
      ...files(join(root, 'client', 'src'), /\.ts$/),
      ...files(join(root, 'client', 'media'), /\.md$/),
      ...files(join(root, 'samples'), /\.md$/),
      ...['README.md', 'package.nls.json', 'package.nls.zh-tw.json', 'docs/rules.md'].map((f) => join(root, f)),
    ];
    const offending = texts.filter((f) => OTHER_TERM.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    assert.deepEqual(offending, []);
  });
});
