// Prints {"errors","warnings","infos"} for one CSV as the core validates it (the numbers the
// Problems status-bar item must show once the file is open).
//   tsx test/vscode/ui/expected-counts.ts FILE REFERENCE-TIME
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { defaultOptions, validateText } from '../../../server/src/core/index';

const [file, reference] = process.argv.slice(2);
const { findings } = validateText(
  readFileSync(file, 'utf8'),
  defaultOptions({ now: Date.parse(reference), lang: 'en', fileName: basename(file) }),
);
const count = (s: string) => findings.filter((f) => f.severity === s).length;
console.log(JSON.stringify({ errors: count('error'), warnings: count('warning'), infos: count('information') }));
