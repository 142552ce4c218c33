// Writes docs/rules.md from the rule catalogue (every registered rule list). Run: npm run docs:rules
import { mkdirSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../server/src/core/index';
import { renderRulesDoc } from '../server/src/core/spec/rules-doc';

const target = join(__dirname, '..', 'docs', 'rules.md');
mkdirSync(join(__dirname, '..', 'docs'), { recursive: true });
const tmp = target + '.tmp';
writeFileSync(tmp, renderRulesDoc(allRules()));
const fd = openSync(tmp, 'r');
fsyncSync(fd);
closeSync(fd);
renameSync(tmp, target);
console.log(`wrote ${target} (${allRules().length} rules)`);
