/**
 * DICOM files and media as Orthanc 1.10 (Debian's orthanc), a PACS that many small sites run, gives them back. The
 * suite starts its own Orthanc on 127.0.0.1 at a free port (DICOM server off, no plugins, storage in a temporary
 * folder), stores two CT slices through the REST API (POST /instances) and takes back, for each case, a study's media
 * archive (/studies/{id}/media: a ZIP with a DICOMDIR and IMAGES/IM0, IMAGES/IM1) after:
 * - nothing (and ?extended, the DICOMDIR with more keys);
 * - /studies/{id}/modify with Transcode to each transfer syntax this Orthanc writes for 16-bit CT (Implicit VR, Explicit
 *   VR Big Endian, Deflated, JPEG extended, lossless process 14 and SV1, JPEG-LS lossless and near-lossless; its DCMTK
 *   has no JPEG 2000 and refuses RLE and JPEG baseline for these pixels), which gives the study new UIDs;
 * - /studies/{id}/modify of Patient's Name in Chinese (ISO_IR 192), which Orthanc's DICOMDIR writer drops to ^;
 * - /studies/{id}/anonymize (PS3.15 basic profile): it empties Study Date, Study Time and Study ID, and its DICOMDIR's
 *   STUDY record lacks them, which dciodvfy reports and the check reports too.
 * Each file is read as dcmdump reads it; the media, unpacked and packed again by 7zz, gets exactly the findings listed
 * from the quick and the full check and from `nhi-imaging check --archives`. The media ZIP renamed .7z is a wrong
 * format; a study download (/studies/{id}/archive: folders named after the patient, no DICOMDIR) lacks a DICOMDIR, and
 * the build makes a clean batch of it. Orthanc is stopped after the suite; a missing tool fails the suite.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildBatch } from '../../server/src/core/build/batch';
import { csvFor, ctSlice, expectArchiveFindings, expectCleanBatch, expectCliFindingsPerRow, expectReadAsDcmdump, packAndExpect, run, suiteFolders, type ArchiveCase, type MadeFiles } from './archive-checks';

/** Debian installs the server in sbin, which a user's PATH may lack. */
const ORTHANC = '/usr/sbin/Orthanc';
const TOOLS = [ORTHANC, 'dcmdump', 'dciodvfy', '7zz'];
const CT = '1.2.840.10008.5.1.4.1.1.2';

/** A port no one listens on now, on the loopback. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An Orthanc of this suite's own: its REST API on 127.0.0.1, its storage in `folder`. */
class LocalOrthanc {
  private process?: ChildProcess;
  private log = '';
  private base = '';

  async start(folder: string): Promise<void> {
    const port = await freePort();
    const config = join(folder, 'orthanc.json');
    mkdirSync(join(folder, 'db'));
    writeFileSync(config, JSON.stringify({
      Name: 'NHI-TEST', StorageDirectory: join(folder, 'db'), IndexDirectory: join(folder, 'db'), HttpPort: port,
      DicomServerEnabled: false, RemoteAccessAllowed: false, AuthenticationEnabled: false, Plugins: [],
    }));
    this.base = `http://127.0.0.1:${port}`;
    const child = spawn(ORTHANC, [config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    child.stdout!.on('data', (d: Buffer) => { this.log += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { this.log += d.toString(); });
    const until = Date.now() + 30000;
    while (Date.now() < until) {
      assert.equal(child.exitCode, null, `Orthanc stopped: ${this.log}`);
      if (await fetch(`${this.base}/system`).then((r) => r.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`Orthanc did not answer in 30 s: ${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  }

  /** The answer's body to a GET (no body) or POST; fails on an HTTP error, with Orthanc's own message. */
  async call(method: 'GET' | 'POST', path: string, body?: Uint8Array | object): Promise<Buffer> {
    const data = body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body);
    const response = await fetch(`${this.base}${path}`, { method, body: data });
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${bytes.toString()}`);
    return bytes;
  }

  async json<T>(method: 'GET' | 'POST', path: string, body?: Uint8Array | object): Promise<T> {
    return JSON.parse((await this.call(method, path, body)).toString()) as T;
  }
}

/** A media archive of the study as stored, or of the new study a change made of it. */
interface Variant extends MadeFiles {
  /** Changes the study (by its Orthanc ID) and returns the ID of the study it made. */
  change?: (orthanc: LocalOrthanc, study: string) => Promise<string>;
  /** The DICOMDIR with Orthanc's extended keys (?extended). */
  extended?: boolean;
}

const transcoded = (syntax: string) => async (orthanc: LocalOrthanc, study: string) =>
  (await orthanc.json<{ ID: string }>('POST', `/studies/${study}/modify`, { Transcode: syntax })).ID;

const VARIANTS: Variant[] = [
  { label: 'media of the study as stored (Explicit VR Little Endian)', ts: '1.2.840.10008.1.2.1', findings: [] },
  { label: 'media with the extended DICOMDIR', ts: '1.2.840.10008.1.2.1', findings: [], extended: true },
  { label: 'Transcode to Implicit VR Little Endian', ts: '1.2.840.10008.1.2', findings: ['A14-dicom-implicit-vr'], change: transcoded('1.2.840.10008.1.2') },
  { label: 'Transcode to Explicit VR Big Endian', ts: '1.2.840.10008.1.2.2', findings: ['A14-dicom-retired-syntax'], change: transcoded('1.2.840.10008.1.2.2') },
  { label: 'Transcode to Deflated Explicit VR Little Endian', ts: '1.2.840.10008.1.2.1.99', findings: [], change: transcoded('1.2.840.10008.1.2.1.99') },
  { label: 'Transcode to JPEG extended (12 bits, lossy)', ts: '1.2.840.10008.1.2.4.51', findings: [], change: transcoded('1.2.840.10008.1.2.4.51') },
  { label: 'Transcode to JPEG lossless process 14', ts: '1.2.840.10008.1.2.4.57', findings: [], change: transcoded('1.2.840.10008.1.2.4.57') },
  { label: 'Transcode to JPEG lossless SV1', ts: '1.2.840.10008.1.2.4.70', findings: [], change: transcoded('1.2.840.10008.1.2.4.70') },
  { label: 'Transcode to JPEG-LS lossless', ts: '1.2.840.10008.1.2.4.80', findings: [], change: transcoded('1.2.840.10008.1.2.4.80') },
  { label: 'Transcode to JPEG-LS near-lossless', ts: '1.2.840.10008.1.2.4.81', findings: [], change: transcoded('1.2.840.10008.1.2.4.81') },
  {
    label: "Patient's Name in Chinese (ISO_IR 192), by modify", ts: '1.2.840.10008.1.2.1', findings: [],
    change: async (orthanc, study) => (await orthanc.json<{ ID: string }>('POST', `/studies/${study}/modify`, {
      Replace: { SpecificCharacterSet: 'ISO_IR 192', PatientName: '王^大明' }, Force: true,
    })).ID,
  },
  {
    label: 'anonymized (basic profile: Study Date, Study Time and Study ID emptied)', ts: '1.2.840.10008.1.2.1', findings: ['A14-dicomdir-keys'],
    message: /STUDY @ \d+ Study Date \(0008,0020\), Study Time \(0008,0030\), Study ID \(0020,0010\)/,
    change: async (orthanc, study) => (await orthanc.json<{ ID: string }>('POST', `/studies/${study}/anonymize`, {})).ID,
  },
];

describe('interop: files and media of Orthanc (REST API: modify, Transcode, anonymize, media, archive)', function () {
  this.timeout(120000);
  const folders = suiteFolders('nhi-orthanc-', TOOLS);
  // Inside, so that Orthanc stops before the folders are removed.
  describe('an Orthanc of its own', defineTests);

  function defineTests(): void {
    const orthanc = new LocalOrthanc();
    const archives: ArchiveCase[] = [];
    const roots: string[] = [];
    const studies: string[] = [];
    let study: string;
    before(async () => {
      await orthanc.start(folders.work);
      for (const n of [1, 2]) study = (await orthanc.json<{ ParentStudy: string }>('POST', '/instances', ctSlice('2.25.8201', '2.25.8202', n))).ParentStudy;
      assert.equal((await orthanc.json<string[]>('GET', `/studies/${study}/instances`)).length, 2);
    });
    after(() => orthanc.stop());

    for (const [i, variant] of VARIANTS.entries()) {
      it(`${variant.label}: read as dcmdump reads it; the media packed by 7zz, quick and full check`, async () => {
        const id = variant.change ? await variant.change(orthanc, study) : study;
        studies[i] = id;
        const root = join(folders.dir, `set${i}`);
        const zip = join(folders.dir, `media${i}.zip`);
        writeFileSync(zip, await orthanc.call('GET', `/studies/${id}/media${variant.extended ? '?extended' : ''}`));
        run('7zz', ['x', '-y', `-o${root}`, zip]);
        roots[i] = root;
        for (const name of ['IM0', 'IM1']) {
          const { truth } = await expectReadAsDcmdump(join(root, 'IMAGES', name));
          assert.equal(truth.ts, variant.ts, 'dcmdump: Orthanc wrote the transfer syntax expected');
          assert.equal(truth.sopClass, CT);
        }
        archives.push(await packAndExpect(folders.dir, root, `DCF3501200000_C000000005${String(i).padStart(2, '0')}.7z`, variant, ['DICOMDIR', 'IMAGES']));
      });
    }

    it("dciodvfy reports in the anonymized study's DICOMDIR the three Type 1 keys the check names, and nothing in the others", () => {
      const errors = (dicomdir: string) => {
        const verified = spawnSync('dciodvfy', [dicomdir], { encoding: 'utf8' });
        return `${verified.stdout}${verified.stderr}`.split('\n').filter((l) => /^Error/.test(l));
      };
      const anonymized = VARIANTS.length - 1;
      assert.deepEqual(errors(join(roots[anonymized], 'DICOMDIR')), [
        'Error - Empty attribute (no value) Type 1 Required Element=<StudyDate> Module=<StudyDirectoryRecord>',
        'Error - Empty attribute (no value) Type 1 Required Element=<StudyTime> Module=<StudyDirectoryRecord>',
        'Error - Missing attribute Type 1 Required Element=<StudyID> Module=<StudyDirectoryRecord>',
      ]);
      for (const root of roots.slice(0, anonymized)) assert.deepEqual(errors(join(root, 'DICOMDIR')), [], root);
    });

    it('/tools/create-media of two studies (as stored, and its JPEG-LS copy): one DICOMDIR over both, A14-one-study', async () => {
      const jpegLs = VARIANTS.findIndex((v) => v.ts === '1.2.840.10008.1.2.4.80');
      const root = join(folders.dir, 'two-studies');
      const zip = join(folders.dir, 'two-studies.zip');
      writeFileSync(zip, await orthanc.call('POST', '/tools/create-media', [studies[0], studies[jpegLs]]));
      run('7zz', ['x', '-y', `-o${root}`, zip]);
      const name = 'DCF3501200000_C00000000602.7z';
      run('7zz', ['a', '-mx=1', join(folders.dir, name), 'DICOMDIR', 'IMAGES'], root);
      await expectArchiveFindings(folders.dir, { label: 'two studies', name, findings: ['A14-one-study'], instances: 4 });
    });

    it("Orthanc's DICOMDIR drops a name beyond ASCII that the file keeps; the check, comparing no names, finds nothing", () => {
      const root = roots[VARIANTS.findIndex((v) => v.label.startsWith("Patient's Name"))];
      const name = (file: string) => /\[(.*)\]/.exec(run('dcmdump', ['+U8', '+P', '0010,0010', join(root, file)]))?.[1];
      assert.equal(name('IMAGES/IM0'), '王^大明');
      assert.equal(name('DICOMDIR'), '^');
    });

    it('the media ZIP itself, named .7z, is a wrong format', async () => {
      const name = 'DCF3501200000_C00000000600.7z';
      writeFileSync(join(folders.dir, name), await orthanc.call('GET', `/studies/${study}/media`));
      await expectArchiveFindings(folders.dir, { label: 'media ZIP', name, findings: ['A14-format'], message: /the content is a ZIP file, not 7z or CAB/ });
    });

    it("a study download (ZIP of folders named after the patient, no DICOMDIR) packed again lacks a DICOMDIR; the build makes a clean batch of its folder", async () => {
      const root = join(folders.dir, 'download');
      const zip = join(folders.dir, 'download.zip');
      writeFileSync(zip, await orthanc.call('GET', `/studies/${study}/archive`));
      run('7zz', ['x', '-y', `-o${join(root, 'ct')}`, zip]);
      run('7zz', ['a', '-mx=1', join(folders.dir, 'DCF3501200000_C00000000601.7z'), '.'], join(root, 'ct'));
      await expectArchiveFindings(folders.dir, { label: 'study download', name: 'DCF3501200000_C00000000601.7z', findings: ['A14-dicomdir-missing'], instances: 2 });
      const draft = join(root, 'draft.csv');
      writeFileSync(draft, `${csvFor({ 14: './ct' })}\r\n`);
      const built = await buildBatch(draft, { date: '20261125', outDir: join(root, 'out'), validation: { now: Date.parse('2025-11-25T12:00:00+08:00') } });
      assert.deepEqual(built.warnings.map((f) => `${f.ruleId}: ${f.message.en}`), []);
      await expectCleanBatch(built.csvPath, 2);
    });

    it('nhi-imaging check --archives gives each row the findings of its archive', () => {
      assert.equal(archives.length, VARIANTS.length, 'every archive above was made');
      expectCliFindingsPerRow(folders.dir, archives);
    });
  }
});
