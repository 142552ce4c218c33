import { strict as assert } from 'node:assert';
import { CharacterSetError, decoderFor } from '../../../server/src/core/dicom/charset';

/** Bytes from text (latin1 for ASCII and raw bytes) with ESC written as "~E". */
const b = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p.replace(/~E/g, '\x1b'), 'latin1')] : p)));

describe('dicom/charset', () => {
  it('decodes single-byte sets with and without code extensions', () => {
    assert.equal(decoderFor('ISO_IR 100')(b('M', [0xfc], 'ller')), 'Müller');
    assert.equal(decoderFor('ISO 2022 IR 100')(b('M', [0xfc], 'ller^J', [0xfc], 'rgen')), 'Müller^Jürgen');
    assert.equal(decoderFor('ISO_IR 144')(b([0xbb, 0xee, 0xda, 0xe1, 0xd5, 0xdc, 0xd1, 0xe3, 0xe0, 0xd3])), 'Люксембург');
    assert.equal(decoderFor('ISO_IR 192')(Buffer.from('陳^大文')), '陳^大文');
    assert.equal(decoderFor('')(b('ABC')), 'ABC');
  });

  // WHATWG's "iso-8859-1" is windows-1252: UTF-8 bytes declared ISO_IR 100 read as "çŽ‹" and passed for text.
  it('gives U+FFFD for 80H-9FH in the ISO 8859 sets and TIS 620, C1 control codes that are no text, with and without code extensions', () => {
    const wang = b([0xe7, 0x8e, 0x8b]);
    // Without code extensions such bytes in well-formed UTF-8 are UTF-8 declared as the set: each byte above 7FH is U+FFFD.
    for (const set of ['ISO_IR 100', 'ISO_IR 148', 'ISO_IR 166', 'ISO_IR 101']) assert.equal(decoderFor(set)(wang), '\ufffd\ufffd\ufffd', set);
    assert.equal(decoderFor('\\ISO 2022 IR 100')(wang), 'ç\ufffd\ufffd');
    assert.equal(decoderFor('ISO 2022 IR 100')(b('~E-A', [0x80, 0xe9])), '\ufffdé');
    assert.equal(decoderFor('ISO_IR 100')(b([0xa0, 0xff])), '\u00a0ÿ');
    assert.equal(decoderFor('ISO_IR 192')(wang), '王');
  });

  it('decodes Japanese with ISO 2022 IR 87 and IR 13 (PS3.5 Annex H)', () => {
    const kanji = b('Yamada^Tarou=~E$B', [0x3b, 0x33, 0x45, 0x44], '~E(B^~E$B', [0x42, 0x40, 0x4f, 0x3a], '~E(B=~E$B', [0x24, 0x64, 0x24, 0x5e, 0x24, 0x40], '~E(B^~E$B', [0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26], '~E(B');
    assert.equal(decoderFor('\\ISO 2022 IR 87')(kanji), 'Yamada^Tarou=山田^太郎=やまだ^たろう');
    const kana = b([0xd4, 0xcf, 0xc0, 0xde], '^', [0xc0, 0xdb, 0xb3], '=~E$B', [0x3b, 0x33, 0x45, 0x44], '~E(J^~E$B', [0x42, 0x40, 0x4f, 0x3a], '~E(J');
    assert.equal(decoderFor('ISO 2022 IR 13\\ISO 2022 IR 87')(kana), 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎');
  });

  it('decodes Korean with ISO 2022 IR 149 and Chinese with ISO 2022 IR 58 (PS3.5 Annexes I, J)', () => {
    const korean = b('Hong^Gildong=~E$)C', [0xfb, 0xf3], '^~E$)C', [0xd1, 0xce, 0xd4, 0xd7], '=~E$)C', [0xc8, 0xab], '^~E$)C', [0xb1, 0xe6, 0xb5, 0xbf]);
    assert.equal(decoderFor('\\ISO 2022 IR 149')(korean), 'Hong^Gildong=洪^吉洞=홍^길동');
    const chinese = b('Zhang^XiaoDong=~E$)A', [0xd5, 0xc5], '^~E$)A', [0xd0, 0xa1, 0xb6, 0xab], '=');
    assert.equal(decoderFor('\\ISO 2022 IR 58')(chinese), 'Zhang^XiaoDong=张^小东=');
  });

  it('decodes a run of one set longer than a call takes arguments', () => {
    const long = 'A'.repeat(300_000);
    assert.equal(decoderFor('ISO 2022 IR 100')(b(long, [0xfc])), long + 'ü');
    assert.equal(decoderFor('\\ISO 2022 IR 13')(b(long)), long);
  });

  it('refuses a term DICOM does not define rather than read it as UTF-8', () => {
    assert.throws(() => decoderFor('ISO_IR 999'), (e: unknown) => e instanceof CharacterSetError && !e.unsupported && e.term === 'ISO_IR 999');
    assert.throws(() => decoderFor('\\ISO 2022 IR 87\\KLINGON'), CharacterSetError);
    assert.throws(() => decoderFor('ISO_IR 100\\ISO_IR 192'), CharacterSetError);
  });
});
