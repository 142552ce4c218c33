/**
 * Reads a DICOMDIR (PS3.10 §8, PS3.3 Annex F): the Media Storage Directory SOP Class, the
 * record tree linked by byte offsets from the start of the file, and the Referenced File IDs.
 *
 * The tree is walked from (0004,1200) along (0004,1400) "next" and (0004,1420) "lower"; an
 * offset that does not point at a record, or one already visited (a loop), is reported and
 * not followed, so any file terminates. Records no offset reaches are reported as orphans.
 * A missing next/lower offset counts as 0 (none). Inactive records ((0004,1410) = 0) are skipped.
 */
import type { DataSet, Element } from 'dicom-parser';
import { agreeing, counted } from '../counted';
import { problem } from './problems';
import type { DicomKey, DicomProblem } from './problems';
import { explainFailure, parserFailure } from './parser-errors';
import { fixedString, valueString } from './byte-values';
import { ItemTable } from './item-table';
import { elementString as str, elementUint, lengthProblem, overrunning, readDicomHeader } from './read';
import { TAG, TEXT_VR, tagKey, tagLabel } from './tags';
import { SOP_CLASS, TS } from './uids';
import { RECORD_KEYS } from './dicomdir-build-records';

export interface DirectoryRecord {
  /** Byte offset of the record's item from the start of the file. */
  offset: number;
  type: string;
  parent: DirectoryRecord | null;
  children: DirectoryRecord[];
  /** Referenced File ID components, as written. */
  fileId?: string[];
  refSopClassUid?: string;
  refSopInstanceUid?: string;
  refTransferSyntaxUid?: string;
  patientId?: string;
  studyInstanceUid?: string;
  studyDate?: string;
  seriesInstanceUid?: string;
  modality?: string;
}

export interface DicomdirInfo {
  fileSetId?: string;
  /** File-set Descriptor File ID (0004,1141) components: a text file of the file-set that the DICOMDIR names (PS3.3 F.2.2.1). */
  descriptorFileId?: string[];
  transferSyntaxUid?: string;
  roots: DirectoryRecord[];
  /** Instance-level records reached through the tree, in tree order. */
  instances: DirectoryRecord[];
  problems: DicomProblem[];
}

/**
 * Which record types may sit below which (PS3.3 Table F.4-1, current types). Types below
 * SERIES are instance-level: they reference a file.
 */
const INSTANCE_TYPES: readonly string[] = [
  'IMAGE', 'RT DOSE', 'RT STRUCTURE SET', 'RT PLAN', 'RT TREAT RECORD', 'PRESENTATION', 'WAVEFORM',
  'SR DOCUMENT', 'KEY OBJECT DOC', 'SPECTROSCOPY', 'RAW DATA', 'REGISTRATION', 'FIDUCIAL', 'ENCAP DOC',
  'VALUE MAP', 'STEREOMETRIC', 'MEASUREMENT', 'SURFACE', 'SURFACE SCAN', 'TRACT', 'ASSESSMENT',
  'RADIOTHERAPY', 'ANNOTATION', 'PLAN', 'HL7 STRUC DOC', 'INVENTORY',
];

const ALLOWED_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  ROOT: ['PATIENT', 'HANGING PROTOCOL', 'PALETTE', 'IMPLANT', 'IMPLANT ASSY', 'IMPLANT GROUP', 'PRIVATE', 'TOPIC'],
  PATIENT: ['STUDY', 'PRIVATE'],
  STUDY: ['SERIES', 'PRIVATE', 'FILM SESSION'],
  SERIES: [...INSTANCE_TYPES, 'PRIVATE'],
};

const INSTANCE_TYPE_SET = new Set(INSTANCE_TYPES);

/** Type 1 keys of the PATIENT, STUDY and SERIES records (PS3.3 F.5.1-F.5.3): present with a value. */
const TYPE1_KEYS: Readonly<Record<string, readonly [tag: number, name: string][]>> = {
  PATIENT: [[TAG.PatientID, 'Patient ID']],
  STUDY: [[TAG.StudyDate, 'Study Date'], [TAG.StudyTime, 'Study Time'], [TAG.StudyID, 'Study ID']],
  SERIES: [[TAG.Modality, 'Modality'], [TAG.SeriesNumber, 'Series Number']],
};

/**
 * Type 1 keys of the instance records (IMAGE F.5.18, SR DOCUMENT F.5.21, …), from the table the build writes them by
 * (dicomdir-build-records.ts), so that the check reports the keys the build refuses a file for lacking: present with a
 * value (a sequence: with an item; text: more than its padding, as the build and dciodvfy read it).
 */
const INSTANCE_TYPE1_KEYS: Readonly<Record<string, readonly [tag: number, name: string, vr: string][]>> = Object.fromEntries(
  Object.entries(RECORD_KEYS).map(([type, keys]) => [type, keys.filter((k) => k.type === '1').map((k) => [k.tag, k.name, k.vr] as const)]),
);

const NO_KEYS: readonly [tag: number, name: string][] = [];

/** A record's Type 1 keys that it lacks or holds empty. */
function emptyKeysOf(type: string, values: RecordValues): DicomKey[] {
  const text = (TYPE1_KEYS[type] ?? NO_KEYS).filter(([t]) => !values.str(t));
  const held = (INSTANCE_TYPE1_KEYS[type] ?? NO_KEYS).filter(([t, , vr]) => !values.holds(t, vr));
  return [...text, ...held].map(([tag, name]) => ({ tag, name }));
}

export function isInstanceRecord(type: string): boolean {
  return INSTANCE_TYPE_SET.has(type);
}

/** PS3.10 §8.2: at most 8 components, each 1-8 characters of A-Z, 0-9 and underscore. */
export const FILE_ID_MAX_COMPONENTS = 8;
const FILE_ID_COMPONENT = /^[A-Z0-9_]{1,8}$/;

/** Why a Referenced File ID is not conformant, or null. */
export function fileIdProblem(components: readonly string[]): string | null {
  if (components.length === 0) return 'empty';
  if (components.length > FILE_ID_MAX_COMPONENTS) return `${components.length} components (max ${FILE_ID_MAX_COMPONENTS})`;
  const bad = components.find((c) => !FILE_ID_COMPONENT.test(c));
  return bad === undefined ? null : `component "${bad}"`;
}

/*
 * Every value is read within the bytes held (str and elementUint check): dicom-parser takes an element's
 * declared length without checking it against the file, and its readers throw when asked for a value past
 * the end. readDicomdir reports such an element first (recordOverrun); these reads treat it as absent.
 */
function offsetValue(ds: DataSet, t: number): number {
  return elementUint(ds, t, 4) ?? 0;
}

function fileIdOf(ds: DataSet, t: number = TAG.ReferencedFileID): string[] | undefined {
  const el = ds.elements[tagKey(t)];
  if (!el || el.dataOffset < 0 || el.dataOffset + el.length > ds.byteArray.length) return undefined;
  return fileIdAt(ds.byteArray, el.dataOffset, el.length);
}

function fileIdAt(bytes: Uint8Array, offset: number, length: number): string[] {
  return fixedString(bytes, offset, length).replace(/[\0 ]+$/, '').split('\\').map((c) => c.trim());
}

/**
 * The first record whose element (or the record's item itself) runs past the end of the file, with
 * that element. In implicit VR dicom-parser seeks past the end without complaint: everything after
 * it was swallowed, so the records read are partial.
 */
function recordOverrun(items: Element[], size: number): { offset: number; element: Element } | undefined {
  for (const item of items) {
    const over = item.dataSet ? overrunning(item.dataSet, size, '') : undefined;
    if (over) return { offset: item.dataOffset - 8, element: over };
    if (!item.hadUndefinedLength && item.dataOffset + item.length > size) return { offset: item.dataOffset - 8, element: item };
  }
  return undefined;
}

/** A record's values (its item's data set, or its row of the item table) read as `str`, `elementUint` and `fileIdOf` read them. */
interface RecordValues {
  str(t: number): string | undefined;
  /**
   * Whether the record holds the element with a value (a sequence: with an item; text, by the element's VR or else
   * `vr`: more than padding).
   */
  holds(t: number, vr: string): boolean;
  uint(t: number, size: 2 | 4): number | undefined;
  fileId(): string[] | undefined;
}

class DataSetValues implements RecordValues {
  constructor(private readonly ds: DataSet) {}
  str(t: number): string | undefined {
    return str(this.ds, t);
  }
  uint(t: number, size: 2 | 4): number | undefined {
    return elementUint(this.ds, t, size);
  }
  holds(t: number, vr: string): boolean {
    const el = this.ds.elements[tagKey(t)];
    if (el === undefined) return false;
    if (el.items) return el.items.length > 0;
    return TEXT_VR.has(el.vr ?? vr) ? this.str(t) !== undefined : el.length > 0;
  }
  fileId(): string[] | undefined {
    return fileIdOf(this.ds);
  }
}

/** A row of the walker's item table: every value it notes lies within the bytes. */
class TableValues implements RecordValues {
  constructor(
    private readonly table: ItemTable,
    private readonly item: number,
    private readonly bytes: Uint8Array,
  ) {}
  str(t: number): string | undefined {
    const at = this.table.offset(this.item, t);
    return at < 0 ? undefined : valueString(this.bytes, at, this.table.length(this.item, t));
  }
  holds(t: number): boolean {
    return this.table.holds(this.item, t);
  }
  uint(t: number, size: 2 | 4): number | undefined {
    const at = this.table.offset(this.item, t);
    if (at < 0 || this.table.length(this.item, t) < size) return undefined;
    const b = this.bytes;
    return size === 2 ? b[at] | (b[at + 1] << 8) : (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  }
  fileId(): string[] | undefined {
    const at = this.table.offset(this.item, TAG.ReferencedFileID);
    return at < 0 ? undefined : fileIdAt(this.bytes, at, this.table.length(this.item, TAG.ReferencedFileID));
  }
}

/** The tags of a record the reader reads: the item table notes these. */
const RECORD_TAGS: readonly number[] = [
  TAG.DirectoryRecordType, TAG.ReferencedFileID, TAG.ReferencedSOPClassUIDInFile, TAG.ReferencedSOPInstanceUIDInFile,
  TAG.ReferencedTransferSyntaxUIDInFile, TAG.PatientID, TAG.StudyInstanceUID, TAG.StudyDate, TAG.SeriesInstanceUID, TAG.Modality,
  TAG.RecordInUseFlag, TAG.OffsetOfNextRecord, TAG.OffsetOfLowerLevelEntity,
  ...Object.values(TYPE1_KEYS).flatMap((keys) => keys.map(([t]) => t)),
];
const RECORD_SLOTS: ReadonlyMap<number, number> = new Map([...new Set(RECORD_TAGS)].map((t, i) => [t, i]));
/** The instance records' Type 1 keys, whose presence alone the item table notes, a bit each. */
const RECORD_FLAGS: ReadonlyMap<number, number> = new Map([...new Set(Object.values(INSTANCE_TYPE1_KEYS).flatMap((keys) => keys.map(([t]) => t)))].map((t, i) => [t, i]));

interface RawRecord {
  offset: number;
  values: RecordValues;
  next: number;
  lower: number;
  inUse: boolean;
}

function rawRecord(offset: number, values: RecordValues): RawRecord {
  // Absent, empty or unreadable: in use.
  const flag = values.uint(TAG.RecordInUseFlag, 2) ?? 0xffff;
  return {
    offset,
    values,
    next: values.uint(TAG.OffsetOfNextRecord, 4) ?? 0,
    lower: values.uint(TAG.OffsetOfLowerLevelEntity, 4) ?? 0,
    inUse: flag !== 0,
  };
}

function rawRecords(items: Element[]): RawRecord[] {
  return items.filter((item) => item.dataSet).map((item) => rawRecord(item.dataOffset - 8, new DataSetValues(item.dataSet as DataSet)));
}

function tableRecords(table: ItemTable, bytes: Uint8Array): RawRecord[] {
  return Array.from({ length: table.items }, (_, i) => rawRecord(table.itemOffset(i) - 8, new TableValues(table, i, bytes)));
}

function toRecord(raw: RawRecord, parent: DirectoryRecord | null): DirectoryRecord {
  const v = raw.values;
  return {
    offset: raw.offset,
    type: v.str(TAG.DirectoryRecordType) ?? '',
    parent,
    children: [],
    fileId: v.fileId(),
    refSopClassUid: v.str(TAG.ReferencedSOPClassUIDInFile),
    refSopInstanceUid: v.str(TAG.ReferencedSOPInstanceUIDInFile),
    refTransferSyntaxUid: v.str(TAG.ReferencedTransferSyntaxUIDInFile),
    patientId: v.str(TAG.PatientID),
    studyInstanceUid: v.str(TAG.StudyInstanceUID),
    studyDate: v.str(TAG.StudyDate),
    seriesInstanceUid: v.str(TAG.SeriesInstanceUID),
    modality: v.str(TAG.Modality),
  };
}

/** Names a record for messages: "IMAGE @ 1234". */
export function recordLabel(r: { type: string; offset: number }): string {
  return `${r.type || '?'} @ ${r.offset}`;
}

/** Deeper nesting of records than any file-set has (PATIENT → STUDY → SERIES → IMAGE is 4): not followed, so the walk cannot exhaust the stack. */
const MAX_RECORD_DEPTH = 64;

/**
 * Never throws: whatever the bytes, the result is the records read and the problems found.
 * `walker: false`: read with dicom-parser alone (tests compare the two readers).
 */
export function readDicomdir(bytes: Uint8Array, options: { walker?: boolean } = {}): DicomdirInfo {
  try {
    return readDicomdirUnchecked(bytes, options);
  } catch (e) {
    // Last line of defence: a failure not foreseen above is a finding on the file, not the end of the check.
    const why = explainFailure(parserFailure(e).detail);
    return {
      roots: [],
      instances: [],
      problems: [problem('unreadable', 'error', `無法判讀 DICOMDIR：${why['zh-TW']}`, `cannot read the DICOMDIR: ${why.en}`)],
    };
  }
}

/**
 * More directory records than a file set in one archive needs (a 4.5 GiB archive of 100,000 images
 * averages 45 KB an image). Read one by one, each costs objects in memory: a million records of one
 * element took 500 MB, and they pack into a few kilobytes.
 */
export const MAX_DICOMDIR_RECORDS = 100_000;

/** The tag (0004,1430) Directory Record Type, Type 1 in every record, as little- and big-endian bytes. */
const RECORD_TYPE_TAGS = [Buffer.from([0x04, 0x00, 0x30, 0x14]), Buffer.from([0x00, 0x04, 0x14, 0x30])];

/** How many records the bytes can hold at most, counted without parsing: the occurrences of the Directory Record Type tag. */
function recordCountBound(bytes: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (const tag of RECORD_TYPE_TAGS) for (let at = b.indexOf(tag); at >= 0; at = b.indexOf(tag, at + 4)) n++;
  return n;
}

/**
 * Each counted tag takes 4 bytes of its own (the count of each steps past a match), so the count is at most
 * half the file's length: a file this short cannot hold more records than the cap and is not searched
 * (a DICOMDIR of 100 images is some 40 KB).
 */
const SHORTER_THAN_THE_CAP = 2 * MAX_DICOMDIR_RECORDS;

function readDicomdirUnchecked(bytes: Uint8Array, options: { walker?: boolean }): DicomdirInfo {
  const records = bytes.length <= SHORTER_THAN_THE_CAP ? 0 : recordCountBound(bytes);
  if (records > MAX_DICOMDIR_RECORDS) {
    const count = records.toLocaleString('en-US');
    const cap = MAX_DICOMDIR_RECORDS.toLocaleString('en-US');
    const tooMany = problem('dicomdir-too-many-records', 'error', `DICOMDIR 含 ${count} 筆目錄紀錄，超過上限 ${cap} 筆，不予判讀`, `the DICOMDIR holds ${count} directory records, more than the ${cap} read; not read`);
    return { roots: [], instances: [], problems: [tooMany] };
  }
  // One read of the whole file: the header and the data set with the records.
  // The walker notes the records' values in a table instead of building a data set for each.
  const table = new ItemTable(TAG.DirectoryRecordSequence, RECORD_SLOTS, RECORD_FLAGS);
  const head = readDicomHeader(bytes, { untilPixelData: false, dataSet: true, walker: options.walker, itemTable: table });
  const problems: DicomProblem[] = head.problems.filter((p) => p.code !== 'implicit-vr' && p.code !== 'big-endian');
  const info: DicomdirInfo = { roots: [], instances: [], problems, transferSyntaxUid: head.header?.transferSyntaxUid };
  const ds = head.dataSet;
  if (!head.header || !ds || head.problems.some((p) => p.code === 'not-dicom')) return info;
  // A data set that could not be read to its end: what was read is partial (it may lack the meta group), nothing more to judge.
  if (head.problems.some((p) => p.severity === 'error' && (p.code === 'truncated' || p.code === 'absurd-length' || p.code === 'unreadable'))) return info;
  const sopClass = head.header.mediaStorageSopClassUid;
  if (sopClass !== SOP_CLASS.MediaStorageDirectory) {
    problems.push(problem('dicomdir-not-directory', 'error',
      `DICOMDIR 的 Media Storage SOP Class 應為 ${SOP_CLASS.MediaStorageDirectory}（Media Storage Directory），實為 ${sopClass ?? '（無）'}`,
      `the DICOMDIR's Media Storage SOP Class should be ${SOP_CLASS.MediaStorageDirectory} (Media Storage Directory), found ${sopClass ?? '(none)'}`));
  }
  if (head.header.part10 && head.header.transferSyntaxUid !== TS.ExplicitVRLittleEndian) {
    problems.push(problem('dicomdir-not-directory', 'error',
      `DICOMDIR 必須以 Explicit VR Little Endian 編碼（PS3.10 §8.6），實為 ${head.header.transferSyntaxUid}`,
      `a DICOMDIR must be encoded in Explicit VR Little Endian (PS3.10 §8.6), found ${head.header.transferSyntaxUid}`));
  }

  const sequence = ds.elements[tagKey(TAG.DirectoryRecordSequence)];
  // The walker's items lie within the bytes: only dicom-parser's can run past them.
  const overrun = table.walked ? undefined : recordOverrun(sequence?.items ?? [], ds.byteArray.length);
  if (overrun) {
    const p = lengthProblem(overrun.element, ds.byteArray.length);
    problems.push({ ...p, message: { 'zh-TW': `DICOMDIR 目錄紀錄 @ ${overrun.offset}：${p.message['zh-TW']}`, en: `DICOMDIR directory record @ ${overrun.offset}: ${p.message.en}` } });
    return info;
  }
  info.fileSetId = str(ds, TAG.FileSetID);
  info.descriptorFileId = fileIdOf(ds, TAG.FileSetDescriptorFileID);
  const raws = table.walked ? tableRecords(table, ds.byteArray) : rawRecords(sequence?.items ?? []);
  if (raws.length === 0) {
    problems.push(problem('dicomdir-no-records', 'error', 'DICOMDIR 沒有任何目錄紀錄 (0004,1220)', 'the DICOMDIR holds no directory records (0004,1220)'));
    return info;
  }
  const byOffset = new Map<number, RawRecord>();
  for (let i = 0; i < raws.length; i++) byOffset.set(raws[i].offset, raws[i]);
  const visited = new Set<number>();
  const badOffsets: string[] = [];
  const loops: string[] = [];
  const hierarchy: string[] = [];
  const emptyKeys: string[] = [];
  /** Each key of emptyKeys once, by tag. */
  const lackedKeys = new Map<number, DicomKey>();

  // Where an offset was read, for messages: the element that holds the first offset, or the record before (by its next-record offset; null: an inactive one at `prevAt`).
  const viaText = (from: string, prev: DirectoryRecord | null | undefined, prevAt: number) =>
    prev === undefined ? from : prev ? `${recordLabel(prev)} (0004,1400)` : `inactive @ ${prevAt} (0004,1400)`;
  const walk = (first: number, parent: DirectoryRecord | null, from: string, depth = 1): DirectoryRecord[] => {
    const out: DirectoryRecord[] = [];
    let at = first;
    let prev: DirectoryRecord | null | undefined;
    let prevAt = 0;
    while (at !== 0) {
      const raw = byOffset.get(at);
      if (!raw) {
        badOffsets.push(`${viaText(from, prev, prevAt)} → ${at}`);
        break;
      }
      if (visited.has(at)) {
        loops.push(`${viaText(from, prev, prevAt)} → ${at}`);
        break;
      }
      visited.add(at);
      if (raw.inUse) {
        const record = toRecord(raw, parent);
        const empty = emptyKeysOf(record.type, raw.values);
        if (empty.length) {
          emptyKeys.push(`${recordLabel(record)} ${empty.map((k) => `${k.name} ${tagLabel(k.tag)}`).join(', ')}`);
          for (const k of empty) if (!lackedKeys.has(k.tag)) lackedKeys.set(k.tag, k);
        }
        const parentType = parent ? parent.type : 'ROOT';
        const allowed = ALLOWED_CHILDREN[parentType];
        if (allowed && !allowed.includes(record.type)) hierarchy.push(`${recordLabel(record)} under ${parentType}`);
        if (raw.lower !== 0 && depth >= MAX_RECORD_DEPTH) hierarchy.push(`${recordLabel(record)} nests records more than ${MAX_RECORD_DEPTH} levels deep`);
        else if (raw.lower !== 0) record.children = walk(raw.lower, record, `${recordLabel(record)} (0004,1420)`, depth + 1);
        if (isInstanceRecord(record.type)) {
          if (record.children.length) hierarchy.push(`${recordLabel(record)} has lower-level records`);
          info.instances.push(record);
        } else if (record.type === 'SERIES' && record.children.length === 0) {
          hierarchy.push(`${recordLabel(record)} has no instance records`);
        }
        out.push(record);
        prev = record;
      } else {
        prev = null;
      }
      prevAt = at;
      at = raw.next;
    }
    return out;
  };
  const first = offsetValue(ds, TAG.OffsetOfFirstRootRecord);
  info.roots = walk(first === 0 ? raws[0].offset : first, null, '(0004,1200)');

  if (badOffsets.length) {
    problems.push(problem('dicomdir-bad-offset', 'error',
      `DICOMDIR 的紀錄位移指向不存在的紀錄：${badOffsets.slice(0, 3).join('；')}`,
      `DICOMDIR record offsets point at no record: ${badOffsets.slice(0, 3).join('; ')}`));
  }
  if (loops.length) {
    problems.push(problem('dicomdir-loop', 'error',
      `DICOMDIR 的紀錄位移形成迴圈：${loops.slice(0, 3).join('；')}`,
      `DICOMDIR record offsets form a loop: ${loops.slice(0, 3).join('; ')}`));
  }
  const orphans = raws.filter((r) => !visited.has(r.offset) && r.inUse);
  if (orphans.length) {
    problems.push(problem('dicomdir-orphan-records', 'warning',
      `DICOMDIR 有 ${orphans.length} 筆紀錄不在紀錄樹中（沒有位移指向它們）`,
      `${counted(orphans.length, 'DICOMDIR record')} ${agreeing(orphans.length, 'is', 'are')} not reachable from the record tree (no offset points at them)`));
  }
  if (hierarchy.length) {
    problems.push(problem('dicomdir-hierarchy', 'error',
      `DICOMDIR 紀錄層級應為 PATIENT → STUDY → SERIES → IMAGE：${hierarchy.slice(0, 3).join('；')}${hierarchy.length > 3 ? `（共 ${hierarchy.length} 處）` : ''}`,
      `DICOMDIR records must nest PATIENT → STUDY → SERIES → IMAGE: ${hierarchy.slice(0, 3).join('; ')}${hierarchy.length > 3 ? ` (${hierarchy.length} in all)` : ''}`));
  }
  if (emptyKeys.length) {
    problems.push({
      ...problem('dicomdir-empty-key', 'error',
        `DICOMDIR 紀錄缺少 Type 1 欄位的值（PS3.3 F.5）：${emptyKeys.slice(0, 3).join('；')}${emptyKeys.length > 3 ? `（共 ${emptyKeys.length} 筆）` : ''}`,
        `DICOMDIR records lack the value of a Type 1 key (PS3.3 F.5): ${emptyKeys.slice(0, 3).join('; ')}${emptyKeys.length > 3 ? ` (${emptyKeys.length} in all)` : ''}`),
      keys: [...lackedKeys.values()],
    });
  }
  checkInstances(info);
  return info;
}

function checkInstances(info: DicomdirInfo): void {
  const missingId: string[] = [];
  const badId: string[] = [];
  const missingUid: string[] = [];
  for (let i = 0; i < info.instances.length; i++) {
    const r = info.instances[i];
    if (!r.fileId) {
      missingId.push(recordLabel(r));
      continue;
    }
    const why = fileIdProblem(r.fileId);
    if (why) badId.push(`${r.fileId.join('\\')} (${why})`);
    if (!r.refSopInstanceUid || !r.refSopClassUid) missingUid.push(recordLabel(r));
  }
  if (missingId.length) {
    info.problems.push(problem('dicomdir-missing-file-id', 'error',
      `${missingId.length} 筆影像紀錄缺少 Referenced File ID (0004,1500)：${missingId.slice(0, 3).join('、')}`,
      `${counted(missingId.length, 'instance record')} ${agreeing(missingId.length, 'lacks', 'lack')} a Referenced File ID (0004,1500): ${missingId.slice(0, 3).join(', ')}`));
  }
  if (badId.length) {
    info.problems.push(problem('dicomdir-bad-file-id', 'error',
      `${badId.length} 個 Referenced File ID 不符 PS3.10（至多 8 段、每段 1-8 個 A-Z 0-9 _）：${badId.slice(0, 3).join('、')}`,
      `${counted(badId.length, 'Referenced File ID')} ${agreeing(badId.length, 'breaks', 'break')} PS3.10 (at most 8 components of 1-8 characters A-Z 0-9 _): ${badId.slice(0, 3).join(', ')}`));
  }
  if (missingUid.length) {
    info.problems.push(problem('dicomdir-missing-uid', 'error',
      `${missingUid.length} 筆影像紀錄缺少 (0004,1510)/(0004,1511) Referenced SOP Class/Instance UID`,
      `${counted(missingUid.length, 'instance record')} ${agreeing(missingUid.length, 'lacks', 'lack')} (0004,1510)/(0004,1511) Referenced SOP Class/Instance UID`));
  }
}

/** The record of the given type above `r` (e.g. its STUDY). */
export function ancestor(r: DirectoryRecord, type: string): DirectoryRecord | undefined {
  for (let p = r.parent; p; p = p.parent) if (p.type === type) return p;
  return undefined;
}

/** The UIDs of a referenced file that its DICOMDIR record and the records above it also give. */
export interface FileUids {
  sopInstanceUid?: string;
  sopClassUid?: string;
  transferSyntaxUid?: string;
  seriesInstanceUid?: string;
  studyInstanceUid?: string;
}

/** Where an instance record and the file it references disagree ("SOP Instance UID a ≠ b"); empty when they agree. */
export function recordDifferences(record: DirectoryRecord, file: FileUids): string[] {
  const diffs: string[] = [];
  const pairs: [string, string | undefined, string | undefined][] = [
    ['SOP Instance UID', record.refSopInstanceUid, file.sopInstanceUid],
    ['SOP Class UID', record.refSopClassUid, file.sopClassUid],
    ['Transfer Syntax', record.refTransferSyntaxUid, file.transferSyntaxUid],
    ['Series Instance UID', ancestor(record, 'SERIES')?.seriesInstanceUid, file.seriesInstanceUid],
    ['Study Instance UID', ancestor(record, 'STUDY')?.studyInstanceUid, file.studyInstanceUid],
  ];
  for (const [name, inRecord, inFile] of pairs) if (inRecord && inFile && inRecord !== inFile) diffs.push(`${name} ${inRecord} ≠ ${inFile}`);
  return diffs;
}
