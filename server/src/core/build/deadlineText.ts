import { say } from '../i18n';
import { formatGregorian } from '../roc';
import type { Lang } from '../types';

/** A batch's earliest incentive deadline as the build's summaries write it: marked 「（已過）」 / " (passed)" when it is before `now`. */
export function deadlineText(deadline: number, now: number, lang: Lang): string {
  return formatGregorian(deadline, lang) + (deadline < now ? say(lang, '（已過）', ' (passed)') : '');
}
