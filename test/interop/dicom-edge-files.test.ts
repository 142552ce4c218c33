/**
 * Files at the edges of the DICOM encoding, made by hand, against what dcmdump and pydicom make of them: a deflated
 * data set whose meta group lacks (0002,0000) or declares it past the file's end, its deflate stream read as a
 * group-0002 element or not. Where both readers fail, ours gives an error; where one does, a finding.
 * The tools are installed by .ci/run (apt); a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomHeader } from '../../server/src/core/dicom/read';
import { TS } from '../../server/src/core/dicom/uids';
import { deflatedSpellingMetaElement, makeInstance, withGroupLength, withoutGroupLength } from '../fixtures/dicom';
import { requireTools } from './tools';

const PYTHON = '/usr/bin/python3';
const PYDICOM = `import sys, warnings
warnings.simplefilter('ignore')
from pydicom import dcmread
try:
    ds = dcmread(sys.argv[1])
    for el in ds.iterall(): pass
    len(ds.PixelData)
    print('ok')
except Exception as e:
    print(type(e).__name__ + ': ' + str(e)[:100])`;

describe('interop: DICOM edge files against dcmdump and pydicom', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    requireTools(['dcmdump']);
    assert.ok(existsSync(PYTHON), 'python3-pydicom is missing');
    dir = mkdtempSync(join(tmpdir(), 'nhi-dicom-edges-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** dcmdump's warnings and errors (its W: and E: lines) and whether it read the file, and pydicom's verdict. */
  function readers(name: string, bytes: Uint8Array): { dcmdump: boolean; said: string; pydicom: string } {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const dump = spawnSync('dcmdump', [path], { encoding: 'latin1' });
    const said = `${dump.stdout}${dump.stderr}`.split('\n').filter((l) => /^[WE]: /.test(l)).join('\n');
    const pydicom = spawnSync(PYTHON, ['-c', PYDICOM, path], { encoding: 'utf8' }).stdout.trim();
    return { dcmdump: dump.status === 0 && !/^E: /m.test(said), said, pydicom };
  }

  const ours = (bytes: Uint8Array) => {
    const full = readDicomHeader(bytes, { untilPixelData: false });
    assert.deepEqual(readDicomHeader(bytes).problems, full.problems, 'quick and full');
    return full.problems.map((p) => `${p.severity} ${p.code}`);
  };

  it('a deflated file without (0002,0000): dcmdump warns of it and reads the file, as pydicom does; ours says only that', () => {
    const bytes = withoutGroupLength(makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes);
    const t = readers('deflated-no-group-length.dcm', bytes);
    assert.deepEqual([t.dcmdump, t.said, t.pydicom], [true, 'W: DcmMetaInfo: No Group Length available in Meta Information Header', 'ok']);
    assert.deepEqual(ours(bytes), ['warning meta-group-length']);
  });

  it('a deflated file without (0002,0000) whose deflate stream reads as a group-0002 element: dcmdump and pydicom fail to inflate it, ours reads it and gives an error saying why', () => {
    const bytes = withoutGroupLength(deflatedSpellingMetaElement().bytes);
    const t = readers('deflated-no-group-length-spelling.dcm', bytes);
    assert.equal(t.dcmdump, false);
    assert.match(t.said, /^E: dcmdump: ZLib Error: invalid block type/m);
    assert.match(t.pydicom, /invalid block type/);
    assert.deepEqual(ours(bytes), ['warning meta-group-length', 'error deflated-meta-end']);
    assert.equal(readDicomHeader(bytes).header?.rows, 512);
  });

  it('a deflated file whose (0002,0000) says 0x7FFFFFFF: dcmdump reads the data set as meta group and fails, pydicom reads it; ours reads it and warns that the length runs past the file', () => {
    const bytes = withGroupLength(makeInstance({ modality: 'CT', transferSyntax: TS.DeflatedExplicitVRLittleEndian }).bytes, 0x7fffffff);
    const t = readers('deflated-group-length-past-end.dcm', bytes);
    assert.equal(t.dcmdump, false);
    assert.match(t.said, /Invalid Element \([0-9a-f]{4},[0-9a-f]{4}\) found in Meta Information Header/);
    assert.equal(t.pydicom, 'ok');
    assert.deepEqual(ours(bytes), ['warning meta-group-length']);
    assert.match(readDicomHeader(bytes).problems[0].message.en, /says 2147483647, past the end of the file/);
    const spelled = withGroupLength(deflatedSpellingMetaElement().bytes, 0x7fffffff);
    const s = readers('deflated-group-length-past-end-spelling.dcm', spelled);
    assert.deepEqual([s.dcmdump, /invalid block type/.test(s.pydicom)], [false, true]);
    assert.deepEqual(ours(spelled), ['warning meta-group-length', 'error deflated-meta-end']);
  });
});
