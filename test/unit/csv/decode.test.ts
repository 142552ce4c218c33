import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  CsvByteDecoder,
  decodeBytes,
  firstInvalidUtf8,
  sniffEncoding,
} from '../../../server/src/core/csv/decode';
import { encodingFinding } from '../../../server/src/core/csv/rules';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** True when the last bytes start a multi-byte sequence the input does not finish. */
function endsInsideSequence(bytes: Uint8Array): boolean {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    return need >= back;
  }
  return false;
}

describe('decoding bytes to text', () => {
  it('accepts ASCII and UTF-8, keeping a UTF-8 BOM as U+FEFF', () => {
    assert.deepEqual(decodeBytes(utf8('a,b\n')), { ok: true, text: 'a,b\n' });
    assert.deepEqual(decodeBytes(utf8('備註,ü\n')), { ok: true, text: '備註,ü\n' });
    assert.deepEqual(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { ok: true, text: '\ufeffa' });
    assert.deepEqual(decodeBytes(new Uint8Array()), { ok: true, text: '' });
  });

  it('decodes a whole file as the chunk decoder does, the text of valid UTF-8 as Buffer decodes it', () => {
    const streamed = (bytes: Uint8Array) => {
      const decoder = new CsvByteDecoder();
      const first = decoder.push(bytes);
      if (first.problem) return { ok: false, problem: first.problem };
      const last = decoder.end();
      return last.problem ? { ok: false, problem: { ...last.problem, line: first.text.split(/\r\n|\r|\n/).length - 1 } } : { ok: true, text: first.text + last.text };
    };
    const text = fc.string({ unit: fc.constantFrom('a', ',', '\r', '\n', '\ufeff', '備', 'ü', '😀', '\u0000') });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), text.map(utf8), fc.tuple(text, fc.uint8Array({ maxLength: 4 })).map(([t, b]) => new Uint8Array([...utf8(t), ...b]))), (bytes) => {
      assert.deepEqual(decodeBytes(bytes), streamed(bytes));
    }), { numRuns: 2000 });
  });

  it('recognises UTF-16 by its BOM and by its NUL pattern', () => {
    const le = Buffer.from('\ufeffa,b\n', 'utf16le');
    assert.equal(sniffEncoding(le)?.kind, 'utf-16le');
    assert.equal(sniffEncoding(Buffer.from('3501200000,12,11411\n', 'utf16le'))?.kind, 'utf-16le');
    const be = Buffer.from('3501200000,12,11411\n', 'utf16le').swap16();
    assert.equal(sniffEncoding(be)?.kind, 'utf-16be');
    assert.equal(sniffEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))?.kind, 'utf-16be');
    assert.equal(sniffEncoding(new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))?.kind, 'utf-32le');
  });

  it('recognises binary files, naming known formats', () => {
    assert.deepEqual(sniffEncoding(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4])), {
      kind: 'binary',
      format: '7-Zip archive',
      line: 0,
    });
    assert.equal(sniffEncoding(utf8('PK\u0003\u0004rest'))?.format, 'ZIP archive (e.g. an Excel .xlsx workbook)');
    const dicom = new Uint8Array(200);
    dicom.set(utf8('DICM'), 128);
    assert.equal(sniffEncoding(dicom)?.format, 'DICOM file');
    assert.deepEqual(sniffEncoding(new Uint8Array([1, 2, 3, 0, 0, 9, 200, 0, 5])), { kind: 'binary', line: 0 });
    const controls = new Uint8Array(100).fill(0x61);
    for (let i = 0; i < 10; i++) controls[i * 10] = 0x02;
    assert.equal(sniffEncoding(controls)?.kind, 'binary');
  });

  it('calls text with NUL bytes in it or after its last line text with NUL bytes, not binary data, and names the line', () => {
    // A NUL typed into a value on line 2, and a save cut off: the end of the file's space never written.
    const inValue = Buffer.concat([utf8('a,b\r\nc,'), Buffer.from([0]), utf8('d\r\n')]);
    assert.deepEqual(sniffEncoding(inValue), { kind: 'nul-text', line: 1, character: 2 });
    const padded = Buffer.concat([utf8('a,b\r\nc,d\r\n'), Buffer.alloc(50)]);
    assert.deepEqual(sniffEncoding(padded), { kind: 'nul-text', line: 2, character: 0 });
    // The column counts UTF-16 code units as an editor does (a Chinese character one, 𠀋 two), on line 1 after a BOM.
    assert.deepEqual(sniffEncoding(Buffer.concat([utf8('\ufeff備𠀋,'), Buffer.from([0]), utf8('\n')])), { kind: 'nul-values', line: 0, character: 4 });
    assert.deepEqual(encodingFinding({ kind: 'nul-text', line: 1, character: 2 }).range, { start: { line: 1, character: 2 }, end: { line: 1, character: 3 } });
    // Lines ending in a lone CR (Excel for Mac) are lines as the editor shows them; bcp's NUL at a line's start after one is a value.
    assert.deepEqual(sniffEncoding(Buffer.concat([utf8('a,b\rc,d\r\ne,'), Buffer.from([0]), utf8('f\r')])), { kind: 'nul-text', line: 2, character: 2 });
    assert.deepEqual(sniffEncoding(Buffer.concat([utf8('a,b\rc,d\r'), Buffer.from([0]), utf8(',f\r')])), { kind: 'nul-values', line: 2, character: 0 });
    const f = encodingFinding({ kind: 'nul-text', line: 2 });
    assert.match(f.message.en, /^The file is text but has NUL bytes \(0x00\) from line 3/);
    assert.doesNotMatch(f.message.en, /binary/);
    assert.match(f.message['zh-TW'], /^檔案是文字，但第 3 行起有 NUL 字元（0x00）/);
  });

  it('names NUL bytes past the first 64 KiB as it names them within: in one piece (fix) and in chunks (check), on their line', () => {
    const lines = 'a,b,c\r\n'.repeat(20000); // 140,000 bytes, 20,000 lines
    const late = (tail: Buffer) => Buffer.concat([utf8(lines), tail]);
    for (const [what, bytes, expected] of [
      ['a save cut off', late(Buffer.alloc(5000)), { kind: 'nul-text', line: 20000, character: 0 }],
      ['a NUL in a value', late(Buffer.concat([utf8('x,y'), Buffer.from([0]), utf8('z\r\n')])), { kind: 'nul-text', line: 20000, character: 3 }],
      ['bcp\'s NUL for an empty string', late(Buffer.concat([utf8('x,'), Buffer.from([0]), utf8(',z\r\n')])), { kind: 'nul-values', line: 20000, character: 2 }],
      // Its line begun in the chunk before the NUL's: the column counts from the line's start there.
      ['a NUL in a line that spans two chunks', Buffer.concat([utf8(lines.slice(0, 65530)), utf8('備,abcdefgh'), Buffer.from([0]), utf8('\r\n')]),
        { kind: 'nul-text', line: 9361, character: 13 }],
    ] as const) {
      const whole = decodeBytes(bytes);
      assert.deepEqual(whole.ok ? undefined : whole.problem, expected, what);
      for (const size of [64 * 1024, 70001]) {
        const decoder = new CsvByteDecoder();
        let lineCount = 0;
        let problem;
        for (let at = 0; at < bytes.length && !problem; at += size) {
          const piece = decoder.push(bytes.subarray(at, at + size));
          if (piece.problem) problem = { ...piece.problem, line: piece.problem.line + lineCount };
          lineCount += piece.text.split('\n').length - 1;
        }
        assert.deepEqual(problem, expected, `${what}, chunks of ${size}`);
      }
    }
  });

  it('does not call text with tabs, form feeds and one stray control character binary', () => {
    const text = utf8(`a\tb\fc\u0001${'x,'.repeat(300)}\r\n`);
    assert.equal(sniffEncoding(text), null);
  });

  it('calls bad bytes after good UTF-8 text damage, not another encoding, in one chunk or across chunks', () => {
    const damaged = Buffer.concat([utf8('a,「全形」\nc,d\n'), Buffer.from([0xc0, 0xaf]), utf8(',x\n')]);
    assert.deepEqual(decodeBytes(damaged), { ok: false, problem: { kind: 'damaged-utf8', line: 2, character: 0 } });
    const decoder = new CsvByteDecoder();
    decoder.push(utf8('a,「全形」\n'.padEnd(5000, 'x') + '\n'));
    assert.equal(decoder.push(Buffer.from([0x41, 0xed, 0xa0, 0x80, 0x0a])).problem?.kind, 'damaged-utf8');
    // A character cut between the chunks before the damage is a character: the damage is named where it stands, after it.
    const cut = new CsvByteDecoder();
    const before = utf8('a,b\n'.padEnd(5000, 'x') + '\nc,備');
    assert.equal(cut.push(before.subarray(0, before.length - 2)).problem, undefined);
    const rest = cut.push(Buffer.concat([before.subarray(before.length - 2), utf8('\nab'), Buffer.from([0xff]), utf8('\n')]));
    assert.deepEqual(rest.problem, { kind: 'damaged-utf8', line: 1, character: 2 });
    assert.equal(rest.text, '備\nab');
    const f = encodingFinding({ kind: 'damaged-utf8', line: 2 });
    assert.match(f.message.en, /^The file is UTF-8 but has bytes that are not valid UTF-8 from line 3/);
    assert.match(f.message['zh-TW'], /檔案是 UTF-8，但第 3 行起有不合 UTF-8 的位元組/);
  });

  it('calls a UTF-8 file cut inside its last character damage on its last line, and a lone 8-bit byte at the end another encoding', () => {
    const text = utf8('a,「全形」\nc,備');
    assert.deepEqual(decodeBytes(text.subarray(0, text.length - 1)), { ok: false, problem: { kind: 'damaged-utf8', line: 1 } });
    const latin1End = Buffer.concat([utf8('a,b\ncaf'), Buffer.from([0xe9])]);
    assert.deepEqual(decodeBytes(latin1End), { ok: false, problem: { kind: 'legacy-8bit', line: 1 } });
    // A character split between two chunks is no damage.
    const decoder = new CsvByteDecoder();
    const split = utf8('a,b\nc,備\n');
    assert.equal(decoder.push(split.subarray(0, 7)).problem, undefined);
    assert.equal(decoder.push(split.subarray(7)).problem, undefined);
    assert.deepEqual(decoder.end(), { text: '' });
  });

  it('names Big5 bytes and the line where they start', () => {
    const big5 = Buffer.concat([utf8('a,b\nc,d\n'), Buffer.from([0xb0, 0xb7, 0xab, 0x4f]), utf8(',x\n')]);
    const res = decodeBytes(big5);
    assert.deepEqual(res, { ok: false, problem: { kind: 'big5', line: 2 } });
    const latin1 = Buffer.concat([utf8('caf'), Buffer.from([0xe9]), utf8(',x\n')]);
    assert.deepEqual(decodeBytes(latin1), { ok: false, problem: { kind: 'legacy-8bit', line: 0 } });
  });

  it('finds the first byte that breaks UTF-8, and none in valid or cut-off text', () => {
    assert.equal(firstInvalidUtf8(utf8('abc備')), -1);
    assert.equal(firstInvalidUtf8(utf8('abc備').subarray(0, 5)), -1);
    assert.equal(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(new Uint8Array([0x61, 0x62, 0x80])), 2);
  });

  it('agrees with the platform decoder on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        const at = firstInvalidUtf8(bytes);
        if (valid) assert.equal(at, -1);
        else assert.ok(at >= 0 || endsInsideSequence(bytes));
        const res = decodeBytes(bytes);
        if (!valid) assert.equal(res.ok, false);
        else assert.equal(res.ok, sniffEncoding(bytes) === null);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes in chunks, with multi-byte characters cut between chunks', () => {
    const bytes = utf8('備註,醫令\n'.repeat(3));
    const decoder = new CsvByteDecoder();
    let text = '';
    for (let i = 0; i < bytes.length; i += 5) text += decoder.push(bytes.subarray(i, i + 5)).text;
    text += decoder.end().text;
    assert.equal(text, '備註,醫令\n'.repeat(3));
  });

  it('gives one bilingual file-level finding naming the encoding', () => {
    const f = encodingFinding({ kind: 'utf-16le', line: 0 });
    assert.equal(f.ruleId, 'FILE-encoding');
    assert.equal(f.severity, 'error');
    assert.equal(f.row, null);
    assert.equal(f.field, null);
    assert.match(f.message.en, /UTF-16 little-endian/);
    assert.match(f.message['zh-TW'], /UTF-16/);
    assert.match(encodingFinding({ kind: 'big5', line: 4 }).message['zh-TW'], /第 5 行起的編碼是 Big5/);
    // How to save UTF-8 where these files are usually edited.
    assert.match(encodingFinding({ kind: 'big5', line: 0 }).message['zh-TW'], /Excel：另存新檔 → CSV UTF-8/);
    assert.match(encodingFinding({ kind: 'legacy-8bit', line: 0 }).message.en, /in Excel: Save As → CSV UTF-8 \(Comma delimited\)/);
    assert.match(encodingFinding({ kind: 'binary', format: '7-Zip archive', line: 0 }).message.en, /binary data, not text \(7-Zip archive\)/);
  });

  it('says "not UTF-8" once for an encoding it cannot name', () => {
    const f = encodingFinding({ kind: 'legacy-8bit', line: 17 });
    assert.match(f.message.en, /^The file is not UTF-8 from line 18; save it as UTF-8 /);
    assert.match(f.message['zh-TW'], /^檔案第 18 行起不是 UTF-8 編碼；請以 UTF-8 另存/);
  });
});
