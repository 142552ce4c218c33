import type { Bilingual, Finding, Fix, TextEdit } from '../types';
import type { ValidationOptions } from '../options';
import { rangeOf } from '../types';
import { agreeing, counted } from '../counted';
import { targetLineBreak, type LineBreak, type LineEnds } from '../csv/line-ends';
import { emit, isOff } from './emit';

export const RULE_LINE_ENDS = 'FILE-line-ends';

const BREAK_NAME = { '\r\n': 'CRLF', '\n': 'LF' } as const;

/**
 * FILE-line-ends: lines that end in a lone CR (classic Mac). CR LF and LF, alone or mixed, are both fine (NOTES);
 * a lone CR is neither, and a reader that splits lines at LF joins its line with the next. `edits` gives the
 * fix's edits when the text is at hand (not for a file streamed from disk); `onDisk`: the lone CRs are in the
 * file as stored, not in the editor's text (which shows them as line breaks).
 */
export function emitLineEnds(
  out: Finding[], options: ValidationOptions, ends: LineEnds | undefined, edits?: (target: LineBreak) => TextEdit[], onDisk = false,
): void {
  if (!ends?.firstCr || isOff(RULE_LINE_ENDS, options)) return;
  const { line, character } = ends.firstCr;
  const lineBreak = targetLineBreak(ends);
  const target = BREAK_NAME[lineBreak];
  const message = joinMessages(describe(ends, line + 1), onDisk ? SAVE_FROM_EDITOR : { 'zh-TW': `請一律改為 ${target} 換行`, en: `use ${target} line ends throughout` });
  const fixes: Fix[] | undefined = edits && [{
    kind: 'line-ends',
    title: { 'zh-TW': `將 ${ends.cr} 個單獨 CR 的換行改為 ${target}`, en: `Change the ${counted(ends.cr, 'lone CR line end')} to ${target}` },
    edits: edits(lineBreak),
  }];
  emit(out, options, RULE_LINE_ENDS, rangeOf(line, 0, character), null, null, onDisk ? onDiskMessage(message) : message, fixes);
}

/** What was found: every line or some of them ending in a lone CR, and where the first is. */
function describe(ends: LineEnds, line: number): Bilingual {
  if (ends.crlf + ends.lf === 0) {
    return {
      'zh-TW': `各行以單獨的 CR 結尾（舊 Mac 換行，Excel for Mac 另存「CSV（Macintosh）」即如此），自第 ${line} 行起共 ${ends.cr} 處；以 LF 分行的程式會把整個檔案讀成一列`,
      en: `the lines end in a lone CR (classic Mac line ends, as Excel for Mac's "CSV (Macintosh)" saves them), ${ends.cr} from line ${line} on; a reader that splits lines at LF sees the whole file as one row`,
    };
  }
  const others = ends.lf === 0 ? 'CRLF' : ends.crlf === 0 ? 'LF' : 'CRLF / LF';
  return {
    'zh-TW': `有 ${ends.cr} 行以單獨的 CR 結尾（舊 Mac 換行），第一處在第 ${line} 行，其餘各行以 ${others} 結尾；以 LF 分行的程式會把這些行與下一行讀成同一列`,
    en: `${counted(ends.cr, 'line')} ${agreeing(ends.cr, 'ends', 'end')} in a lone CR (classic Mac line ends), the first on line ${line}, among lines ending in ${others}; a reader that splits lines at LF joins ${agreeing(ends.cr, 'it', 'each of them')} with the next line into one row`,
  };
}

const SAVE_FROM_EDITOR: Bilingual = {
  'zh-TW': '編輯器已將它們顯示為換行，但要存檔時才會改寫磁碟上的檔案：請修改後存檔',
  en: 'the editor shows them as line breaks but rewrites the file on disk only when it saves it: make a change and save',
};

function onDiskMessage(m: Bilingual): Bilingual {
  return { 'zh-TW': `磁碟上的檔案：${m['zh-TW']}`, en: `the file on disk: ${m.en}` };
}

function joinMessages(a: Bilingual, b: Bilingual): Bilingual {
  return { 'zh-TW': `${a['zh-TW']}；${b['zh-TW']}`, en: `${a.en}; ${b.en}` };
}
