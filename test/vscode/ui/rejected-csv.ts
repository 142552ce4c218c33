// Prints, as JSON, an upload CSV the NHI would reject for mechanical problems only, the text it must become,
// and what the core finds in it: the keyboard journey of run-keyboard-fix.mjs starts from the first and must
// end at the second.
//   tsx test/vscode/ui/rejected-csv.ts
import { defaultOptions, validateText } from '../../../server/src/core/index';
import { FIELDS } from '../../../server/src/core/spec/fields';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validRow } from '../../fixtures/rows';

const EOL = '\r\n';
const rows = [0, 1, 2, 3].map(validRow);
const fixed = rows.map((r) => r.join(',')).join(EOL) + EOL;

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** Field 9, 民國 YYYMMDD, as the Gregorian YYYYMMDD a hospital system exports. */
const gregorian = (roc: string) => String(Number(roc.slice(0, 3)) + 1911) + roc.slice(3);
const patch = (row: string[], field: number, value: string) => row.map((v, i) => (i === field - 1 ? value : v));

const broken = [
  '\uFEFF' + FIELDS.map((f) => f.name['zh-TW']).join(','),
  patch(rows[0], 9, gregorian(rows[0][8])).join(','),
  patch(rows[1], 10, rows[1][9].toLowerCase()).join(','),
  patch(rows[2], 6, toFullWidth(rows[2][5])).join(','),
  patch(rows[3], 2, ` ${rows[3][1]} `).join(','),
].join(EOL) + EOL;

/**
 * Every valid row gets the information of its incentive deadline: off, so that a clean file leaves the Problems
 * panel empty and any finding left, whatever its severity, shows there.
 */
const severities = { DEADLINE: 'off' } as const;
const options = defaultOptions({ now: FIXTURE_NOW, lang: 'en', fileName: FIXTURE_FILE_NAME, severities });
const counts = (text: string) => {
  const f = validateText(text, options).findings;
  const of = (s: string) => f.filter((x) => x.severity === s).length;
  return { errors: of('error'), warnings: of('warning'), infos: of('information'), hints: of('hint') };
};
console.log(JSON.stringify({
  fileName: FIXTURE_FILE_NAME,
  settings: {
    'nhiImaging.deadlineReferenceTime': new Date(FIXTURE_NOW).toISOString(),
    'nhiImaging.language': 'en',
    'nhiImaging.severity': severities,
    'files.autoSave': 'off',
  },
  broken,
  fixed,
  brokenCounts: counts(broken),
  fixedCounts: counts(fixed),
}));
