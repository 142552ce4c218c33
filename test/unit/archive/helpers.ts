import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArchiveInput } from '../../../server/src/core/archive/write';

/** A temporary folder removed by `cleanup()`. */
export function tempDir(prefix = 'nhi-archive-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A DICOM-looking file: 128-byte preamble, "DICM", then random (incompressible) bytes. */
export function dicomLike(size: number): Buffer {
  const b = randomBytes(Math.max(size, 132));
  b.fill(0, 0, 128);
  b.write('DICM', 128, 'latin1');
  return b.subarray(0, size);
}

/** Writes the given contents under `dir/src` and returns the inputs for a writer, in order. */
export function makeSources(dir: string, contents: Record<string, Buffer>): ArchiveInput[] {
  return Object.entries(contents).map(([archivePath, data]) => {
    const sourcePath = join(dir, 'src', archivePath);
    mkdirSync(dirname(sourcePath), { recursive: true });
    writeFileSync(sourcePath, data);
    return { archivePath, sourcePath };
  });
}

/** A small varied set: an empty file, a tiny one, one spanning several 32 KiB CAB blocks, compressible text. */
export function sampleContents(): Record<string, Buffer> {
  return {
    DICOMDIR: dicomLike(3000),
    'DICOM/ST1/SE1/IM1': dicomLike(200_000),
    'DICOM/ST1/SE1/IM2': dicomLike(1),
    'DICOM/ST1/SE1/EMPTY': Buffer.alloc(0),
    'NOTES.TXT': Buffer.from('PatientName^Test '.repeat(5000)),
  };
}
