/**
 * The values the build's header scan gives the DICOMDIR (scanDicomHeader's InstanceInfo: UIDs, patient, study and series
 * keys, rows and columns, record type and keys) of the repository's sample DICOM files and of pydicom's test files:
 * - the same as before the scan read each header once with the check's reader: build-scan-before.json holds a digest of
 *   each file's values as the scan gave them when it parsed the header itself with dicom-parser (or that it refused the
 *   file), by default and with every DICOM rule turned off;
 * - their UIDs, rows and columns, and whether they hold an image, as dcmdump reads them.
 * dcmtk and python3-pydicom are installed by .ci/run.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DicomScanError, scanDicomHeader, type InstanceInfo, type ScanSeverities } from '../../server/src/core/dicom/dicomdir-build-scan';
import { RULE_FOR_ATTRIBUTE, RULE_FOR_PROBLEM } from '../../server/src/core/archive/rules';
import { requireTools } from './tools';

const ROOTS: Record<string, string> = {
  'samples/draft/': join(__dirname, '..', '..', 'samples', 'draft'),
  'pydicom/': '/usr/lib/python3/dist-packages/pydicom/data/test_files',
};
const BEFORE: Record<string, [string, string]> = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'build-scan-before.json'), 'utf8'));
const ALL_OFF: ScanSeverities = Object.fromEntries([...Object.values(RULE_FOR_PROBLEM), ...Object.values(RULE_FOR_ATTRIBUTE)].map((rule) => [rule, 'off']));

function pathOf(name: string): string {
  const [prefix, root] = Object.entries(ROOTS).find(([p]) => name.startsWith(p))!;
  return join(root, name.slice(prefix.length));
}

/** JSON with each object's keys sorted, so that a digest does not depend on the order values were set in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, value]) => value !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, value]) => `${JSON.stringify(k)}:${canonical(value)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

async function scanned(path: string, severities: ScanSeverities): Promise<InstanceInfo | undefined> {
  try {
    return await scanDicomHeader(path, severities);
  } catch (e) {
    if (e instanceof DicomScanError) return undefined;
    throw e;
  }
}

/** 'refused', or the first 16 hex digits of the SHA-256 of the values (without the path, which differs by machine). */
function digestOf(info: InstanceInfo | undefined): string {
  if (!info) return 'refused';
  // hasPixels came after the digests were taken: the dcmdump test below compares it.
  const { sourcePath: _path, hasPixels: _pixels, ...values } = info;
  return createHash('sha256').update(canonical(values)).digest('hex').slice(0, 16);
}

/**
 * The top-level elements dcmdump prints (meta group and data set), by tag "gggg,eeee", as it prints their values; of an
 * element written as UN (its bytes in hex), the text those bytes spell without their padding.
 */
function dcmdumpValues(path: string): Map<string, string> {
  const out = execFileSync('dcmdump', ['-q', '-Un', '+L', path], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
  const values = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\(([0-9a-f]{4},[0-9a-f]{4})\) (\w\w) (?:\[(.*?)\]|(\S+))\s+#/.exec(line);
    if (!m) continue;
    const value = m[3] ?? m[4];
    values.set(m[1], m[2] === 'UN' ? Buffer.from(value.split('\\').join(''), 'hex').toString('latin1').replace(/[\0 ]+$/, '') : value);
  }
  return values;
}

describe('interop: the build scan\'s DICOMDIR values of sample and pydicom files, as before one read and as dcmdump reads them', function () {
  this.timeout(300_000);
  const names = Object.keys(BEFORE).filter((name) => existsSync(pathOf(name)));
  before(() => {
    requireTools(['dcmdump']);
    assert.ok(names.filter((n) => n.startsWith('pydicom/')).length >= 150, 'python3-pydicom test files are missing');
  });

  it('gives every file the values it gave before, or refuses it as before, by default and with every DICOM rule off', async () => {
    const differ: string[] = [];
    for (const name of names) {
      const now = [digestOf(await scanned(pathOf(name), {})), digestOf(await scanned(pathOf(name), ALL_OFF))];
      if (now[0] !== BEFORE[name][0] || now[1] !== BEFORE[name][1]) differ.push(`${name}: ${BEFORE[name].join(' ')} before, ${now.join(' ')} now`);
    }
    assert.deepEqual(differ, []);
    assert.ok(names.filter((n) => BEFORE[n][0] !== 'refused').length >= 130, 'most files are planned');
  });

  it('gives the UIDs, rows, columns and whether there is Pixel Data as dcmdump reads them (the data set\'s SOP UIDs, else the meta group\'s)', async () => {
    let compared = 0;
    for (const name of names) {
      const info = await scanned(pathOf(name), {});
      if (!info) continue;
      const dump = dcmdumpValues(pathOf(name));
      const expected = {
        sopClassUid: dump.get('0008,0016') || dump.get('0002,0002'),
        sopInstanceUid: dump.get('0008,0018') || dump.get('0002,0003'),
        transferSyntaxUid: dump.get('0002,0010'),
        studyUid: dump.get('0020,000d'),
        seriesUid: dump.get('0020,000e'),
        rows: dump.has('0028,0010') && dump.has('0028,0011') ? Number(dump.get('0028,0010')) : undefined,
        columns: dump.has('0028,0010') && dump.has('0028,0011') ? Number(dump.get('0028,0011')) : undefined,
        hasPixels: dump.has('7fe0,0010') && dump.has('0028,0010') && dump.has('0028,0011'),
      };
      const { sopClassUid, sopInstanceUid, transferSyntaxUid, studyUid, seriesUid, rows, columns, hasPixels } = info;
      assert.deepEqual({ sopClassUid, sopInstanceUid, transferSyntaxUid, studyUid, seriesUid, rows, columns, hasPixels }, expected, name);
      compared++;
    }
    assert.ok(compared >= 130, `${compared} files compared`);
  });
});
