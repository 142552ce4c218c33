import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELD_IN_MEMORY } from '../../server/src/cli/held-input';
import { pieceStarts } from '../../server/src/core/fix/fix-in-pieces';
import { fixText } from '../../server/src/core/fix/fix-text';
import { defaultOptions } from '../../server/src/core/options';
import { FIXTURE_FILE_NAME, FIXTURE_NOW } from '../fixtures/rows';
import { line, removeDir, runCli, tempDir, validRow } from './helpers';

const NOW = ['--now', '2025-11-25T09:00'];
const options = defaultOptions({ now: FIXTURE_NOW, lang: 'en', fileName: FIXTURE_FILE_NAME });

/**
 * A file of many pieces, a fix on every row (a Gregorian birth date), Chinese text, and a character outside the BMP
 * whose two UTF-16 halves stand on either side of character 2^20 (where the backup's writing slices the text).
 */
function largeCsv(eol: (i: number) => string): string {
  let text = '\ufeff';
  for (let i = 0; text.length < (1 << 20) - 400; i++) {
    const v = validRow(i);
    v[8] = `${Number(v[8].slice(0, 3)) + 1911}${v[8].slice(3)}`;
    if (i % 7 === 0) v[12] = '胸部';
    text += line(v) + eol(i);
  }
  const v = validRow(1);
  const before = text.length + line(v.slice(0, 12)).length + 1;
  v[12] = `${'x'.repeat((1 << 20) - 1 - before)}\u{20000}`;
  text += line(v) + '\r\n';
  assert.equal(text.charCodeAt((1 << 20) - 1) & 0xfc00, 0xd800);
  for (let i = 0; i < 300; i++) text += line(validRow(i)) + '\r\n';
  return text;
}

describe('nhi-imaging fix of a file in many pieces, written as each is fixed', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  for (const [name, eol] of [['CRLF', () => '\r\n'], ['some lone CRs', (i: number) => (i % 50 === 3 ? '\r' : '\r\n')]] as const) {
    it(`writes the whole-file fix byte for byte, in place (the original kept whole as .bak), to --out, and checks the dry run's text alike (${name})`, () => {
      const text = largeCsv(eol);
      assert.ok(pieceStarts(text, options).length > 10);
      const expected = Buffer.from(fixText(text, options).text, 'utf8');
      const original = Buffer.from(text, 'utf8');
      const path = join(dir, FIXTURE_FILE_NAME);
      writeFileSync(path, original);

      const out = runCli(['fix', '--lang', 'en', ...NOW, '--out', 'out.csv', FIXTURE_FILE_NAME], { cwd: dir });
      assert.equal(out.status, 1, out.stderr);
      assert.ok(readFileSync(join(dir, 'out.csv')).equals(expected));
      assert.ok(readFileSync(path).equals(original));

      const dry = runCli(['fix', '--lang', 'en', ...NOW, '--dry-run', FIXTURE_FILE_NAME], { cwd: dir });
      const inPlace = runCli(['fix', '--lang', 'en', ...NOW, FIXTURE_FILE_NAME], { cwd: dir });
      assert.equal(inPlace.status, 1, inPlace.stderr);
      assert.ok(readFileSync(path).equals(expected));
      assert.ok(readFileSync(`${path}.bak`).equals(original));
      assert.deepEqual(readdirSync(dir).sort(), [FIXTURE_FILE_NAME, `${FIXTURE_FILE_NAME}.bak`, 'out.csv']);
      // The dry run checks the fixed text it did not write as the written file is checked.
      const left = (stdout: string) => stdout.slice(stdout.indexOf('What is left after the fixes'));
      assert.equal(dry.status, inPlace.status, dry.stderr);
      assert.equal(left(dry.stdout), left(inPlace.stdout));
      assert.match(left(dry.stdout), /error/);
      assert.equal(dry.stdout.replace(/^.*would fix/, ''), inPlace.stdout.replace(/^.*fixed/, '').replace(/\n {2}Written to .*\n/, '\n'));
    });
  }

  it('checks a dry run\'s fixed text from the pieces it holds, also past what standard input keeps in memory: no temporary file is written', () => {
    const lines: string[] = [];
    // Past the bound also once fixed: each fix makes its row a character shorter.
    for (let i = 0, bytes = 0; bytes <= HELD_IN_MEMORY + (1 << 20); i++) {
      const v = validRow(i);
      v[8] = `${Number(v[8].slice(0, 3)) + 1911}${v[8].slice(3)}`;
      lines.push(line(v) + '\r\n');
      bytes += lines[i].length;
    }
    writeFileSync(join(dir, FIXTURE_FILE_NAME), lines.join(''));
    // A temporary folder that cannot be made: holding the text again, as standard input is held, would fail there.
    const env = { ...process.env, TMPDIR: join(dir, 'none', 'here'), TMP: join(dir, 'none', 'here'), TEMP: join(dir, 'none', 'here') };
    const dry = runCli(['fix', '--lang', 'en', ...NOW, '--dry-run', FIXTURE_FILE_NAME], { cwd: dir, env });
    assert.doesNotMatch(dry.stdout, /FILE-unreadable|temporary/, dry.stdout.slice(-2000));
    assert.match(dry.stdout, /would fix \d+ problems/);
    assert.match(dry.stdout, /What is left after the fixes/);
    assert.match(dry.stdout, /1 file checked: 0 errors/);
    assert.equal(dry.status, 0, dry.stderr);
  });
});
