/**
 * Ctrl+C during `nhi-imaging check --full`: the check of a large LZMA2 archive (made by 7zz) stops at once,
 * says so (and that another Ctrl+C quits at once), exits 2 and leaves no temporary folder of its own behind.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../cli/helpers';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { requireTools } from './tools';

const ARCHIVE = 'DCF3501200000_C00000000051.7z';

describe('nhi-imaging check --full cancelled with Ctrl+C', function () {
  this.timeout(180_000);
  let dir: string;
  let temp: string;

  before(() => {
    requireTools(['7zz']);
    dir = mkdtempSync(join(tmpdir(), 'nhi-cancel-'));
    temp = mkdtempSync(join(tmpdir(), 'nhi-cancel-tmp-'));
    // 512 MiB of zeros as one DICOM-named entry: under a MB packed, seconds to decode and verify.
    const big = join(dir, 'IMG0001');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 512 * 1024 ** 2);
    closeSync(fd);
    const made = spawnSync('7zz', ['a', '-m0=LZMA2', '-mx=1', join(dir, ARCHIVE), big], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    rmSync(big);
    writeFileSync(join(dir, '3501200000_20251125_001.csv'), `${EXAMPLE_ROW.map((v, i) => (i === 13 ? ARCHIVE : v)).join(',')}\r\n`);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  });

  it('stops the check, says it was cancelled and exits 2, its temporary files removed', async () => {
    const child = spawn(process.execPath, [CLI, 'check', '--full', '--lang', 'en', join(dir, '3501200000_20251125_001.csv')], {
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const started = new Promise<void>((resolve) => child.stderr.on('data', (d) => ((stderr += d), /checking 1 archive/.test(stderr) && resolve())));
    await started;
    const signalled = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 2, stderr + stdout);
    assert.ok(Date.now() - signalled < 5000, `stopped ${Date.now() - signalled} ms after Ctrl+C`);
    assert.match(stderr, /^nhi-imaging: stopping, and removing what this run wrote; press Ctrl\+C again to quit at once/m);
    assert.match(stderr, /nhi-imaging check: cancelled/);
    assert.doesNotMatch(stdout, /file checked/, 'no summary of a check that did not finish');
    assert.deepEqual(readdirSync(temp), []);
  });
});
