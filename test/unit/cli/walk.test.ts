import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targets, type Target } from '../../../server/src/cli/walk';
import { tempDir } from '../archive/helpers';

async function all(paths: string[], platform: NodeJS.Platform): Promise<Target[]> {
  const found: Target[] = [];
  for await (const t of targets(paths, platform)) found.push(t);
  return found;
}

describe('cli/walk', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('nhi-walk-');
    for (const name of ['3501200000_20251125_002.CSV', '3501200000_20251125_001.csv', '3501200000_20251126_001.csv', '~$3501200000_20251125_001.csv', 'notes.txt']) {
      writeFileSync(join(tmp.dir, name), 'x');
    }
    mkdirSync(join(tmp.dir, '2025-11'));
    writeFileSync(join(tmp.dir, '2025-11', '3501200000_20251101_001.csv'), 'x');
  });
  afterEach(() => tmp.cleanup());

  it('expands on Windows the wildcard patterns cmd.exe and PowerShell pass as typed: letter case aside, in name order, without Excel\'s owner files', async () => {
    assert.deepEqual((await all([`${tmp.dir}/*.csv`], 'win32')).map((t) => t.path), [
      `${tmp.dir}/3501200000_20251125_001.csv`,
      `${tmp.dir}/3501200000_20251125_002.CSV`,
      `${tmp.dir}/3501200000_20251126_001.csv`,
    ]);
    assert.deepEqual((await all([`${tmp.dir}/3501200000_2025112?_001.csv`], 'win32')).map((t) => t.path), [
      `${tmp.dir}/3501200000_20251125_001.csv`,
      `${tmp.dir}/3501200000_20251126_001.csv`,
    ]);
    assert.deepEqual((await all([`${tmp.dir}/2025-*`], 'win32')).map((t) => t.path), [join(tmp.dir, '2025-11', '3501200000_20251101_001.csv')], 'a folder matched is searched');
    mkdirSync(join(tmp.dir, '$RECYCLE.BIN'));
    writeFileSync(join(tmp.dir, '$RECYCLE.BIN', '$R0Q2ZK1.csv'), 'x');
    assert.equal((await all([`${tmp.dir}/*`], 'win32')).filter((t) => t.path.includes('RECYCLE')).length, 0, 'nor the Recycle Bin of a drive\'s root');
  });

  it('reports a pattern that matches nothing as such, and leaves patterns to the shell elsewhere', async () => {
    const [none] = await all([`${tmp.dir}/*.CSV.bak`], 'win32');
    assert.equal(none.path, `${tmp.dir}/*.CSV.bak`);
    assert.equal(none.error?.code, 'NO_MATCH');
    const [literal] = await all([`${tmp.dir}/*.csv`], 'linux');
    assert.equal(literal.error?.code, 'ENOENT', 'a POSIX shell has expanded it already: a name that holds *');
  });

  it('passes over the folders Windows keeps at a drive\'s root when searching a folder: the Recycle Bin\'s deleted CSVs, System Volume Information', async () => {
    for (const folder of ['$RECYCLE.BIN/S-1-5-21-1004', 'System Volume Information', 'RECYCLER']) {
      mkdirSync(join(tmp.dir, '2025-11', folder), { recursive: true });
    }
    writeFileSync(join(tmp.dir, '2025-11', '$RECYCLE.BIN', 'S-1-5-21-1004', '$R0Q2ZK1.csv'), 'x');
    writeFileSync(join(tmp.dir, '2025-11', 'System Volume Information', 'tracking.csv'), 'x');
    writeFileSync(join(tmp.dir, '2025-11', 'RECYCLER', 'Dc1.csv'), 'x');
    assert.deepEqual((await all([join(tmp.dir, '2025-11')], 'linux')).map((t) => t.path), [join(tmp.dir, '2025-11', '3501200000_20251101_001.csv')]);
  });

  it('gives a file named more than once once: a folder and a CSV in it, the same path written otherwise, a link to it; a missing path once', async () => {
    const file = join(tmp.dir, '3501200000_20251125_001.csv');
    symlinkSync(file, join(tmp.dir, 'link.txt'));
    const missing = join(tmp.dir, 'gone.csv');
    const found = await all([file, tmp.dir, `${tmp.dir}/./3501200000_20251125_001.csv`, join(tmp.dir, 'link.txt'), missing, missing], 'linux');
    assert.deepEqual(found.map((t) => [t.path, t.error?.code]), [
      [file, undefined],
      [join(tmp.dir, '2025-11', '3501200000_20251101_001.csv'), undefined],
      [join(tmp.dir, '3501200000_20251125_002.CSV'), undefined],
      [join(tmp.dir, '3501200000_20251126_001.csv'), undefined],
      [missing, 'ENOENT'],
    ]);
  });

  it('tells apart files of the same content: one file is known by its id, not its bytes', async () => {
    const found = await all([join(tmp.dir, '3501200000_20251125_001.csv'), join(tmp.dir, '3501200000_20251126_001.csv')], 'linux');
    assert.equal(found.length, 2);
  });
});
