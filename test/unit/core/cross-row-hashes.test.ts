/**
 * The cross-row index hashes an archive name in ASCII in one pass, without building the strings it stands for:
 * the numbers must be those of hashing the strings (caseKeyOf(name), the name, the name in upper case).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeArchive, encodeAsciiArchive, ENCODED_FIELDS } from '../../../server/src/core/rules/row-record';

function byStrings(name: string): number[] {
  const rec = new Int32Array(ENCODED_FIELDS);
  encodeArchive(name, rec, 0);
  return [...rec];
}

function inOnePass(name: string): number[] | undefined {
  const rec = new Int32Array(ENCODED_FIELDS);
  return encodeAsciiArchive(name, rec, 0) ? [...rec] : undefined;
}

describe('cross-row archive hashes in one pass', () => {
  it('equal those of the strings for names of every shape', () => {
    const names = [
      'DCF3501200000_123456789012.CAB', 'ATT3501200000_123456789012.7z', 'dcf3501200000_abcdefghijkl.cab', 'AtT1.7Z', 'DCF.CAB', 'DCFx.CAB',
      'DCF1.7z', 'DCF.7z', 'XYZ3501200000_123456789012.CAB', 'DCF3501200000_123456789012.zip', 'DCF12\n34.CAB', 'DCF12\r.7z', 'DCFA.CAB.CAB', 'a', '',
    ];
    for (const name of names) assert.deepEqual(inOnePass(name), byStrings(name), name);
    const part = fc.constantFrom('DCF', 'dcf', 'ATT', 'aTt', 'A', '_', '1', 'z', '.', '.CAB', '.cab', '.7z', '.7Z', '\n', '\r', ' ');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const name = parts.join('');
        assert.deepEqual(inOnePass(name), byStrings(name));
      }),
      { numRuns: 5000, seed: 20261127 },
    );
  });

  it('leave names with characters beyond ASCII to the strings', () => {
    assert.equal(inOnePass('DCFａ.CAB'), undefined);
    assert.equal(inOnePass('DCFß.CAB'), undefined);
  });
});
