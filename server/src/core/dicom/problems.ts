/**
 * What the DICOM, DICOMDIR and JPEG readers can find wrong with a file, as data: a code,
 * a default severity and a bilingual message built from details. The archive check turns
 * these into findings with rule ids (archive/rules.ts maps each code to its rule).
 */
import { SEVERITY_RANK, type Bilingual, type Severity } from '../types';

export type DicomProblemCode =
  | 'not-dicom'
  | 'not-part10'
  | 'meta-incomplete'
  | 'meta-group-length'
  | 'meta-implicit-vr'
  | 'meta-group-overrun'
  | 'meta-group-short'
  | 'deflated-meta-end'
  | 'deflated-meta-lookalike'
  | 'unknown-transfer-syntax'
  | 'big-endian'
  | 'retired-transfer-syntax'
  | 'implicit-vr'
  | 'absurd-length'
  | 'truncated'
  | 'unreadable'
  | 'sop-mismatch'
  | 'header-too-large'
  | 'pixel-data-short'
  | 'pixel-data-long'
  | 'odd-length'
  | 'odd-fragment'
  | 'bad-offset-table'
  | 'deflate-trailing'
  | 'forbidden-group'
  | 'unknown-vr'
  | 'undefined-length'
  | 'sequence-without-items'
  | 'un-items-big-endian'
  | 'tag-order'
  | 'bad-group'
  | 'meta-element-in-data-set'
  | 'undeclared-charset'
  | 'utf8-as-single-byte'
  | 'c1-read-as-windows'
  | 'dicomdir-not-directory'
  | 'dicomdir-no-records'
  | 'dicomdir-too-many-records'
  | 'dicomdir-bad-offset'
  | 'dicomdir-loop'
  | 'dicomdir-orphan-records'
  | 'dicomdir-hierarchy'
  | 'dicomdir-missing-file-id'
  | 'dicomdir-bad-file-id'
  | 'dicomdir-missing-uid'
  | 'dicomdir-empty-key'
  | 'jpeg-not-jpeg'
  | 'jpeg-truncated'
  | 'jpeg-no-frame';

export interface DicomProblem {
  code: DicomProblemCode;
  severity: Severity;
  message: Bilingual;
  /** dicomdir-empty-key: each Type 1 key a record lacks, once, in the order met (what to mend depends on which). */
  keys?: readonly DicomKey[];
}

/** A data element named, as "Patient ID" (0010,0020). */
export interface DicomKey {
  tag: number;
  name: string;
}

export function problem(code: DicomProblemCode, severity: Severity, zh: string, en: string): DicomProblem {
  return { code, severity, message: { 'zh-TW': zh, en } };
}

export function worstSeverity(list: readonly { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const p of list) if (worst === null || SEVERITY_RANK[p.severity] < SEVERITY_RANK[worst]) worst = p.severity;
  return worst;
}
