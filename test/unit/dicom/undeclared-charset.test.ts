/**
 * Text with bytes above 7FH in a file whose Specific Character Set (0008,0005) names no set beyond the default
 * repertoire (absent, empty or ISO_IR 6, or only a term DICOM does not define, such as BIG5): PS3.5 §6.1.2.1 makes such a value ASCII, so those bytes are an encoding
 * fault of the source (an older Taiwanese PACS writing Big5 without declaring it). The check warns of the first such
 * value (A14-dicom-encoding), in every transfer syntax and either reader; the build refuses to guess it into the
 * DICOMDIR (docs/decisions/undeclared-character-set.md).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decoderFor, utf8AsSingleByteReading } from '../../../server/src/core/dicom/charset';
import { DicomScanError, scanDicomHeader } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { readDicomHeader } from '../../../server/src/core/dicom/read';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { RULE_FOR_PROBLEM } from '../../../server/src/core/archive/rules';
import { makeInstance } from '../../fixtures/dicom';

/** 王小明 in Big5 (CP950), as such a PACS writes Patient's Name. */
const BIG5_NAME = Buffer.from('a4fda470a9fa', 'hex');

/** An instance whose Patient's Name holds `bytes`, with (0008,0005) `charset` (undefined: none). */
function withNameBytes(bytes: Buffer, charset?: string, transferSyntax: string = TS.ExplicitVRLittleEndian): Buffer {
  const placeholder = 'Q'.repeat(bytes.length);
  const set = charset === undefined ? { omit: [TAG.SpecificCharacterSet] } : { extra: [{ tag: TAG.SpecificCharacterSet, vr: 'CS' as const, value: charset }] };
  const file = Buffer.from(makeInstance({ transferSyntax, patientName: placeholder, ...set }).bytes);
  const at = file.indexOf(placeholder, 132, 'latin1');
  assert.ok(at > 0);
  bytes.copy(file, at);
  return file;
}

const undeclared = (file: Uint8Array, options = {}) => readDicomHeader(file, options).problems.filter((p) => p.code === 'undeclared-charset');

describe('dicom: text above ASCII without a declared character set', () => {
  it('is reported by the check under A14-dicom-encoding, a warning, naming the element, its bytes and their Big5 reading', () => {
    assert.equal(RULE_FOR_PROBLEM['undeclared-charset'], 'A14-dicom-encoding');
    const file = withNameBytes(BIG5_NAME);
    const [p] = undeclared(file);
    assert.ok(p, 'reported');
    assert.equal(p.severity, 'warning');
    assert.match(p.message.en, /^element \(0010,0010\) at byte \d+ holds bytes above 7FH \(A4 FD A4 70 A9 FA\), but Specific Character Set \(0008,0005\) names no character set beyond ASCII, its default repertoire \(PS3\.5 §6\.1\.2\.1\): readers cannot know its text \(read as Big5 \(CP950\): "王小明"\)$/);
    assert.match(p.message['zh-TW'], /^位元組 \d+ 的資料元素 \(0010,0010\) 含大於 7FH 的位元組（A4 FD A4 70 A9 FA），Specific Character Set \(0008,0005\) 卻未宣告 ASCII 以外的字元集/);
    assert.ok(p.message['zh-TW'].includes('以 Big5（CP950）讀為「王小明」'), p.message['zh-TW']);
  });

  for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
    it(`is found in ${ts} by the quick and the full read, and in a data set read`, () => {
      const file = withNameBytes(BIG5_NAME, undefined, ts);
      for (const options of [{}, { untilPixelData: false }, { dataSet: true }, { walker: false }]) assert.equal(undeclared(file, options).length, 1, JSON.stringify(options));
    });
  }

  it('is found with ISO_IR 6 declared too, and counts the other values', () => {
    assert.equal(undeclared(withNameBytes(BIG5_NAME, 'ISO_IR 6')).length, 1);
    const two = Buffer.from(makeInstance({ patientName: 'QQQQQQ', omit: [TAG.SpecificCharacterSet], extra: [{ tag: TAG.StudyDescription, vr: 'LO', value: 'RRRR' }] }).bytes);
    Buffer.from('a4fda470a9fa', 'hex').copy(two, two.indexOf('QQQQQQ', 132, 'latin1'));
    Buffer.from('afddb3a1', 'hex').copy(two, two.indexOf('RRRR', 132, 'latin1'));
    const [p] = undeclared(two);
    assert.match(p.message.en, /^element \(0008,1030\) at byte .*; so does 1 more value$/);
  });

  it('is not reported of a declared set, of ISO 2022 code extensions, or of ASCII text', () => {
    assert.deepEqual(undeclared(withNameBytes(Buffer.from('王^小明', 'utf8'), 'ISO_IR 192')), []);
    assert.deepEqual(undeclared(withNameBytes(Buffer.from('M\xfcller', 'latin1'), 'ISO_IR 100')), []);
    assert.deepEqual(undeclared(withNameBytes(Buffer.from('1b242943c8ab', 'hex'), '\\ISO 2022 IR 149')), []);
    assert.deepEqual(undeclared(withNameBytes(Buffer.from('WANG^XM', 'latin1'))), []);
  });

  it('is not judged inside items that declare another set of their own (as DICOMDIR records do)', () => {
    // The fixture's encoder writes text in UTF-8.
    const item = [{ tag: TAG.SpecificCharacterSet, vr: 'CS' as const, value: 'ISO_IR 192' }, { tag: TAG.PatientName, vr: 'PN' as const, value: '王^小明' }];
    const file = makeInstance({ omit: [TAG.SpecificCharacterSet], extra: [{ tag: 0x00081110, vr: 'SQ', value: [item] }] }).bytes;
    assert.ok(Buffer.from(file).includes(Buffer.from('王', 'utf8')), 'the item holds the name');
    for (const options of [{}, { untilPixelData: false }, { dataSet: true }, { walker: false }]) assert.deepEqual(undeclared(file, options), [], JSON.stringify(options));
  });

  /** An instance whose Procedure Code Sequence item holds `tag` with `bytes`; `item`: its own (0008,0005), `charset`: the data set's (undefined: none). */
  function withItemBytes(tag: number, vr: 'PN' | 'LO', bytes: Buffer, options: { charset?: string; item?: string; transferSyntax?: string; nested?: true } = {}): Buffer {
    const placeholder = 'Q'.repeat(bytes.length);
    const own = options.item === undefined ? [] : [{ tag: TAG.SpecificCharacterSet, vr: 'CS' as const, value: options.item }];
    const inner = [{ tag, vr, value: placeholder }];
    const item = options.nested ? [...own, { tag: 0x00081032, vr: 'SQ' as const, value: [inner] }] : [...own, ...inner];
    const set = options.charset === undefined ? { omit: [TAG.SpecificCharacterSet] } : { extra: [{ tag: TAG.SpecificCharacterSet, vr: 'CS' as const, value: options.charset }] };
    const extra = [...(set.extra ?? []), { tag: 0x00081032, vr: 'SQ' as const, value: [item] }];
    const file = Buffer.from(makeInstance({ transferSyntax: options.transferSyntax ?? TS.ExplicitVRLittleEndian, omit: set.omit, extra }).bytes);
    const at = file.indexOf(placeholder, 132, 'latin1');
    assert.ok(at > 0);
    bytes.copy(file, at);
    return file;
  }
  const READS = [{}, { untilPixelData: false }, { dataSet: true }, { walker: false }];

  // Older Taiwanese systems declare their Big5 so; dciodvfy holds the value to the default repertoire, as for no set at all.
  for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
    it(`is found in ${ts} under a term DICOM does not define (BIG5), by every read, naming the term`, () => {
      for (const charset of ['BIG5', 'ISO_IR 999', 'ISO 2022 IR 6\\BIG5']) {
        for (const options of [{}, { untilPixelData: false }, { dataSet: true }, { walker: false }]) {
          const why = `${charset} ${JSON.stringify(options)}`;
          const [p, ...more] = undeclared(withNameBytes(BIG5_NAME, charset, ts), options);
          assert.deepEqual(more, [], why);
          const term = charset.split('\\').pop()!;
          assert.equal(p?.message.en.replace(/byte \d+/, 'byte N'), `element (0010,0010) at byte N holds bytes above 7FH (A4 FD A4 70 A9 FA), but Specific Character Set (0008,0005) is "${term}", a term DICOM does not define (PS3.3 C.12.1.1.2), which leaves its text to ASCII, the default repertoire (PS3.5 §6.1.2.1): readers cannot know its text (read as Big5 (CP950): "王小明")`, why);
          assert.ok(p.message['zh-TW'].includes(`卻是 DICOM 未定義的「${term}」`), why);
        }
      }
      // ASCII text under it is no finding, nor Big5 bytes in an item that declares a set DICOM defines.
      assert.deepEqual(undeclared(withNameBytes(Buffer.from('WANG^XM', 'latin1'), 'BIG5', ts)), []);
      for (const options of READS) assert.deepEqual(undeclared(withItemBytes(TAG.PatientName, 'PN', Buffer.from('M\xfcller', 'latin1'), { charset: 'BIG5', item: 'ISO_IR 100', transferSyntax: ts }), options), [], JSON.stringify(options));
    });
  }

  // ISO_IR 192, GB18030 and GBK are defined for (0008,0005) alone; dciodvfy calls UTF-8 under ISO_IR 192\GB18030 invalid for the repertoire.
  it('is found under a term DICOM defines only alone written beside another (ISO_IR 192\\GB18030), saying so, by every read', () => {
    for (const options of READS) {
      const [p, ...more] = undeclared(withNameBytes(Buffer.from('王^小明', 'utf8'), 'ISO_IR 192\\GB18030'), options);
      assert.deepEqual(more, [], JSON.stringify(options));
      assert.match(p?.message.en ?? '', /^element \(0010,0010\) at byte \d+ holds bytes above 7FH \(E7 8E 8B 5E E5 B0 8F E6 98 8E\), but Specific Character Set \(0008,0005\) holds "ISO_IR 192" beside other values, though it may only stand alone, without code extensions \(PS3\.3 C\.12\.1\.1\.2\), which leaves its text to ASCII, the default repertoire \(PS3\.5 §6\.1\.2\.1\): readers cannot know its text$/, JSON.stringify(options));
      assert.ok(p.message['zh-TW'].includes('的「ISO_IR 192」只能單獨使用'), p.message['zh-TW']);
    }
  });

  it('is found in an item that declares a term DICOM does not define, under a data set in UTF-8', () => {
    for (const options of READS) assert.equal(undeclared(withItemBytes(TAG.PatientName, 'PN', BIG5_NAME, { charset: 'ISO_IR 192', item: 'BIG5' }), options).length, 1, JSON.stringify(options));
  });

  for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
    it(`is found in ${ts} in an item without a set of its own, which takes the data set's (PS3.5 §7.5.3), by every read`, () => {
      const file = withItemBytes(TAG.PatientName, 'PN', BIG5_NAME, { transferSyntax: ts });
      for (const options of READS) {
        const [p, ...more] = undeclared(file, options);
        assert.deepEqual(more, [], JSON.stringify(options));
        assert.match(p?.message.en ?? '', /^element \(0010,0010\) at byte \d+ holds bytes above 7FH \(A4 FD A4 70 A9 FA\)/, JSON.stringify(options));
      }
    });
  }

  it('names a Code Meaning in Big5 inside an item, as dciodvfy does, and counts it with the data set\'s own', () => {
    for (const options of READS) {
      assert.match(undeclared(withItemBytes(0x00080104, 'LO', BIG5_NAME), options)[0]?.message.en ?? '', /^element \(0008,0104\) at byte \d+ .*"王小明"\)$/, JSON.stringify(options));
    }
    const both = withItemBytes(0x00080104, 'LO', BIG5_NAME);
    const name = both.indexOf('WANG^DA MING', 132, 'latin1');
    assert.ok(name > 0, 'the fixture\'s name');
    both[name] = 0xa4;
    for (const options of READS) assert.match(undeclared(both, options)[0]?.message.en ?? '', /; so does 1 more value$/, JSON.stringify(options));
  });

  it('judges an item by the set it declares: ISO_IR 6 under an ISO_IR 192 data set is found, another set is not, and a nested item takes its item\'s', () => {
    for (const options of READS) {
      const why = JSON.stringify(options);
      assert.equal(undeclared(withItemBytes(TAG.PatientName, 'PN', BIG5_NAME, { charset: 'ISO_IR 192', item: 'ISO_IR 6' }), options).length, 1, why);
      assert.equal(undeclared(withItemBytes(TAG.PatientName, 'PN', BIG5_NAME, { charset: 'ISO_IR 192', item: 'ISO_IR 6', nested: true }), options).length, 1, why);
      assert.equal(undeclared(withItemBytes(TAG.PatientName, 'PN', BIG5_NAME, { charset: 'ISO_IR 192' }), options).length, 0, why);
      assert.equal(undeclared(withItemBytes(TAG.PatientName, 'PN', Buffer.from('M\xfcller', 'latin1'), { item: 'ISO_IR 100' }), options).length, 0, why);
      assert.equal(undeclared(withItemBytes(TAG.PatientName, 'PN', Buffer.from('M\xfcller', 'latin1'), { item: 'ISO_IR 100', nested: true }), options).length, 0, why);
    }
  });

  it('is not judged in the meta group, which (0008,0005) does not govern, by either reader', () => {
    const file = Buffer.from(makeInstance({ omit: [TAG.SpecificCharacterSet] }).bytes);
    // Implementation Version Name (0002,0013) SH: its first byte made 80H, as a flipped bit does.
    const at = file.indexOf(Buffer.from([0x02, 0x00, 0x13, 0x00, 0x53, 0x48]), 132);
    assert.ok(at > 0);
    file[at + 8] = 0x80;
    for (const options of [{}, { untilPixelData: false }, { dataSet: true }, { walker: false }]) assert.deepEqual(undeclared(file, options), [], JSON.stringify(options));
  });

  it('is not read as windows-1252 by the decoder of the default repertoire', () => {
    // 70H, the second byte of 小, is ASCII p.
    assert.equal(decoderFor('')(BIG5_NAME), '\ufffd\ufffd\ufffdp\ufffd\ufffd');
    assert.equal(decoderFor('ISO_IR 6')(Buffer.from('AB\xe9', 'latin1')), 'AB\ufffd');
  });

  it('gives the build its refusal naming the file, the element, the bytes and what to do, whatever the severities (raised where it writes the DICOMDIR)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-undeclared-'));
    try {
      const path = join(dir, 'big5.dcm');
      writeFileSync(path, withNameBytes(BIG5_NAME));
      for (const severities of [{}, { 'A14-dicom-encoding': 'off' as const }] as Record<string, 'off'>[]) {
        const info = await scanDicomHeader(path, severities);
        assert.equal(info.patientName, '\ufffd\ufffd\ufffdp\ufffd\ufffd', 'read as ASCII, not as windows-1252');
        {
          const e = info.textRefusal;
          assert.ok(e instanceof DicomScanError);
          assert.equal(e.whole?.en, `${path}: Patient's Name (0010,0010) holds bytes above 7FH (A4 FD A4 70 A9 FA), but Specific Character Set (0008,0005) names no character set beyond ASCII, its default repertoire (PS3.5 §6.1.2.1), so its text cannot be known (read as Big5 (CP950): "王小明"); the build writes no guessed text into the DICOMDIR. Export the file again from the PACS in UTF-8 (ISO_IR 192), or write its text in UTF-8 and declare it (e.g. dcmodify -i "(0008,0005)=ISO_IR 192" -m "(0010,0010)=…"), then build again`);
          assert.ok(e.whole?.['zh-TW'].startsWith(`${path}：Patient's Name (0010,0010) 含大於 7FH 的位元組（A4 FD A4 70 A9 FA）`), e.whole?.['zh-TW']);
        }
      }
      // Declared and in UTF-8, it is listed as written.
      writeFileSync(path, withNameBytes(Buffer.from('王^小明', 'utf8'), 'ISO_IR 192'));
      const utf8 = await scanDicomHeader(path);
      assert.equal(utf8.patientName, '王^小明');
      assert.equal(utf8.textRefusal, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A system that labels its Big5 as UTF-8: the build wrote the decoder's U+FFFD for each bad byte into its DICOMDIR.
  it('gives the build its refusal of a value whose bytes are no text in the set declared (Big5 under ISO_IR 192), naming the set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-invalid-text-'));
    try {
      const path = join(dir, 'big5-as-utf8.dcm');
      for (const [charset, bytes, hex, reading] of [['ISO_IR 192', BIG5_NAME, 'A4 FD A4 70 A9 FA', ' (read as Big5 (CP950): "王小明")'], ['ISO 2022 IR 6\\ISO 2022 IR 149', BIG5_NAME, 'A4 FD A4 70 A9 FA', ' (read as Big5 (CP950): "王小明")']] as const) {
        writeFileSync(path, withNameBytes(bytes, charset));
        const e = (await scanDicomHeader(path)).textRefusal;
        assert.ok(e instanceof DicomScanError, charset);
        assert.equal(e.whole?.en, `${path}: Patient's Name (0010,0010) holds bytes above 7FH (${hex}), but Specific Character Set (0008,0005) declares "${charset}", in which these bytes are no text (PS3.5 §6.1.2.3), so its text cannot be known${reading}; the build writes no guessed text into the DICOMDIR. Export the file again from the PACS in UTF-8 (ISO_IR 192), or write its text in UTF-8 and declare it (e.g. dcmodify -i "(0008,0005)=ISO_IR 192" -m "(0010,0010)=…"), then build again`);
        assert.ok(e.whole?.['zh-TW'].includes(`宣告的是「${charset}」，這些位元組在該字元集中並非文字`), e.whole?.['zh-TW']);
      }
      // Text each set gives characters to is listed as written.
      // U+FFFD written in UTF-8 (EF BF BD) or GB18030 (84 31 A4 37) is text: a conversion puts it where a character had no Unicode one (造字).
      for (const [bytes, charset, name] of [[Buffer.from('王^小明', 'utf8'), 'ISO_IR 192', '王^小明'], [Buffer.from('王^小\ufffd', 'utf8'), 'ISO_IR 192', '王^小\ufffd'], [Buffer.from('cdf55ed0a18431a437', 'hex'), 'GB18030', '王^小\ufffd'], [Buffer.from('M\xfcller', 'latin1'), 'ISO_IR 100', 'Müller'], [Buffer.from('1b242943c8ab', 'hex'), '\\ISO 2022 IR 149', '홍']] as const) {
        writeFileSync(path, withNameBytes(Buffer.from(bytes), charset));
        const info = await scanDicomHeader(path);
        assert.equal(info.patientName, name, charset);
        assert.equal(info.textRefusal, undefined, charset);
      }
      // Beside a written U+FFFD, a byte that is no UTF-8 is still refused.
      writeFileSync(path, withNameBytes(Buffer.concat([Buffer.from('王^\ufffd', 'utf8'), Buffer.from([0xa4])]), 'ISO_IR 192'));
      assert.ok((await scanDicomHeader(path)).textRefusal instanceof DicomScanError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the build the refusal of a term DICOM defines only alone written beside another, saying so rather than calling it unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-alone-set-'));
    try {
      const path = join(dir, 'utf8-multi.dcm');
      writeFileSync(path, withNameBytes(Buffer.from('王^小明', 'utf8'), 'ISO_IR 192\\GB18030'));
      const e = (await scanDicomHeader(path)).textRefusal;
      assert.ok(e instanceof DicomScanError);
      assert.equal(e.whole?.en, `${path}: Specific Character Set (0008,0005) holds "ISO_IR 192" beside other values, though it may only stand alone, without code extensions (PS3.3 C.12.1.1.2), so its names and other text cannot be read correctly. Export it again in UTF-8 (ISO_IR 192), or convert the file (e.g. dcmconv +U8), then build again`);
      assert.ok(e.whole?.['zh-TW'].startsWith(`${path}：Specific Character Set (0008,0005) 的「ISO_IR 192」只能單獨使用`), e.whole?.['zh-TW']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the build the refusal of a character set it cannot decode, the values read as ASCII with U+FFFD (raised where it writes the DICOMDIR)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-unknown-set-'));
    try {
      const path = join(dir, 'unknown.dcm');
      writeFileSync(path, withNameBytes(Buffer.from('M\xfcller', 'latin1'), 'ISO_IR 999'));
      const info = await scanDicomHeader(path);
      assert.equal(info.patientName, 'M\ufffdller', 'no text that could pass as the file\'s');
      const e = info.textRefusal;
      assert.ok(e instanceof DicomScanError);
      assert.equal(e.whole?.en, `${path}: unknown Specific Character Set (0008,0005) "ISO_IR 999", so its names and other text cannot be read correctly. Export it again in UTF-8 (ISO_IR 192), or convert the file (e.g. dcmconv +U8), then build again`);
      assert.ok(e.whole?.['zh-TW'].startsWith(`${path}：不認得的 Specific Character Set (0008,0005)「ISO_IR 999」`), e.whole?.['zh-TW']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Bytes of 80H-9FH under a single ISO 8859 or TIS 620 term, C1 control codes that are no characters of the set
 * (PS3.5 §6.1.2.3, §6.1.3): UTF-8 a PACS declares as ISO_IR 100 (王 is E7 8E 8B) is refused by the build with its
 * UTF-8 reading; a Windows writer's ’ (92H) or – (96H) in a Latin name is read as windows-1252 and built. The check
 * warns of both.
 */
describe('dicom: bytes of 80H-9FH under an ISO 8859 set', () => {
  const OBRIEN = Buffer.from('4f92427269656e', 'hex'); // O’Brien in windows-1252
  const WANG_UTF8 = Buffer.from('王小明', 'utf8');
  const found = (file: Uint8Array, code: string, options = {}) => readDicomHeader(file, options).problems.filter((p) => p.code === code);

  it('decodes them as the Windows code page has them, but as U+FFFD where the value is well-formed UTF-8 or the page has no character', () => {
    assert.equal(decoderFor('ISO_IR 100')(OBRIEN), 'O\u2019Brien');
    assert.equal(decoderFor('ISO_IR 100')(Buffer.from('2d962d80', 'hex')), '-\u2013-\u20ac');
    for (const set of ['ISO_IR 203', 'ISO_IR 101', 'ISO_IR 148', 'ISO_IR 166']) assert.equal(decoderFor(set)(OBRIEN), 'O\u2019Brien', set);
    assert.equal(decoderFor('ISO_IR 100')(Buffer.from('418142', 'hex')), 'A\ufffdB', 'windows-1252 has no character for 81H');
    assert.equal(decoderFor('ISO_IR 100')(WANG_UTF8), '\ufffd'.repeat(9));
    // A Latin letter followed by 92H is no UTF-8: é’ is E9 92.
    assert.equal(decoderFor('ISO_IR 100')(Buffer.from('e992', 'hex')), '\u00e9\u2019');
    // Under code extensions G1 bytes of 80H-9FH stay control codes.
    assert.equal(decoderFor('ISO 2022 IR 100')(Buffer.from('1b2d414f92', 'hex')), 'O\ufffd');
  });

  it('the build refuses UTF-8 declared as ISO_IR 100, giving its UTF-8 reading and saying to declare ISO_IR 192, and builds a windows-1252 quote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-c1-'));
    try {
      const path = join(dir, 'utf8-as-latin1.dcm');
      writeFileSync(path, withNameBytes(WANG_UTF8, 'ISO_IR 100'));
      for (const severities of [{}, { 'A14-dicom-encoding': 'off' as const }] as Record<string, 'off'>[]) {
        const e = (await scanDicomHeader(path, severities)).textRefusal;
        assert.ok(e instanceof DicomScanError);
        assert.equal(e.whole?.en, `${path}: Patient's Name (0010,0010) holds bytes of 80H-9FH (E7 8E 8B E5 B0 8F E6 98 8E), C1 control codes that are no characters of "ISO_IR 100" (PS3.5 §6.1.2.3, §6.1.3), but its bytes read as UTF-8 give "王小明": the file likely declares ISO_IR 100 while holding UTF-8; the build writes no guessed text into the DICOMDIR. Export the file again from the PACS in UTF-8 declared as ISO_IR 192, or declare the UTF-8 it holds (dcmodify -i "(0008,0005)=ISO_IR 192"), then build again`);
        assert.ok(e.whole?.['zh-TW'].includes('以 UTF-8 讀則為「王小明」：此檔多半宣告 ISO_IR 100，寫的卻是 UTF-8'), e.whole?.['zh-TW']);
      }
      for (const set of ['ISO_IR 100', 'ISO_IR 101', 'ISO_IR 166']) {
        writeFileSync(path, withNameBytes(OBRIEN, set));
        const info = await scanDicomHeader(path);
        assert.equal(info.patientName, 'O\u2019Brien', set);
        assert.equal(info.textRefusal, undefined, set);
      }
      // A byte windows-1252 has no character for is still no text.
      writeFileSync(path, withNameBytes(Buffer.from('4f814272', 'hex'), 'ISO_IR 100'));
      assert.match((await scanDicomHeader(path)).textRefusal?.whole?.en ?? '', /holds bytes above 7FH \(4F 81 42 72\), but Specific Character Set \(0008,0005\) declares "ISO_IR 100", in which these bytes are no text/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the check warns of UTF-8 declared as ISO_IR 100 naming its UTF-8 reading, in every transfer syntax and either reader', () => {
    assert.equal(RULE_FOR_PROBLEM['utf8-as-single-byte'], 'A14-dicom-encoding');
    for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const file = withNameBytes(WANG_UTF8, 'ISO_IR 100', ts);
      for (const options of [{}, { dataSet: true }, { walker: false }]) {
        const [p, ...more] = found(file, 'utf8-as-single-byte', options);
        assert.deepEqual(more, []);
        assert.equal(p?.severity, 'warning');
        assert.match(p?.message.en ?? '', /^element \(0010,0010\) at byte \d+ holds bytes of 80H-9FH \(E7 8E 8B E5 B0 8F E6 98 8E\), C1 control codes that are no characters of "ISO_IR 100" \(PS3\.5 §6\.1\.2\.3, §6\.1\.3\), but its bytes read as UTF-8 give "王小明": the file likely declares ISO_IR 100 while holding UTF-8; the build writes no such value into a DICOMDIR$/, `${ts} ${JSON.stringify(options)}`);
        assert.deepEqual(found(file, 'c1-read-as-windows', options), []);
        assert.deepEqual(found(file, 'undeclared-charset', options), []);
      }
    }
  });

  it('the check warns of a windows-1252 quote under ISO_IR 100, saying it is read as windows-1252, and counts the other values', () => {
    assert.equal(RULE_FOR_PROBLEM['c1-read-as-windows'], 'A14-dicom-encoding');
    const two = Buffer.from(makeInstance({ patientName: 'QQQQQQQ', extra: [{ tag: TAG.SpecificCharacterSet, vr: 'CS', value: 'ISO_IR 100' }, { tag: TAG.StudyDescription, vr: 'LO', value: 'RRRR' }] }).bytes);
    OBRIEN.copy(two, two.indexOf('QQQQQQQ', 132, 'latin1'));
    Buffer.from('41964281', 'hex').copy(two, two.indexOf('RRRR', 132, 'latin1'));
    const [p, ...more] = found(two, 'c1-read-as-windows');
    assert.deepEqual(more, []);
    assert.equal(p?.severity, 'warning');
    assert.match(p?.message.en ?? '', /^element \(0008,1030\) at byte \d+ holds bytes of 80H-9FH \(41 96 42 81\), C1 control codes that are no characters of "ISO_IR 100" \(PS3\.5 §6\.1\.2\.3, §6\.1\.3\); they are read as windows-1252 has them: "A–B\ufffd", though windows-1252 has no character for some of them, and the build writes no such value into a DICOMDIR; so does 1 more value$/);
    assert.ok(p?.message['zh-TW'].includes('依 windows-1252 讀為'), p?.message['zh-TW']);
    const [one] = found(withNameBytes(OBRIEN, 'ISO_IR 100'), 'c1-read-as-windows');
    assert.match(one?.message.en ?? '', /\(4F 92 42 72 69 65 6E\), .*; they are read as windows-1252 has them: "O’Brien"$/);
    assert.match(found(withNameBytes(OBRIEN, 'ISO_IR 148'), 'c1-read-as-windows')[0]?.message.en ?? '', /of "ISO_IR 148" .*read as windows-1254 has them: "O’Brien"$/);
    assert.match(found(withNameBytes(OBRIEN, 'ISO_IR 166'), 'c1-read-as-windows')[0]?.message.en ?? '', /read as windows-874 has them: "O’Brien"$/);
  });

  it('the check says nothing of Latin-1 letters, of UTF-8 declared as such, or of these bytes under code extensions', () => {
    const codes = ['c1-read-as-windows', 'utf8-as-single-byte', 'undeclared-charset'];
    const none = (file: Uint8Array, why: string) => assert.deepEqual(readDicomHeader(file).problems.filter((p) => codes.includes(p.code)), [], why);
    none(withNameBytes(Buffer.from('M\xfcller', 'latin1'), 'ISO_IR 100'), 'Latin-1 letters');
    none(withNameBytes(WANG_UTF8, 'ISO_IR 192'), 'UTF-8 declared');
    none(withNameBytes(OBRIEN, 'ISO 2022 IR 6\\ISO 2022 IR 100'), 'code extensions');
  });
});

/**
 * UTF-8 under a single ISO 8859 term whose bytes hold none of 80H-9FH: 中 is E4 B8 AD, 張 E5 BC B5, all of them Latin-1
 * characters ("ä¸­"), so nothing but their form tells. Well-formed UTF-8 with a sequence of three or four bytes is taken
 * for UTF-8 declared as the set, as one with a byte of 80H-9FH is; a value of two-byte sequences alone ("Ã©") and TIS 620,
 * whose leading vowels form such sequences with two consonants ("เกด" is E0 A1 B4), are not.
 */
describe('dicom: UTF-8 with sequences of three bytes and none of 80H-9FH under an ISO 8859 set', () => {
  const ZHANG_ZHONG = Buffer.from('張^中', 'utf8'); // E5 BC B5 5E E4 B8 AD
  const LATIN_PAIR = Buffer.from('c3a9', 'hex'); // "Ã©" in Latin-1, é in UTF-8
  const THAI = Buffer.from('e0a1b4', 'hex'); // "เกด" in TIS 620
  const found = (file: Uint8Array, code: string, options = {}) => readDicomHeader(file, options).problems.filter((p) => p.code === code);
  const codes = ['c1-read-as-windows', 'utf8-as-single-byte', 'undeclared-charset'];

  it('decodes such a value as U+FFFD for each byte above 7FH, but not two-byte sequences alone, nor TIS 620', () => {
    for (const set of ['ISO_IR 100', 'ISO_IR 126', 'ISO_IR 144', 'ISO_IR 148']) assert.equal(decoderFor(set)(ZHANG_ZHONG), '\ufffd\ufffd\ufffd^\ufffd\ufffd\ufffd', set);
    assert.equal(decoderFor('ISO_IR 100')(LATIN_PAIR), 'Ã©');
    assert.equal(decoderFor('ISO_IR 166')(THAI), 'เกด');
    // Not well-formed: a Latin letter after the sequence's lead.
    assert.equal(decoderFor('ISO_IR 100')(Buffer.from('e4b8', 'hex')), 'ä¸');
    assert.equal(decoderFor('ISO 2022 IR 6\\ISO 2022 IR 100')(Buffer.from('1b2d41e4b8ad', 'hex')), 'ä¸\u00ad');
  });

  it('the check warns of it naming both readings, and counts it with values holding 80H-9FH', () => {
    for (const ts of [TS.ExplicitVRLittleEndian, TS.ImplicitVRLittleEndian, TS.ExplicitVRBigEndian]) {
      const file = withNameBytes(ZHANG_ZHONG, 'ISO_IR 100', ts);
      for (const options of [{}, { dataSet: true }, { walker: false }]) {
        const [p, ...more] = found(file, 'utf8-as-single-byte', options);
        assert.deepEqual(more, []);
        assert.equal(p?.severity, 'warning');
        assert.match(p?.message.en ?? '', /^element \(0010,0010\) at byte \d+ holds bytes \(E5 BC B5 5E E4 B8 AD\) that "ISO_IR 100" reads as "å¼µ\^ä¸\u00ad", but its bytes read as UTF-8 give "張\^中": the file likely declares ISO_IR 100 while holding UTF-8; the build writes no such value into a DICOMDIR$/, `${ts} ${JSON.stringify(options)}`);
        assert.ok(p?.message['zh-TW'].includes('以 UTF-8 讀則為「張^中」：此檔多半宣告 ISO_IR 100，寫的卻是 UTF-8'), p?.message['zh-TW']);
      }
    }
    const two = Buffer.from(makeInstance({ patientName: 'QQQQQQQ', extra: [{ tag: TAG.SpecificCharacterSet, vr: 'CS', value: 'ISO_IR 100' }, { tag: TAG.StudyDescription, vr: 'LO', value: 'RRRRRRRRR' }] }).bytes);
    ZHANG_ZHONG.copy(two, two.indexOf('QQQQQQQ', 132, 'latin1'));
    Buffer.from('王小明', 'utf8').copy(two, two.indexOf('RRRRRRRRR', 132, 'latin1'));
    const [p, ...more] = found(two, 'utf8-as-single-byte');
    assert.deepEqual(more, []);
    assert.match(p?.message.en ?? '', /^element \(0008,1030\) .*give "王小明".*; so does 1 more value$/);
  });

  // ISO 8859-2 has small letters in A0H-BFH: Polish "ciężąca" is 63 69 EA BF B1 63 61, and EA BF B1 is well-formed UTF-8.
  it('takes no three-byte sequence for UTF-8 under the sets whose A0H-BFH hold small letters (ISO_IR 101, 109, 110, 203)', () => {
    const polish = Buffer.from('6369eabfb16361', 'hex');
    assert.equal(decoderFor('ISO_IR 101')(polish), 'ciężąca');
    for (const set of ['ISO_IR 101', 'ISO_IR 109', 'ISO_IR 110', 'ISO_IR 203']) assert.equal(utf8AsSingleByteReading(set, ZHANG_ZHONG), undefined, set);
    assert.equal(utf8AsSingleByteReading('ISO_IR 100', ZHANG_ZHONG), '張^中');
    // A byte of 80H-9FH still tells UTF-8 under them: 王 is E7 8E 8B.
    assert.equal(utf8AsSingleByteReading('ISO_IR 101', Buffer.from('王', 'utf8')), '王');
    assert.deepEqual(readDicomHeader(withNameBytes(polish, 'ISO_IR 101')).problems.filter((p) => codes.includes(p.code)), []);
  });

  it('the check says nothing of two-byte sequences alone, of TIS 620, or of such bytes under code extensions', () => {
    const none = (file: Uint8Array, why: string) => assert.deepEqual(readDicomHeader(file).problems.filter((p) => codes.includes(p.code)), [], why);
    none(withNameBytes(LATIN_PAIR, 'ISO_IR 100'), 'two-byte sequence');
    none(withNameBytes(THAI, 'ISO_IR 166'), 'TIS 620');
    none(withNameBytes(ZHANG_ZHONG, 'ISO 2022 IR 6\\ISO 2022 IR 100'), 'code extensions');
    none(withNameBytes(ZHANG_ZHONG, 'ISO_IR 192'), 'UTF-8 declared');
  });

  it('the build refuses it with its UTF-8 reading and the advice to declare ISO_IR 192, whatever the severities', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-utf8-long-'));
    try {
      const path = join(dir, 'utf8-as-latin1.dcm');
      writeFileSync(path, withNameBytes(ZHANG_ZHONG, 'ISO_IR 100'));
      for (const severities of [{}, { 'A14-dicom-encoding': 'off' as const }] as Record<string, 'off'>[]) {
        const e = (await scanDicomHeader(path, severities)).textRefusal;
        assert.ok(e instanceof DicomScanError);
        assert.equal(e.whole?.en, `${path}: Patient's Name (0010,0010) holds bytes (E5 BC B5 5E E4 B8 AD) that "ISO_IR 100" reads as "å¼µ^ä¸\u00ad", but its bytes read as UTF-8 give "張^中": the file likely declares ISO_IR 100 while holding UTF-8; the build writes no guessed text into the DICOMDIR. Export the file again from the PACS in UTF-8 declared as ISO_IR 192, or declare the UTF-8 it holds (dcmodify -i "(0008,0005)=ISO_IR 192"), then build again`);
      }
      for (const [bytes, set, name] of [[LATIN_PAIR, 'ISO_IR 100', 'Ã©'], [THAI, 'ISO_IR 166', 'เกด'], [ZHANG_ZHONG, 'ISO_IR 192', '張^中']] as const) {
        writeFileSync(path, withNameBytes(bytes, set));
        const info = await scanDicomHeader(path);
        assert.equal(info.textRefusal, undefined, set);
        assert.equal(info.patientName, name, set);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
