/**
 * dicom-parser reports failure three ways: a plain string, an `Error`, or
 * `{ exception, dataSet }` (the elements read before the failure). This folds them into one shape.
 */
import type { DataSet } from 'dicom-parser';

export interface ParserFailure {
  /** The library's own text, for logs and the English message. */
  detail: string;
  /** Elements read before the failure, when the library handed them over. */
  partial?: DataSet;
  /** The library tried to read past the end of the bytes it was given. */
  overread: boolean;
}

/** Reads past the end, or an item or sequence whose declared end lies beyond the bytes. */
const OVERREAD = /past end of buffer|buffer overrun|buffer overread|eof encountered|invalid value for parameter 'maxP ?osition'/i;

function textOf(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

export function parserFailure(e: unknown): ParserFailure {
  if (e && typeof e === 'object' && 'exception' in e) {
    const wrapped = e as { exception: unknown; dataSet?: DataSet };
    const detail = textOf(wrapped.exception);
    return { detail, partial: wrapped.dataSet, overread: OVERREAD.test(detail) };
  }
  const detail = textOf(e);
  return { detail, overread: OVERREAD.test(detail) };
}
