import * as assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { posix } from 'node:path';
import { cacheVariant, codeCacheDir } from '../../../server/src/cli/code-cache';

describe('CLI code cache: where and for what', () => {
  it('keeps it in the per-user cache folder of each system, never in a shared one', () => {
    assert.equal(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32'), 'C:\\Users\\a\\AppData\\Local\\nhi-imaging\\Cache');
    assert.equal(codeCacheDir({ LOCALAPPDATA: 'AppData' }, 'win32'), undefined);
    assert.equal(codeCacheDir({}, 'win32'), undefined);
    assert.equal(codeCacheDir({}, 'darwin'), posix.join(homedir(), 'Library', 'Caches', 'nhi-imaging'));
    assert.equal(codeCacheDir({}, 'linux'), posix.join(homedir(), '.cache', 'nhi-imaging'));
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux'), '/var/cache/u/nhi-imaging');
    // A relative XDG_CACHE_HOME is to be ignored (XDG Base Directory specification).
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux'), posix.join(homedir(), '.cache', 'nhi-imaging'));
  });

  it('NHI_IMAGING_CODE_CACHE turns it off (0) or names the folder (absolute only)', () => {
    assert.equal(codeCacheDir({ NHI_IMAGING_CODE_CACHE: '0' }, 'linux'), undefined);
    assert.equal(codeCacheDir({ NHI_IMAGING_CODE_CACHE: '/tmp/x' }, 'linux'), '/tmp/x');
    assert.equal(codeCacheDir({ NHI_IMAGING_CODE_CACHE: 'x' }, 'linux'), undefined);
  });

  it('keeps one cache per command, and for check per kind of archive check', () => {
    assert.equal(cacheVariant(['check', 'a.csv']), 'check');
    assert.equal(cacheVariant(['--lang', 'en', 'check', '--archives', 'a.csv']), 'check-archives');
    assert.equal(cacheVariant(['check', '--full', 'a.csv']), 'check-full');
    assert.equal(cacheVariant(['build', 'a.csv']), 'build');
    assert.equal(cacheVariant(['--version']), 'other');
  });
});
