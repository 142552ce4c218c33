import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoredEncoding } from '../../../server/src/core/csv/stored-encoding';
import { streamCsvFile } from '../../../server/src/core/csv/stream';
import type { Finding } from '../../../server/src/core/types';

const MiB = 1024 * 1024;
/** 二 in Big5: not UTF-8. */
const BIG5 = Buffer.from([0xa4, 0x47]);

/** Lines of ASCII up to `length` bytes, each ended by `eol`, the last one cut to fit. */
function asciiLines(length: number, eol: string, line = 'a,b,c'): Buffer {
  return Buffer.from((line + eol).repeat(Math.ceil(length / (line.length + eol.length)))).subarray(0, length);
}

async function streamedEncoding(path: string): Promise<Finding | undefined> {
  const found: Finding[] = [];
  await streamCsvFile(path, (b) => void found.push(...b.findings.filter((f) => f.ruleId === 'FILE-encoding')));
  return found[0];
}

describe('readStoredEncoding', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-stored-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, ...parts: Buffer[]): string => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat(parts));
    return path;
  };

  it('UTF-8 with and without a BOM: no encoding finding, the BOM and the line ends told', async () => {
    const crlf = { crlf: 1, lf: 0, cr: 0 };
    assert.deepEqual(await readStoredEncoding(write('bom.csv', Buffer.from('\ufeffa,b\r\n'))), { bom: true, lineEnds: crlf });
    assert.deepEqual(await readStoredEncoding(write('plain.csv', Buffer.from('a,b\r\n'))), { bom: false, lineEnds: crlf });
    assert.deepEqual(await readStoredEncoding(write('empty.csv')), { bom: false, lineEnds: { crlf: 0, lf: 0, cr: 0 } });
  });

  it('a classic Mac file over several reads, a read ending right after a CR: every lone CR counted, the first placed', async () => {
    // A BOM and a line of 12 characters, then lines of 6 bytes: the first read of 1 MiB ends with the CR of the last.
    const head = Buffer.from('\ufeffa,b,c,d,e,fg\r' + 'a,b,c\r'.repeat((MiB - 16) / 6));
    assert.deepEqual([head.length, head[MiB - 1]], [MiB, 13]);
    const stored = await readStoredEncoding(write('mac.csv', head, Buffer.from('x,y\r')));
    assert.deepEqual(stored?.lineEnds, { crlf: 0, lf: 0, cr: (MiB - 16) / 6 + 2, firstCr: { line: 0, character: 13 } });
  });

  for (const [what, eol, cut, line] of [
    ['a CRLF split between two reads', '\r\n', MiB - 1, 149797],
    ['a CR ending a read before a line without LF', '\r', MiB - 1, 174763],
    ['LF line ends', '\n', MiB, 174763],
  ] as const) {
    it(`names the line of a Big5 character as the CSV check does, after ${what}`, async () => {
      // The first read ends at 1 MiB: `cut` bytes of lines, then the rest of the line break, then Big5.
      const head = asciiLines(cut, eol);
      const path = write('big5.csv', head, Buffer.from(eol.slice(head.subarray(-1).toString() === '\r' ? 1 : 0) || ''), Buffer.from('x,'), BIG5, Buffer.from('\r\n'));
      const stored = await readStoredEncoding(path);
      const streamed = await streamedEncoding(path);
      assert.ok(stored?.encoding && streamed);
      assert.equal(stored.encoding.range.start.line, line);
      assert.deepEqual([stored.encoding.range, stored.encoding.message], [streamed.range, streamed.message]);
      assert.deepEqual(stored.encoding.message, streamed.message);
    });
  }

  it('NUL bytes past the first read (a save cut off, padded with NULs): the FILE-encoding error the CSV check gives, on its line', async () => {
    const head = asciiLines(MiB + 4096, '\r\n', 'a,b,c,d');
    const cut = head.subarray(0, head.lastIndexOf('\n') + 1);
    const path = write('padded.csv', cut, Buffer.alloc(20000));
    const stored = await readStoredEncoding(path);
    const streamed = await streamedEncoding(path);
    assert.ok(stored?.encoding && streamed);
    assert.equal(stored.encoding.range.start.line, cut.length / 9);
    assert.match(stored.encoding.message.en, /^The file is text but has NUL bytes \(0x00\) from line /);
    assert.deepEqual([stored.encoding.range, stored.encoding.message], [streamed.range, streamed.message]);
  });

  it('UTF-16 from the first bytes: FILE-encoding on line 1; a missing file: undefined', async () => {
    const stored = await readStoredEncoding(write('u16.csv', Buffer.from('\ufeffa,b\r\n', 'utf16le')));
    assert.equal(stored?.encoding?.ruleId, 'FILE-encoding');
    assert.equal(stored?.encoding?.range.start.line, 0);
    assert.equal(await readStoredEncoding(join(dir, 'missing.csv')), undefined);
  });
});
