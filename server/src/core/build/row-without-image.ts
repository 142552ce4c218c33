import type { Bilingual } from '../types';
import { bi } from '../i18n';
import { PACK_THE_EXAM } from '../images/advice';
import { withoutPixelsText } from '../images/no-image';
import { thenAgain, type Retry } from '../dicom/dicomdir-build-scan';

/**
 * The check's rule for an archive without an image (inspect.ts), by which the build refuses a draft row that holds none
 * and the editor's draft check flags it, in the same words.
 */
export const NO_IMAGE_RULE = 'A14-empty';

/** The row's sources, that none of its files holds an image (`why`), in A14-empty's words, and what to do. */
export function noImageMessage(sources: readonly string[], why: Bilingual, retry: Retry): Bilingual {
  const where = sources.join('; ');
  const advice = thenAgain(PACK_THE_EXAM, retry);
  return bi(`${where}：此列的檔案中沒有可判讀的影像（${why['zh-TW']}）：${advice['zh-TW']}`, `${where}: no readable image among the row's files (${why.en}): ${advice.en}`);
}

/** A row of `dicomFiles` DICOM files none of which holds pixel data (RT plans, reports, waveforms), as the build refuses it. */
export function withoutPixelsMessage(sources: readonly string[], dicomFiles: number, retry: Retry): Bilingual {
  return noImageMessage(sources, withoutPixelsText(dicomFiles), retry);
}
