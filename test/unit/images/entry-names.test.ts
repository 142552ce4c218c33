import { strict as assert } from 'node:assert';
import { unsafeEntryName } from '../../../server/src/core/images/inspect';
import type { ArchiveEntry } from '../../../server/src/core/archive/types';

/** The three tests unsafeEntryName makes, one by one. */
function byRules(name: string, isSymlink: boolean): string | null {
  if (isSymlink) return 'is a symbolic link';
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (/(^|[\\/])\.\.([\\/]|$)/.test(name)) return 'contains ".."';
  return null;
}

describe('unsafe entry names', () => {
  it('gives the same answer as the rules one by one (random names)', () => {
    const pieces = ['/', '\\', '..', '.', 'C:', 'c', ':', 'IM1', '...', 'a..b', ' '];
    let seed = 11;
    const pick = () => pieces[((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % pieces.length];
    let unsafe = 0;
    for (let i = 0; i < 20000; i++) {
      const name = Array.from({ length: 1 + (i % 6) }, pick).join('');
      const isSymlink = i % 97 === 0;
      const expected = byRules(name, isSymlink);
      if (expected) unsafe++;
      const entry = { name, rawName: name, isSymlink } as unknown as ArchiveEntry;
      assert.equal(unsafeEntryName(entry)?.en ?? null, expected, JSON.stringify(name));
    }
    assert.ok(unsafe > 1000 && unsafe < 19000, `${unsafe} of 20000 names unsafe`);
  });
});
