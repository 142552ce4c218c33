/**
 * The archive check's verdict on each DICOM file against three independent readers, on files as hospitals make
 * them and as they break:
 * - sources: a photograph (cjpeg JPEG) wrapped by img2dcm as Secondary Capture and VL Photographic, and a CT slice;
 * - each transfer syntax dcmconv writes (Implicit VR, Explicit VR little and big endian, Deflated), dcmcjpeg
 *   (baseline, lossless SV1) and dcmcrle, from the CT and from the photograph decompressed by dcmdjpeg;
 * - broken copies of each: cut in its header, in its pixel data and by its last byte; a UID left unpadded (odd value
 *   length); a bit flipped in a tag (out of order) and in a VR ("UI" read as "UH"); the CT's first element moved to
 *   group 0005, which DICOM does not allow (dcmodify refuses to write it); the first fragment of an encapsulated JPEG
 *   (img2dcm, dcmcjpeg) a byte longer, of odd length; a Deflated CT whose data set has one stray byte after its Pixel
 *   Data (a bit flipped in its deflate stream does that).
 * Each file is packed alone by 7zz into an archive named as a row's field 14, and the quick and the full check read
 * it. Compared with dciodvfy (errors of the encoding itself, not of IOD modules), dcmftest and pydicom:
 * - a file dciodvfy finds an encoding error in (or, where dciodvfy cannot read the transfer syntax, Deflated, pydicom
 *   or dcmdump fails on) gets a finding of ours, an error where pydicom fails too;
 * - a file all three accept gets no error of ours.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { checkLinkedArchives } from '../../server/src/core/archive/check';
import { parseCsv } from '../../server/src/core/csv/parse';
import { TAG } from '../../server/src/core/dicom/tags';
import { defaultOptions } from '../../server/src/core/options';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import type { Finding } from '../../server/src/core/types';
import { makeInstance, withOddLength } from '../fixtures/dicom';
import { requireTools } from './tools';

const PYTHON = '/usr/bin/python3';
const options = defaultOptions({ lang: 'en' });
/**
 * What the rows' own rules say of an image (its size against the order, modality, dates, one study), the archive
 * without a DICOMDIR, and an archive whose one file has no pixel data (A14-empty: a file cut between two elements
 * of its header is a well-formed data set without an image, for every reader).
 */
const NOT_THE_FILE = new Set(['A14-dicomdir-missing', 'A14-dicom-unreferenced', 'A14-image-size', 'A14-modality', 'A14-study-date', 'A14-birth-date', 'A14-one-study', 'A14-empty']);
/**
 * The attributes' presence and values (IOD modules), left out as dciodvfy's module messages are: required-attributes.test.ts
 * compares them with dciodvfy. A cut or a flipped tag can leave a file without an attribute (SCORDER's SOP Instance UID).
 */
const IOD_MODULES = new Set(['A14-dicom-attribute', 'A14-dicom-attribute-minor']);
/** dciodvfy's messages about the encoding itself (reading the file), as opposed to its IOD modules and values. */
const ENCODING_ERROR = /read failed|Seek failed|Tags out of order|Value length|Undefined value length|Incorrect Short Value Length|Bad Value Length|Metaheader present|Bad group|fragment is not even length/;

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

interface Truth {
  /** dciodvfy's errors (and warnings) of the encoding. */
  dciodvfy: string[];
  dcmftest: boolean;
  dcmdump: boolean;
  /** pydicom.dcmread, every element walked and the Pixel Data's length taken: 'ok' or the exception. */
  pydicom: string;
}

function truthOf(path: string, pydicom: Record<string, string>, name: string): Truth {
  const v = spawnSync('dciodvfy', [path], { encoding: 'latin1' });
  const dump = spawnSync('dcmdump', ['-q', path], { encoding: 'latin1' });
  return {
    // A file cut inside an element is only "Warning - Tag read failed" to dciodvfy, which then reports what it missed.
    dciodvfy: `${v.stdout}${v.stderr}`.split('\n').filter((l) => /^(Error|Warning)/.test(l) && ENCODING_ERROR.test(l)),
    dcmftest: /yes/i.test(spawnSync('dcmftest', [path], { encoding: 'latin1' }).stdout),
    dcmdump: dump.status === 0 && !/^E: /m.test(`${dump.stdout}${dump.stderr}`),
    pydicom: pydicom[name],
  };
}

const PYDICOM = `import json, os, sys, warnings
warnings.simplefilter('ignore')
from pydicom import dcmread
out = {}
for f in sys.argv[2:]:
    try:
        ds = dcmread(os.path.join(sys.argv[1], f))
        for el in ds.iterall(): pass
        if 'PixelData' in ds: len(ds.PixelData)
        out[f] = 'ok'
    except Exception as e:
        out[f] = type(e).__name__ + ': ' + str(e)[:100]
print(json.dumps(out))`;

/** A bit flipped at the first `pattern` from byte 132 on, `offset` bytes into it. */
function flipped(bytes: Uint8Array, pattern: number[], offset: number, mask: number): Buffer {
  const b = Buffer.from(bytes);
  const at = b.indexOf(Buffer.from(pattern), 132);
  assert.ok(at > 0, `no ${Buffer.from(pattern).toString('hex')}`);
  b[at + offset] ^= mask;
  return b;
}

/** The first fragment (after the Basic Offset Table) of encapsulated Pixel Data one byte longer: its length odd, a byte written after it. */
function withOddFragment(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  const value = b.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff])) + 12;
  assert.ok(value > 12 && b.readUInt32LE(value) === 0xe000fffe, 'no encapsulated Pixel Data');
  const fragment = value + 8 + b.readUInt32LE(value + 4);
  const length = b.readUInt32LE(fragment + 4);
  b.writeUInt32LE(length + 1, fragment + 4);
  return Buffer.concat([b.subarray(0, fragment + 8 + length), Buffer.from([0]), b.subarray(fragment + 8 + length)]);
}

/** A Deflated file whose data set has `extra` more bytes after its last element, deflated again. */
function withStrayTail(bytes: Uint8Array, extra: number): Buffer {
  const b = Buffer.from(bytes);
  const metaEnd = 144 + b.readUInt32LE(140);
  return Buffer.concat([b.subarray(0, metaEnd), deflateRawSync(Buffer.concat([inflateRawSync(b.subarray(metaEnd)), Buffer.alloc(extra, 0x5a)]))]);
}

function pixelDataAt(bytes: Buffer): number {
  const le = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  return le >= 0 ? le : bytes.lastIndexOf(Buffer.from([0x7f, 0xe0, 0x00, 0x10]));
}

describe('interop: the check\'s verdict per DICOM file against dciodvfy, dcmftest and pydicom', function () {
  this.timeout(300000);
  let dir: string;
  const files: string[] = [];
  let truths: Record<string, Truth>;
  const ours: Record<string, { quick: Finding[]; full: Finding[] }> = {};

  before(async () => {
    requireTools(['dciodvfy', 'dcmftest', 'dcmdump', 'img2dcm', 'dcmconv', 'dcmcjpeg', 'dcmdjpeg', 'dcmcrle', 'cjpeg', 'convert', '7zz']);
    assert.ok(existsSync(PYTHON), 'python3-pydicom is missing');
    dir = mkdtempSync(join(tmpdir(), 'nhi-dicom-encodings-'));
    const src = join(dir, 'src');
    mkdirSync(src);
    run('convert', ['-size', '640x480', '-seed', '1', 'plasma:fractal', join(src, 'photo.ppm')]);
    run('cjpeg', ['-quality', '90', '-outfile', join(src, 'photo.jpg'), join(src, 'photo.ppm')]);
    const ct = join(src, 'ct.dcm');
    writeFileSync(ct, makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312' }).bytes);
    const made = new Map<string, Buffer>();
    const take = (name: string, path: string) => made.set(name, readFileSync(path));
    run('img2dcm', ['-sc', join(src, 'photo.jpg'), join(src, 'sc.dcm')]);
    run('img2dcm', ['-vlp', join(src, 'photo.jpg'), join(src, 'vlp.dcm')]);
    run('dcmdjpeg', [join(src, 'sc.dcm'), join(src, 'sc-native.dcm')]);
    take('SC', join(src, 'sc.dcm'));
    take('VLP', join(src, 'vlp.dcm'));
    take('CT', ct);
    const conversions: Array<[string, string[]]> = [['TI', ['dcmconv', '+ti']], ['TE', ['dcmconv', '+te']], ['TB', ['dcmconv', '+tb']], ['TD', ['dcmconv', '+td']]];
    for (const [source, from] of [['CT', ct], ['SC', join(src, 'sc-native.dcm')]] as const) {
      for (const [label, [cmd, ...args]] of conversions) {
        const out = join(src, `${source}-${label}.dcm`);
        run(cmd, [...args, from, out]);
        take(`${source}${label}`, out);
      }
    }
    for (const [label, [cmd, ...args]] of [['JB', ['dcmcjpeg', '+eb']], ['J1', ['dcmcjpeg', '+e1']], ['RLE', ['dcmcrle']]] as const) {
      run(cmd, [...args, ct, join(src, `ct-${label}.dcm`)]);
      take(`CT${label}`, join(src, `ct-${label}.dcm`));
    }
    // Broken copies: cut short, and the faults of one byte.
    for (const [name, bytes] of [...made]) {
      // A Deflated data set shows no Pixel Data tag: cut it in its middle and its last quarter instead.
      const found = pixelDataAt(bytes);
      const pixels = found >= 0 ? found : Math.floor(bytes.length / 2);
      made.set(`${name}CUTH`, bytes.subarray(0, Math.floor((132 + pixels) / 2)));
      made.set(`${name}CUTP`, bytes.subarray(0, pixels + 12 + Math.floor((bytes.length - pixels - 12) / 2)));
      made.set(`${name}CUT1`, bytes.subarray(0, bytes.length - 1));
    }
    for (const name of ['SC', 'CT', 'CTTI', 'SCTE']) {
      const bytes = made.get(name)!;
      // Explicit VR little endian unless dcmconv +ti made it.
      made.set(`${name}ODD`, withOddLength(bytes, TAG.SOPClassUID, name === 'CTTI').bytes);
      made.set(`${name}ORDER`, flipped(bytes, [0x08, 0x00, 0x18, 0x00], 2, 0x40));
      if (name !== 'CTTI') made.set(`${name}VR`, flipped(bytes, [0x20, 0x00, 0x0d, 0x00, 0x55, 0x49], 5, 0x01));
    }
    // Specific Character Set (0008,0005), the CT's first element, as (0005,0005): still first, in group 0005.
    for (const name of ['CT', 'CTTI', 'CTTE', 'CTTB']) {
      made.set(`${name}GROUP`, name === 'CTTB' ? flipped(made.get(name)!, [0x00, 0x08, 0x00, 0x05], 1, 0x0d) : flipped(made.get(name)!, [0x08, 0x00, 0x05, 0x00], 0, 0x0d));
    }
    for (const name of ['SC', 'CTJB']) made.set(`${name}FRAG`, withOddFragment(made.get(name)!));
    made.set('CTTDTAIL', withStrayTail(made.get('CTTD')!, 1));
    const img = join(dir, 'files');
    mkdirSync(img);
    for (const [name, bytes] of made) {
      writeFileSync(join(img, name), bytes);
      files.push(name);
    }
    const pydicom = JSON.parse(run(PYTHON, ['-c', PYDICOM, img, ...files])) as Record<string, string>;
    truths = Object.fromEntries(files.map((f) => [f, truthOf(join(img, f), pydicom, f)]));
    // One archive a file, one row an archive: IMG/<name> alone, no DICOMDIR.
    const rows: Record<number, string>[] = [];
    files.forEach((name, i) => {
      const unpacked = join(dir, `set${i}`);
      mkdirSync(join(unpacked, 'IMG'), { recursive: true });
      writeFileSync(join(unpacked, 'IMG', 'IM0'), made.get(name)!);
      const archive = `DCF3501200000_C00000${String(i).padStart(5, '0')}.7z`;
      run('7zz', ['a', '-mx=1', join(dir, archive), 'IMG'], unpacked);
      rows.push({ 14: archive });
    });
    const csv = rows.map((patch) => EXAMPLE_ROW.map((v, i) => patch[i + 1] ?? v).join(',')).join('\r\n') + '\r\n';
    for (const mode of ['quick', 'full'] as const) {
      const r = await checkLinkedArchives(join(dir, '3501200000_20251125_001.csv'), parseCsv(csv), { options, mode });
      files.forEach((name, i) => {
        (ours[name] ??= { quick: [], full: [] })[mode] = r.findings.filter((f) => f.row === i && !NOT_THE_FILE.has(f.ruleId) && !IOD_MODULES.has(f.ruleId));
      });
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const said = (f: Finding[]) => f.map((x) => `${x.severity} ${x.ruleId}: ${x.message.en}`);

  it('made the files it compares, and dciodvfy, dcmftest and pydicom accept the sources and their conversions', () => {
    assert.ok(files.length >= 60, `${files.length} files`);
    for (const name of ['SC', 'VLP', 'CT', 'CTTI', 'CTTE', 'CTTB', 'SCTI', 'SCTE', 'SCTB', 'CTJB', 'CTJ1', 'CTRLE']) {
      const t = truths[name];
      assert.deepEqual([t.dciodvfy, t.dcmftest, t.dcmdump, t.pydicom], [[], true, true, 'ok'], name);
    }
    // dciodvfy reads no Deflated data set ("Dicom dataset read failed"); dcmdump and pydicom read them.
    for (const name of ['CTTD', 'SCTD']) assert.deepEqual([truths[name].dcmdump, truths[name].pydicom], [true, 'ok'], name);
  });

  it('gives no error to a file dciodvfy, dcmftest and pydicom all accept, quick or full', () => {
    for (const name of files) {
      const t = truths[name];
      const deflated = name.startsWith('CTTD') || name.startsWith('SCTD');
      const accepted = (deflated ? t.dcmdump : t.dciodvfy.length === 0) && t.dcmftest && t.pydicom === 'ok';
      if (!accepted) continue;
      for (const mode of ['quick', 'full'] as const) {
        assert.deepEqual(said(ours[name][mode].filter((f) => f.severity === 'error')), [], `${name} ${mode}`);
      }
    }
  });

  it('finds something in every file whose encoding dciodvfy (or, for Deflated, dcmdump or pydicom) rejects, in the full check; an error where pydicom fails too', () => {
    let compared = 0;
    for (const name of files) {
      const t = truths[name];
      const deflated = name.startsWith('CTTD') || name.startsWith('SCTD');
      const rejected = deflated ? !t.dcmdump || t.pydicom !== 'ok' : t.dciodvfy.length > 0;
      if (!rejected) continue;
      compared++;
      const full = ours[name].full.filter((f) => f.ruleId.startsWith('A14-dicom'));
      const why = `${name}: dciodvfy ${JSON.stringify(t.dciodvfy)}, dcmdump ${t.dcmdump}, pydicom ${t.pydicom}; ours ${JSON.stringify(said(ours[name].full))}`;
      assert.ok(full.some((f) => f.severity !== 'information'), why);
      if (t.pydicom !== 'ok' && !deflated) assert.ok(full.some((f) => f.severity === 'error'), why);
    }
    assert.ok(compared >= 30, `${compared} files compared`);
  });

  it('names each fault as what it is, quick and full', () => {
    const rules = (name: string, mode: 'quick' | 'full') => [...new Set(ours[name][mode].map((f) => `${f.severity} ${f.ruleId}`))].sort();
    for (const mode of ['quick', 'full'] as const) {
      for (const name of ['SC', 'CT', 'CTTI', 'SCTE']) {
        const implicit = name === 'CTTI' ? ['information A14-dicom-implicit-vr'] : [];
        assert.deepEqual(rules(`${name}ODD`, mode), [...implicit, 'warning A14-dicom-encoding'], `${name}ODD ${mode}: ${said(ours[`${name}ODD`][mode])}`);
        assert.match(said(ours[`${name}ODD`][mode]).join('\n'), /element \(0008,0016\) at byte \d+ has an odd value length, 25 bytes/, `${name}ODD ${mode}`);
        assert.deepEqual(rules(`${name}ORDER`, mode), [...implicit, 'warning A14-dicom-encoding'], `${name}ORDER ${mode}: ${said(ours[`${name}ORDER`][mode])}`);
        assert.match(said(ours[`${name}ORDER`][mode]).join('\n'), /element \(0008,0020\) at byte \d+ comes after \(0008,0058\)/, `${name}ORDER ${mode}`);
        if (name !== 'CTTI') {
          assert.deepEqual(rules(`${name}VR`, mode), ['error A14-dicom-corrupt'], `${name}VR ${mode}: ${said(ours[`${name}VR`][mode])}`);
          assert.match(said(ours[`${name}VR`][mode]).join('\n'), /element \(0020,000D\) at byte \d+ is written with the VR "UH"/, `${name}VR ${mode}`);
        }
      }
      for (const name of ['CT', 'CTTI', 'CTTE', 'CTTB']) {
        const group = `${name}GROUP`;
        assert.deepEqual(truths[group].dciodvfy, ['Error - Bad group - (0x0005,0x0005) '], group);
        assert.deepEqual([truths[group].dcmdump, truths[group].pydicom], [true, 'ok'], group);
        assert.deepEqual(rules(group, mode), [...new Set([...rules(name, mode), 'warning A14-dicom-encoding'])].sort(), `${group} ${mode}: ${said(ours[group][mode])}`);
        assert.match(said(ours[group][mode]).join('\n'), /element \(0005,0005\) at byte \d+ is in group 0005, which DICOM does not allow \(PS3\.5 §7\.1\)/, `${group} ${mode}`);
      }
      for (const name of ['SCFRAG', 'CTJBFRAG']) {
        const t = truths[name];
        assert.deepEqual([t.dciodvfy, t.dcmftest, t.dcmdump, t.pydicom], [['Warning - Encapsulated pixel data fragment is not even length'], true, true, 'ok'], name);
        // The quick check stops at the Pixel Data's header, before the fragments.
        const expected = mode === 'full' ? [...new Set([...rules(name.slice(0, -4), mode), 'warning A14-dicom-encoding'])].sort() : rules(name.slice(0, -4), mode);
        assert.deepEqual(rules(name, mode), expected, `${name} ${mode}: ${said(ours[name][mode])}`);
        if (mode === 'full') assert.match(said(ours[name][mode]).join('\n'), /fragment 1 of the encapsulated Pixel Data \(7FE0,0010\), the item at byte \d+, has an odd length, \d+ bytes/, name);
      }
      // dcmdump fails on a stray byte after the last element, pydicom reads past it; as for a file not deflated, an error of the full check.
      assert.deepEqual([truths.CTTDTAIL.dcmdump, truths.CTTDTAIL.pydicom], [false, 'ok']);
      const tail = mode === 'full' ? [...new Set([...rules('CTTD', mode), 'error A14-dicom-corrupt'])].sort() : rules('CTTD', mode);
      assert.deepEqual(rules('CTTDTAIL', mode), tail, `CTTDTAIL ${mode}: ${said(ours.CTTDTAIL[mode])}`);
      // Every cut a reader notices is a damaged file: in the header, in the pixel data, by its last byte. One between two
      // elements of the header leaves a data set without Pixel Data that no reader can tell from a whole one.
      for (const name of files.filter((f) => /CUT[HP1]$/.test(f))) {
        const t = truths[name];
        const noticed = t.dciodvfy.length > 0 || !t.dcmdump || t.pydicom !== 'ok';
        const why = `${name} ${mode}: ${JSON.stringify(t)}; ours ${JSON.stringify(said(ours[name][mode]))}`;
        if (noticed) assert.ok(ours[name].full.some((f) => f.severity === 'error' && f.ruleId === 'A14-dicom-corrupt'), why);
        else assert.equal(name.endsWith('CUTH'), true, why);
      }
    }
  });
});
