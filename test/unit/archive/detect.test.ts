import { strict as assert } from 'node:assert';
import { detectArchiveKind, kindFromFileName } from '../../../server/src/core/archive';

describe('archive: detectArchiveKind', () => {
  const cases: Array<[string, number[], string]> = [
    ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4], '7z'],
    ['CAB', [0x4d, 0x53, 0x43, 0x46, 0, 0, 0, 0], 'cab'],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 20, 0], 'zip'],
    ['RAR', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00], 'rar'],
    ['gzip', [0x1f, 0x8b, 8, 0], 'gzip'],
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz'],
    ['DICOM preamble', [0, 0, 0, 0, 0, 0, 0, 0], 'unknown'],
    ['nothing', [], 'empty'],
    ['a 7z signature cut short', [0x37, 0x7a, 0xbc], 'unknown'],
  ];
  for (const [what, bytes, kind] of cases) {
    it(`names ${what} as ${kind}`, () => assert.equal(detectArchiveKind(Uint8Array.from(bytes)), kind));
  }

  it('reads the kind a file name promises, in any case', () => {
    assert.equal(kindFromFileName('DCF3501200000_000000000001.7z'), '7z');
    assert.equal(kindFromFileName('DCF3501200000_000000000001.CAB'), 'cab');
    assert.equal(kindFromFileName('x.cab'), 'cab');
    assert.equal(kindFromFileName('x.zip'), null);
  });
});
