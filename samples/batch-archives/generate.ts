/**
 * Writes the archive sample: an upload CSV and the archives its rows name, made with the
 * project's own DICOM encoder and archive writers. Run from the repository root:
 *   npx tsx samples/batch-archives/generate.ts
 * then check it:
 *   node dist/cli.js check --archives --now 2026-11-25T18:00 samples/batch-archives
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { write7z, writeCab } from '../../server/src/core/archive/write';
import { makeDicomdir, makeInstance } from '../../test/fixtures/dicom';
import type { DirFile, InstanceSpec } from '../../test/fixtures/dicom';
import { makeJpeg } from '../../test/fixtures/jpeg';

const here = __dirname;
const HOSPITAL = '3501200000';

function series(count: number, spec: InstanceSpec): DirFile[] {
  const first = makeInstance(spec);
  const files: DirFile[] = [{ fileId: ['IMG', 'IM0'], instance: first }];
  for (let i = 1; i < count; i++) {
    files.push({ fileId: ['IMG', `IM${i}`], instance: makeInstance({ ...spec, studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: i + 1 }) });
  }
  return files;
}

function dcf(files: DirFile[]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = { DICOMDIR: makeDicomdir({ files }) };
  for (const f of files) out[f.fileId.join('/')] = f.instance.bytes;
  return out;
}

async function pack(name: string, content: Record<string, Uint8Array>): Promise<void> {
  const out = join(here, name);
  if (existsSync(out)) rmSync(out);
  const stage = mkdtempSync(join(tmpdir(), 'nhi-sample-'));
  try {
    const inputs = Object.entries(content).map(([archivePath, bytes]) => {
      const sourcePath = join(stage, archivePath);
      mkdirSync(dirname(sourcePath), { recursive: true });
      writeFileSync(sourcePath, bytes);
      return { archivePath, sourcePath };
    });
    if (name.endsWith('.CAB')) await writeCab(inputs, out, { compression: 'mszip' });
    else await write7z(inputs, out, { level: 1 });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

const patient = { patientId: 'A123456789', birthDate: '19860312', studyDate: '20261125' };

async function main(): Promise<void> {
  // Row 1: CT, 512x512: correct.
  await pack(`DCF${HOSPITAL}_S26112500001.7z`, dcf(series(3, { ...patient, modality: 'CT' })));
  // Row 2: MRI, but the images are 128x128 and the study date is a day early.
  await pack(`DCF${HOSPITAL}_S26112500002.CAB`, dcf(series(2, { ...patient, modality: 'MR', rows: 128, columns: 128, studyDate: '20261124' })));
  // Row 3: chest X-ray as JPG; one of the files is a PNG named .JPG.
  await pack(`ATT${HOSPITAL}_S26112500003.7z`, {
    'CHEST_PA.JPG': makeJpeg({ width: 1500, height: 1800 }),
    'CHEST_LAT.JPG': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  });
  // Row 4: DCF without a DICOMDIR.
  const loose = series(1, { ...patient, modality: 'CT' });
  await pack(`DCF${HOSPITAL}_S26112500004.7z`, { 'IMG/IM0': loose[0].instance.bytes });
  // Row 5 names an archive that is not there.
}

void main().then(
  () => console.log(`archives written to ${here}`),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
