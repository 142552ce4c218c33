import { strict as assert } from 'node:assert';
import { readDicomdir, fileIdProblem, ancestor } from '../../../server/src/core/dicom/dicomdir';
import { TS } from '../../../server/src/core/dicom/uids';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import type { DirFile, DirRecord } from '../../fixtures/dicom';
import { TAG } from '../../../server/src/core/dicom/tags';

function seriesOf(n: number, modality: 'CT' | 'MR' = 'CT'): DirFile[] {
  const first = makeInstance({ modality });
  const files: DirFile[] = [{ fileId: ['IMG', 'IM0'], instance: first }];
  for (let i = 1; i < n; i++) {
    files.push({ fileId: ['IMG', `IM${i}`], instance: makeInstance({ modality, studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: i + 1 }) });
  }
  return files;
}

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('dicom/dicomdir', () => {
  it('reads the record tree PATIENT → STUDY → SERIES → IMAGE and the File IDs', () => {
    const files = seriesOf(3);
    const info = readDicomdir(makeDicomdir({ files }));
    assert.deepEqual(info.problems, []);
    assert.equal(info.fileSetId, 'NHI');
    assert.equal(info.roots.length, 1);
    assert.equal(info.roots[0].type, 'PATIENT');
    assert.equal(info.roots[0].children[0].type, 'STUDY');
    assert.equal(info.instances.length, 3);
    assert.deepEqual(info.instances.map((r) => r.fileId?.join('/')), ['IMG/IM0', 'IMG/IM1', 'IMG/IM2']);
    assert.equal(info.instances[1].refSopInstanceUid, files[1].instance.sopInstanceUid);
    assert.equal(ancestor(info.instances[0], 'SERIES')?.seriesInstanceUid, files[0].instance.seriesUid);
    assert.equal(ancestor(info.instances[0], 'STUDY')?.studyInstanceUid, files[0].instance.studyUid);
  });

  it('stops on an offset loop and reports it', () => {
    const bytes = makeDicomdir({
      files: seriesOf(3),
      patchOffsets: (laid) => {
        const images = laid.filter((r) => r.record.type === 'IMAGE');
        images[2].next = images[0].offset;
      },
    });
    const info = readDicomdir(bytes);
    assert.ok(codes(info).includes('dicomdir-loop'), codes(info).join());
    assert.equal(info.instances.length, 3);
    // Named by the record whose next-record offset (0004,1400) closes the loop, and where it points.
    const last = info.instances[2];
    const loop = info.problems.find((p) => p.code === 'dicomdir-loop')!;
    assert.match(loop.message.en, new RegExp(`: IMAGE @ ${last.offset} \\(0004,1400\\) → ${info.instances[0].offset}$`));
  });

  it('reports offsets pointing outside the records, and the records left unreachable', () => {
    const bytes = makeDicomdir({
      files: seriesOf(2),
      patchOffsets: (laid) => {
        laid.find((r) => r.record.type === 'SERIES')!.lower = 0x7fff0000;
      },
    });
    const info = readDicomdir(bytes);
    assert.ok(codes(info).includes('dicomdir-bad-offset'));
    assert.match(info.problems.find((p) => p.code === 'dicomdir-bad-offset')!.message.en, /: SERIES @ \d+ \(0004,1420\) → 2147418112$/);
    assert.ok(codes(info).includes('dicomdir-orphan-records'));
    assert.ok(codes(info).includes('dicomdir-hierarchy'), 'a SERIES without instances');
    assert.equal(info.instances.length, 0);
  });

  it('reports a broken hierarchy (IMAGE directly under STUDY)', () => {
    const info = readDicomdir(makeDicomdir({
      files: seriesOf(1),
      mapRecords: (roots) => {
        const study = roots[0].children[0];
        study.children = study.children[0].children;
        return roots;
      },
    }));
    assert.ok(codes(info).includes('dicomdir-hierarchy'));
    assert.match(info.problems.find((p) => p.code === 'dicomdir-hierarchy')!.message.en, /IMAGE @ \d+ under STUDY/);
  });

  it('checks Referenced File IDs against PS3.10', () => {
    assert.equal(fileIdProblem(['IMG', 'IM0001']), null);
    assert.match(fileIdProblem(['IMG', 'image0001.dcm'])!, /image0001\.dcm/);
    assert.match(fileIdProblem(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'])!, /9 components/);
    assert.match(fileIdProblem(['TOOLONGNAME'])!, /TOOLONGNAME/);
    assert.match(fileIdProblem(['img'])!, /img/, 'lower case is not conformant');
    const files = seriesOf(1);
    files[0].fileId = ['IMG', 'im0.dcm'];
    const info = readDicomdir(makeDicomdir({ files }));
    assert.deepEqual(codes(info), ['dicomdir-bad-file-id']);
  });

  it('counts its records and File IDs in English: 1 record is, 2 records are', () => {
    /** The English message of `code` for a series of `n` images whose IMAGE records lose the elements `tags`. */
    const without = (n: number, tags: number[], code: string): string => {
      const info = readDicomdir(makeDicomdir({
        files: seriesOf(n),
        mapRecords: (roots) => {
          for (const image of roots[0].children[0].children[0].children) image.elements = image.elements.filter((e) => !tags.includes(e.tag));
          return roots;
        },
      }));
      return info.problems.find((p) => p.code === code)!.message.en;
    };
    assert.match(without(1, [TAG.ReferencedFileID], 'dicomdir-missing-file-id'), /^1 instance record lacks a Referenced File ID \(0004,1500\): /);
    assert.match(without(2, [TAG.ReferencedFileID], 'dicomdir-missing-file-id'), /^2 instance records lack a Referenced File ID \(0004,1500\): /);
    assert.match(without(1, [TAG.ReferencedSOPInstanceUIDInFile], 'dicomdir-missing-uid'), /^1 instance record lacks \(0004,1510\)/);
    assert.match(without(2, [TAG.ReferencedSOPInstanceUIDInFile], 'dicomdir-missing-uid'), /^2 instance records lack \(0004,1510\)/);
    const badIds = (n: number): string => {
      const files = seriesOf(n).map((f, i) => ({ ...f, fileId: ['IMG', `im${i}.dcm`] }));
      return readDicomdir(makeDicomdir({ files })).problems[0].message.en;
    };
    assert.match(badIds(1), /^1 Referenced File ID breaks PS3\.10 /);
    assert.match(badIds(2), /^2 Referenced File IDs break PS3\.10 /);
    const orphans = (n: number): string => {
      const info = readDicomdir(makeDicomdir({
        files: seriesOf(n),
        patchOffsets: (laid) => {
          laid.find((r) => r.record.type === 'SERIES')!.lower = 0x7fff0000;
        },
      }));
      return info.problems.find((p) => p.code === 'dicomdir-orphan-records')!.message.en;
    };
    assert.match(orphans(1), /^1 DICOMDIR record is not reachable from the record tree/);
    assert.match(orphans(2), /^2 DICOMDIR records are not reachable from the record tree/);
  });

  it('reports PATIENT, STUDY and SERIES records whose Type 1 keys are empty or absent (PS3.3 F.5), as other software writes them', () => {
    const blank = (tags: number[]) => (r: DirRecord): void => {
      r.elements = r.elements.map((e) => (tags.includes(e.tag) ? { ...e, value: '' } : e));
    };
    const info = readDicomdir(makeDicomdir({
      files: seriesOf(1),
      mapRecords: (roots) => {
        blank([TAG.PatientID])(roots[0]);
        blank([TAG.StudyDate, TAG.StudyTime])(roots[0].children[0]);
        roots[0].children[0].children[0].elements = roots[0].children[0].children[0].elements.filter((e) => e.tag !== TAG.Modality);
        return roots;
      },
    }));
    assert.deepEqual(codes(info), ['dicomdir-empty-key']);
    assert.match(info.problems[0].message.en, /PATIENT @ \d+ Patient ID \(0010,0020\); STUDY @ \d+ Study Date \(0008,0020\), Study Time \(0008,0030\); SERIES @ \d+ Modality \(0008,0060\)$/);
  });

  it('reports instance records whose Type 1 keys are empty or absent (PS3.3 F.5): an IMAGE without Instance Number, as the build numbers it', () => {
    const bytes = makeDicomdir({
      files: seriesOf(2),
      mapRecords: (roots) => {
        const image = roots[0].children[0].children[0].children[1];
        image.elements = image.elements.filter((e) => e.tag !== TAG.InstanceNumber);
        return roots;
      },
    });
    // Read by the header walker's item table and by dicom-parser alike.
    for (const walker of [true, false]) {
      const info = readDicomdir(bytes, { walker });
      assert.deepEqual(codes(info), ['dicomdir-empty-key']);
      assert.match(info.problems[0].message.en, /: IMAGE @ \d+ Instance Number \(0020,0013\)$/);
    }
  });

  it('reports an instance record whose Type 1 key holds only padding as empty, as dciodvfy does ("Empty attribute") and as the build reads the keys of a source file', () => {
    const bytes = makeDicomdir({
      files: seriesOf(2),
      mapRecords: (roots) => {
        const image = roots[0].children[0].children[0].children[1];
        image.elements = image.elements.map((e) => (e.tag === TAG.InstanceNumber ? { ...e, value: '  ' } : e));
        return roots;
      },
    });
    for (const walker of [true, false]) {
      const info = readDicomdir(bytes, { walker });
      assert.deepEqual(codes(info), ['dicomdir-empty-key'], `walker ${walker}`);
      assert.match(info.problems[0].message.en, /: IMAGE @ \d+ Instance Number \(0020,0013\)$/, `walker ${walker}`);
    }
  });

  it('reports an SR DOCUMENT record whose Concept Name Code Sequence holds no item, of defined or undefined length, and not one that holds its item', () => {
    const title = [[{ tag: 0x00080100, vr: 'SH' as const, value: '18748-4' }, { tag: 0x00080102, vr: 'SH' as const, value: 'LN' }, { tag: 0x00080104, vr: 'LO' as const, value: 'Diagnostic imaging report' }]];
    const asSr = (r: DirRecord, undefinedLength: boolean, items: typeof title | []): void => {
      r.type = 'SR DOCUMENT';
      r.elements.push(
        { tag: 0x00080023, vr: 'DA', value: '20261125' },
        { tag: 0x00080033, vr: 'TM', value: '101500' },
        { tag: 0x0040a043, vr: 'SQ', undefinedLength, value: items },
        { tag: 0x0040a491, vr: 'CS', value: 'COMPLETE' },
        { tag: 0x0040a493, vr: 'CS', value: 'UNVERIFIED' },
      );
      r.elements.sort((a, b) => a.tag - b.tag);
    };
    for (const undefinedLength of [false, true]) {
      const bytes = makeDicomdir({
        files: seriesOf(2),
        mapRecords: (roots) => {
          const [first, second] = roots[0].children[0].children[0].children;
          asSr(first, undefinedLength, title);
          asSr(second, undefinedLength, []);
          return roots;
        },
      });
      for (const walker of [true, false]) {
        const info = readDicomdir(bytes, { walker });
        assert.deepEqual(codes(info), ['dicomdir-empty-key'], `${undefinedLength} ${walker}`);
        assert.match(info.problems[0].message.en, /: SR DOCUMENT @ \d+ Concept Name Code Sequence \(0040,A043\)$/, `${undefinedLength} ${walker}`);
      }
    }
  });

  it('rejects a file that is not a Media Storage Directory, and a DICOMDIR not in Explicit VR LE', () => {
    const notDir = readDicomdir(makeInstance({ modality: 'CT' }).bytes);
    assert.ok(codes(notDir).includes('dicomdir-not-directory'));
    const implicit = readDicomdir(makeDicomdir({ files: seriesOf(2), transferSyntax: TS.ImplicitVRLittleEndian }));
    assert.deepEqual(codes(implicit), ['dicomdir-not-directory']);
    assert.equal(implicit.instances.length, 2, 'still read');
  });

  it('reports a truncated DICOMDIR without throwing', () => {
    const bytes = makeDicomdir({ files: seriesOf(4) });
    for (const cut of [10, 140, 300, bytes.length - 50]) {
      const info = readDicomdir(bytes.subarray(0, cut));
      assert.ok(info.problems.some((p) => p.severity === 'error'), `cut ${cut}: ${codes(info)}`);
    }
  });
});
