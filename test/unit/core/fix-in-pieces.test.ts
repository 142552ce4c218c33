import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fixTextInPieces, pieceStarts } from '../../../server/src/core/fix/fix-in-pieces';
import { fixText } from '../../../server/src/core/fix/fix-text';
import { defaultOptions } from '../../../server/src/core/options';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validRow } from '../../fixtures/rows';

const options = defaultOptions({ now: FIXTURE_NOW, lang: 'en', fileName: FIXTURE_FILE_NAME });

const HEADER = '醫事機構代碼,醫事類別,執行年月,健保卡刷卡日期時間,就醫類別,就醫序號,補卡註記,身分證統一編號,出生日期,醫令代碼,報告序號,實際檢查日期時間,診療部位,影像壓縮檔名稱,新生兒出生日期,新生兒胞胎註記,實際收到影像日期時間';

/** A valid row's text spoilt the way exports and hands spoil it; `m` picks how. */
function mangledRow(i: number, m: number): string {
  const r = validRow(i);
  const birth = r[8];
  const gregorian = `${Number(birth.slice(0, 3)) + 1911}${birth.slice(3)}`;
  const slashed = (monthFirst: boolean) => `${Number(birth.slice(3, 5))}/${Number(birth.slice(5, 7))}/${gregorian.slice(0, 4)}`.replace(/^(\d+)\/(\d+)/, (_, a, b) => (monthFirst ? `${a}/${b}` : `${b}/${a}`));
  switch (m) {
    case 1: r[8] = gregorian; break;
    case 2: r[8] = slashed(true); break;
    case 3: r[8] = slashed(false); break;
    case 4: r[8] = '3/12/1950'; break;
    case 5: r[7] = ` ${r[7]} `; break;
    case 6: r[4] = `"${r[4]}"`; break;
    case 7: r[12] = `"${r[12]}\nX"`; break;
    case 8: r[12] = `"${r[12]}\r\nY\rZ"`; break;
    case 9: r[5] = r[5].replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))); break;
    case 10: r[13] = r[13].replace(/\.7z$/, '.7Z').replace(/\.CAB$/, '.cab'); break;
    case 11: return ',,,,,,,,,,,,,,,,';
    case 12: return '----------,--,-----';
    case 13: return '(3 rows affected)';
    case 14: return '\x1a';
    case 15: return HEADER;
    case 16: return `\ufeff${r.join(',')}`;
    case 17: r[9] = `${r[9]}"x`; break;
    case 18: r[0] = r[0].slice(1); break;
    case 19: r[2] = `${r[2]}.0`; break;
    case 20: r[8] = gregorian; r[11] = `${r[11]}00`; break;
    case 21: r[13] = `C:\\images\\${r[13]}`; break;
    case 22: return `"${r.join(',')}`;
    case 23: r[8] = `${birth.slice(1)}`; break;
    case 24: return r.map((v) => `"${v}"`).join(',');
    case 25: return r.map((v, k) => (k % 3 ? ` ${v}` : `${v}  `)).join(',');
    case 26: r[12] = `"${r[12]},x"`; r[4] = ` "${r[4]}" `; break;
    case 27: r[0] = `"${r[0]}"`; r[1] = `"${r[1]}\u3000"`; break;
    case 28: return r.slice(0, 12).map((v) => `"${v}"`).join(',');
    default: break;
  }
  return r.join(',');
}

const EOLS = ['\r\n', '\n', '\r'] as const;

/** A file of mangled rows: each row's line end its own (CRLF, LF, CR), blank lines here and there, maybe a BOM. */
const mangledFile = fc.record({
  bom: fc.boolean(),
  header: fc.boolean(),
  rows: fc.array(fc.record({ m: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 34 })), eol: fc.constantFrom(...EOLS), blank: fc.integer({ min: -6, max: 2 }) }), { maxLength: 30 }),
  eolAll: fc.option(fc.constantFrom(...EOLS)),
  last: fc.boolean(),
  edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom('', ',', '"', '\r', '\n', '\r\n', ' ', '\u3000', '\ufeff', '1')), { maxLength: 2 }),
}).map(({ bom, header, rows, eolAll, last, edits }) => {
  let t = bom ? '\ufeff' : '';
  if (header) t += `${HEADER}${eolAll ?? '\r\n'}`;
  rows.forEach(({ m, eol, blank }, i) => {
    const end = eolAll ?? eol;
    for (let b = 0; b < blank; b++) t += end;
    t += mangledRow(i, m);
    if (i < rows.length - 1 || last) t += end;
  });
  for (const [at, del, ins] of edits) {
    const i = t.length ? at % (t.length + 1) : 0;
    t = t.slice(0, i) + ins + t.slice(i + del);
  }
  return t;
});

function assertSameAsWhole(text: string, pieceChars: number): void {
  const whole = fixText(text, options);
  const pieces = fixTextInPieces(text, options, { pieceChars });
  assert.equal(pieces.text, whole.text);
  assert.deepEqual(pieces.fixed.first, whole.fixed);
  assert.deepEqual(pieces.toChoose.first, whole.toChoose);
  assert.equal(pieces.fixed.length, whole.fixed.length);
  assert.equal(pieces.toChoose.length, whole.toChoose.length);
}

describe('core/fix/fix-in-pieces (nhi-imaging fix on a large file, a piece at a time)', () => {
  it('gives the text and listing of the whole-file fix on random mangled files', () => {
    let cut = 0;
    let runs = 0;
    fc.assert(fc.property(mangledFile, fc.integer({ min: 0, max: 400 }), (text, pieceChars) => {
      runs++;
      if (pieceStarts(text, options, pieceChars).length > 0) cut++;
      assertSameAsWhole(text, pieceChars);
    }), { numRuns: 400 });
    // The property is about cut files: many of them must be (about half are, 190-240 of 400 runs).
    assert.ok(cut > runs / 3, `${cut} of ${runs} files cut into pieces`);
  });

  it('cuts a file of rows whose dates, quotes and spaces need fixing, and fixes it as a whole', () => {
    const text = Array.from({ length: 40 }, (_, i) => `${mangledRow(i, [1, 24, 25][i % 3])}\r\n`).join('');
    assert.ok(pieceStarts(text, options, 500).length > 5);
    assertSameAsWhole(text, 500);
  });

  it('names the first fixes listed and counts the others by rule', () => {
    const text = Array.from({ length: 12 }, (_, i) => `${mangledRow(i, i === 7 ? 9 : 1)}\r\n`).join('');
    const whole = fixText(text, options);
    const pieces = fixTextInPieces(text, options, { pieceChars: 300, listed: 5 });
    assert.deepEqual(pieces.fixed.first, whole.fixed.slice(0, 5));
    assert.equal(pieces.fixed.length, whole.fixed.length);
    const more = new Map<string, number>();
    for (const f of whole.fixed.slice(5)) more.set(f.ruleId, (more.get(f.ruleId) ?? 0) + 1);
    assert.deepEqual(pieces.fixed.moreByRule, more);
    assert.equal(more.size, 2);
  });

  it('takes the order of month and day from a value in another piece, and fixes lone CRs over the whole text', () => {
    const rows = Array.from({ length: 30 }, (_, i) => mangledRow(i, i === 25 ? 2 : i % 3 === 0 ? 4 : 1));
    const text = `\ufeff${rows.join('\r')}\r\n${mangledRow(31, 1)}\n`;
    assert.ok(pieceStarts(text, options, 300).length > 5);
    assertSameAsWhole(text, 300);
  });

  it('removes the byte order mark of a file joined on before a row a fix rewrites, whichever piece holds it', () => {
    const joined = validRow(3);
    joined.splice(1, 0, '');
    const text = [mangledRow(0, 0), mangledRow(1, 1), mangledRow(2, 0), '', '', `\ufeff${joined.join(',')}`].join('\r\n');
    assert.deepEqual(pieceStarts(text, options, 0), [text.indexOf(mangledRow(2, 0))]);
    assert.ok(!fixText(text.slice(pieceStarts(text, options, 0)[0]), options).text.includes('\ufeff'));
    assertSameAsWhole(text, 0);
  });
});
