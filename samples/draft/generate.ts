/**
 * Generates the sample draft: draft.csv (field 14 = image folder) and small image folders.
 * Run: npx tsx samples/draft/generate.ts [outDir]   (default: this folder)
 * Tests call writeSampleDraft(dir) to get a fresh copy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeInstance, newUid, type FixtureModality } from '../../test/fixtures/dicom';
import { makeJpeg } from '../../test/fixtures/jpeg';
import { validRow } from '../../test/fixtures/rows';

interface SampleRow {
  /** Index of the valid fixture row to start from. */
  fixture: number;
  folder: string;
  images: { modality: FixtureModality; rows: number; columns: number; series: number }[] | { jpeg: [number, number] }[];
}

/** CT (2 series), MRI, dental panoramic as JPG (ATT), abdominal ultrasound. */
export const SAMPLE_ROWS: SampleRow[] = [
  { fixture: 0, folder: 'ct1', images: [1, 1, 1, 2].map((series) => ({ modality: 'CT' as const, rows: 512, columns: 512, series })) },
  { fixture: 3, folder: 'mr1', images: [1, 1].map((series) => ({ modality: 'MR' as const, rows: 256, columns: 192, series })) },
  { fixture: 6, folder: 'pano', images: [{ jpeg: [1400, 1400] }] },
  { fixture: 12, folder: 'us1', images: [1, 1].map((series) => ({ modality: 'US' as const, rows: 256, columns: 256, series })) },
];

/** ROC YYYMMDD… → Gregorian YYYYMMDD. */
function gregorian(roc: string): string {
  return String(Number(roc.slice(0, 3)) + 1911) + roc.slice(3, 7);
}

export function sampleDraftText(rows = SAMPLE_ROWS, eol = '\r\n'): string {
  return rows.map((r) => {
    const v = validRow(r.fixture);
    v[13] = `./${r.folder}`;
    return v.join(',');
  }).join(eol) + eol;
}

export function writeSampleDraft(dir: string, rows = SAMPLE_ROWS): string {
  mkdirSync(dir, { recursive: true });
  for (const r of rows) {
    const v = validRow(r.fixture);
    const folder = join(dir, r.folder);
    mkdirSync(folder, { recursive: true });
    const studyUid = newUid();
    const seriesUids = new Map<number, string>();
    r.images.forEach((img, i) => {
      if ('jpeg' in img) {
        writeFileSync(join(folder, `pano${i + 1}.jpg`), makeJpeg({ width: img.jpeg[0], height: img.jpeg[1] }));
        return;
      }
      if (!seriesUids.has(img.series)) seriesUids.set(img.series, newUid());
      const inst = makeInstance({
        modality: img.modality,
        rows: img.rows,
        columns: img.columns,
        studyUid,
        seriesUid: seriesUids.get(img.series),
        seriesNumber: img.series,
        instanceNumber: i + 1,
        patientId: v[7],
        studyDate: gregorian(v[11]),
        birthDate: gregorian(v[8]),
      });
      writeFileSync(join(folder, `img${String(i + 1).padStart(3, '0')}.dcm`), inst.bytes);
    });
  }
  const csv = join(dir, 'draft.csv');
  writeFileSync(csv, sampleDraftText(rows));
  return csv;
}

if (require.main === module) {
  const out = writeSampleDraft(process.argv[2] ?? __dirname);
  process.stdout.write(`wrote ${out}\n`);
}
