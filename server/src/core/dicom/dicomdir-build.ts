import { randomUUID } from 'node:crypto';
import {
  encodeDataSet,
  encodePart10Header,
  EXPLICIT_LE,
  type DicomElement,
  type DicomItem,
  type FileMeta,
} from './encode';
import { TAG } from './tags';
import { SOP_CLASS, TS } from './uids';
import type { InstanceInfo } from './dicomdir-build-scan';
import { fileIdFor } from '../build/file-ids';
import { RECORD_KEYS } from './dicomdir-build-records';

/**
 * Builds a DICOMDIR (PS3.10 file-set, PS3.3 Annex F basic directory) for instances copied into a
 * new archive tree: PATIENT → STUDY → SERIES → instance records (IMAGE, SR DOCUMENT, KEY OBJECT DOC,
 * PRESENTATION, ENCAP DOC, … by SOP class: dicomdir-build-records.ts), Explicit VR Little Endian, records
 * linked by byte offsets from the first byte of the file (the preamble).
 */

export interface ImageEntry {
  instance: InstanceInfo;
  /** Referenced File ID components. */
  fileId: string[];
}

export interface SeriesEntry {
  seriesUid: string;
  modality: string;
  seriesNumber: string;
  images: ImageEntry[];
}

export interface StudyEntry {
  studyUid: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  studyDescription: string;
  series: SeriesEntry[];
}

export interface PatientEntry {
  patientId: string;
  patientName: string;
  studies: StudyEntry[];
}

/**
 * Groups instances into the record tree in a stable order (patient ID, study date/time, series
 * number, instance number, then source path) and assigns each its File ID. Instances with the
 * same SOP Instance UID are kept once (the first by path); the rest are returned as duplicates.
 */
export function planDirectory(instances: readonly InstanceInfo[]): { patients: PatientEntry[]; duplicates: InstanceInfo[] } {
  const seen = new Set<string>();
  const duplicates: InstanceInfo[] = [];
  const patients = new Map<string, PatientEntry>();
  const studies = new Map<string, StudyEntry>();
  const series = new Map<string, SeriesEntry>();
  const ordered = [...instances].sort((a, b) => cmp(a.sourcePath, b.sourcePath));
  for (const inst of ordered) {
    if (seen.has(inst.sopInstanceUid)) {
      duplicates.push(inst);
      continue;
    }
    seen.add(inst.sopInstanceUid);
    let p = patients.get(inst.patientId);
    if (!p) patients.set(inst.patientId, (p = { patientId: inst.patientId, patientName: inst.patientName, studies: [] }));
    let st = studies.get(inst.studyUid);
    if (!st) {
      st = {
        studyUid: inst.studyUid,
        studyDate: inst.studyDate,
        studyTime: inst.studyTime,
        studyId: inst.studyId,
        accessionNumber: inst.accessionNumber,
        studyDescription: inst.studyDescription,
        series: [],
      };
      studies.set(inst.studyUid, st);
      p.studies.push(st);
    }
    let se = series.get(inst.seriesUid);
    if (!se) {
      se = { seriesUid: inst.seriesUid, modality: inst.modality, seriesNumber: inst.seriesNumber, images: [] };
      series.set(inst.seriesUid, se);
      st.series.push(se);
    }
    se.images.push({ instance: inst, fileId: [] });
  }
  const sortedPatients = [...patients.values()].sort((a, b) => cmp(a.patientId, b.patientId) || cmp(a.patientName, b.patientName));
  sortedPatients.forEach((p, pi) => {
    p.studies.sort((a, b) => cmp(a.studyDate + a.studyTime, b.studyDate + b.studyTime) || cmp(a.studyUid, b.studyUid));
    p.studies.forEach((st, si) => {
      st.series.sort((a, b) => numCmp(a.seriesNumber, b.seriesNumber) || cmp(a.seriesUid, b.seriesUid));
      st.series.forEach((se, ei) => {
        se.images.sort(
          (a, b) => numCmp(a.instance.instanceNumber, b.instance.instanceNumber) || cmp(a.instance.sourcePath, b.instance.sourcePath),
        );
        se.images.forEach((im, ii) => {
          im.fileId = fileIdFor(pi + 1, si + 1, ei + 1, ii + 1);
        });
      });
    });
  });
  return { patients: sortedPatients, duplicates };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric order for IS values; empty or non-numeric values sort last. */
function numCmp(a: string, b: string): number {
  const x = Number.parseInt(a, 10);
  const y = Number.parseInt(b, 10);
  const xa = Number.isFinite(x);
  const ya = Number.isFinite(y);
  if (xa && ya) return x - y;
  return xa ? -1 : ya ? 1 : 0;
}

export interface DicomdirOptions {
  /** (0004,1130), at most 16 characters of A-Z 0-9 _ and space. */
  fileSetId?: string;
  /** Media Storage SOP Instance UID of the DICOMDIR; a fresh 2.25 UID by default. */
  sopInstanceUid?: string;
}

interface Rec {
  /** PATIENT, STUDY, SERIES, or the instance's record type (IMAGE, SR DOCUMENT, … see dicomdir-build-records). */
  type: string;
  keys: DicomElement[];
  children: Rec[];
  offset: number;
}

const SPECIFIC_CHARACTER_SET_UTF8 = 'ISO_IR 192';

export function buildDicomdir(patients: readonly PatientEntry[], options: DicomdirOptions = {}): Uint8Array {
  const utf8 = needsUtf8(patients);
  const roots = patients.map((p) => toRecords(p, utf8));
  const meta: FileMeta = {
    mediaStorageSopClassUid: SOP_CLASS.MediaStorageDirectory,
    mediaStorageSopInstanceUid: options.sopInstanceUid ?? newUid(),
    transferSyntaxUid: TS.ExplicitVRLittleEndian,
  };
  const head = encodePart10Header(meta);
  const fileSetId: DicomElement = { tag: TAG.FileSetID, vr: 'CS', value: options.fileSetId ?? '' };
  const offsetElements = (first: number, last: number): DicomElement[] => [
    { tag: TAG.OffsetOfFirstRootRecord, vr: 'UL', value: first },
    { tag: TAG.OffsetOfLastRootRecord, vr: 'UL', value: last },
    { tag: TAG.FileSetConsistencyFlag, vr: 'US', value: 0 },
  ];
  const beforeSequence = encodeDataSet([fileSetId, ...offsetElements(0, 0)], EXPLICIT_LE).length;
  const sequenceHeaderLength = 12;

  // Depth-first order of the records in the sequence; each record's size does not depend on the
  // offset values (all UL), so positions can be fixed before the real encoding.
  const order: Rec[] = [];
  const visit = (r: Rec): void => {
    order.push(r);
    r.children.forEach(visit);
  };
  roots.forEach(visit);
  let position = head.length + beforeSequence + sequenceHeaderLength;
  for (const r of order) {
    r.offset = position;
    position += 8 + encodeDataSet(recordItem(r, null, null), EXPLICIT_LE).length;
  }
  const nextSibling = new Map<Rec, Rec>();
  const linkSiblings = (siblings: Rec[]): void =>
    siblings.forEach((r, i) => {
      if (i + 1 < siblings.length) nextSibling.set(r, siblings[i + 1]);
      linkSiblings(r.children);
    });
  linkSiblings(roots);
  const items: DicomItem[] = order.map((r) => recordItem(r, nextSibling.get(r) ?? null, r.children[0] ?? null));

  const body = encodeDataSet(
    [
      fileSetId,
      ...offsetElements(roots[0]?.offset ?? 0, roots[roots.length - 1]?.offset ?? 0),
      { tag: TAG.DirectoryRecordSequence, vr: 'SQ', value: items },
    ],
    EXPLICIT_LE,
  );
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

function recordItem(r: Rec, next: Rec | null, lower: Rec | null): DicomItem {
  return [
    { tag: TAG.OffsetOfNextRecord, vr: 'UL', value: next?.offset ?? 0 },
    { tag: TAG.RecordInUseFlag, vr: 'US', value: 0xffff },
    { tag: TAG.OffsetOfLowerLevelEntity, vr: 'UL', value: lower?.offset ?? 0 },
    { tag: TAG.DirectoryRecordType, vr: 'CS', value: r.type },
    ...r.keys,
  ];
}

function toRecords(p: PatientEntry, utf8: boolean): Rec {
  const charset: DicomElement[] = utf8 ? [{ tag: TAG.SpecificCharacterSet, vr: 'CS', value: SPECIFIC_CHARACTER_SET_UTF8 }] : [];
  const rec = (type: Rec['type'], keys: DicomElement[], children: Rec[]): Rec => ({ type, keys: [...charset, ...keys], children, offset: 0 });
  return rec(
    'PATIENT',
    [
      { tag: TAG.PatientName, vr: 'PN', value: p.patientName },
      { tag: TAG.PatientID, vr: 'LO', value: p.patientId },
    ],
    p.studies.map((st, si) =>
      rec(
        'STUDY',
        [
          { tag: TAG.StudyDate, vr: 'DA', value: st.studyDate },
          { tag: TAG.StudyTime, vr: 'TM', value: st.studyTime },
          { tag: TAG.AccessionNumber, vr: 'SH', value: st.accessionNumber },
          { tag: TAG.StudyDescription, vr: 'LO', value: st.studyDescription },
          { tag: TAG.StudyInstanceUID, vr: 'UI', value: st.studyUid },
          { tag: TAG.StudyID, vr: 'SH', value: st.studyId || String(si + 1) },
        ],
        st.series.map((se, ei) =>
          rec(
            'SERIES',
            [
              { tag: TAG.Modality, vr: 'CS', value: se.modality },
              { tag: TAG.SeriesInstanceUID, vr: 'UI', value: se.seriesUid },
              { tag: TAG.SeriesNumber, vr: 'IS', value: se.seriesNumber || String(ei + 1) },
            ],
            se.images.map((im, ii) => rec(im.instance.record.type, instanceKeys(im, ii), [])),
          ),
        ),
      ),
    ),
  );
}

/**
 * An instance record: the references to its file, then the keys of its record type taken from the
 * file (PS3.3 F.5; an IMAGE record has Instance Number only). A missing Instance Number (Type 1)
 * is the instance's position in its series.
 */
function instanceKeys(im: ImageEntry, index: number): DicomElement[] {
  const keys: DicomElement[] = [
    { tag: TAG.ReferencedFileID, vr: 'CS', value: im.fileId },
    { tag: TAG.ReferencedSOPClassUIDInFile, vr: 'UI', value: im.instance.sopClassUid },
    { tag: TAG.ReferencedSOPInstanceUIDInFile, vr: 'UI', value: im.instance.sopInstanceUid },
    { tag: TAG.ReferencedTransferSyntaxUIDInFile, vr: 'UI', value: im.instance.transferSyntaxUid },
    ...im.instance.record.keys.filter((k) => k.tag !== TAG.InstanceNumber),
  ];
  if (RECORD_KEYS[im.instance.record.type]?.some((k) => k.tag === TAG.InstanceNumber)) {
    keys.push({ tag: TAG.InstanceNumber, vr: 'IS', value: im.instance.instanceNumber || String(index + 1) });
  }
  return keys;
}

function needsUtf8(patients: readonly PatientEntry[]): boolean {
  const nonAscii = (s: string): boolean => /[^\x20-\x7e]/.test(s);
  const nonAsciiIn = (els: readonly DicomElement[]): boolean =>
    els.some((e) => (typeof e.value === 'string' ? nonAscii(e.value) : Array.isArray(e.value) && e.vr === 'SQ' && (e.value as DicomItem[]).some(nonAsciiIn)));
  return patients.some(
    (p) =>
      nonAscii(p.patientName) ||
      nonAscii(p.patientId) ||
      p.studies.some(
        (st) =>
          nonAscii(st.studyDescription) ||
          nonAscii(st.accessionNumber) ||
          nonAscii(st.studyId) ||
          st.series.some((se) => se.images.some((im) => nonAsciiIn(im.instance.record.keys))),
      ),
  );
}

/** A UID under the 2.25 root (PS3.5 B.2): the decimal form of a random UUID. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}
