import { strict as assert } from 'node:assert';
import { decideDateOrders } from '../../../server/src/core/date-orders';
import { defaultOptions } from '../../../server/src/core/options';
import { EXAMPLE_FILE_NAME, EXAMPLE_NOW, exampleLine } from '../../../server/src/core/spec/example';
import type { Finding } from '../../../server/src/core/types';
import { validateText } from '../../../server/src/core/validate';
import { fixAllEdits } from '../../../server/src/core/fix/fix-all';
import { fixAllFixes } from '../../../server/src/core/fix/fixes';
import { FixesOfText } from '../../../server/src/lsp/fixesOfText';
import { applyEdits } from '../core/edits';

const options = defaultOptions({ now: EXAMPLE_NOW, fileName: EXAMPLE_FILE_NAME });

/** Rows of one batch with birth dates month first: 11/25/1986 shows the order the other two read either way in. */
const text = [['11/25/1986', 1], ['3/12/1986', 2], ['12/3/1986', 3]]
  .map(([birth, k]) => exampleLine({ 9: String(birth), 11: String(k), 14: `DCF3501200000_C0000000000${k}.7z` }))
  .join('\r\n') + '\r\n';

/** The findings, counting the passes made over them: deciding the order of month and day makes two. */
function countedFindings(): { findings: readonly Finding[]; passes: () => number } {
  let passes = 0;
  const findings = new Proxy(validateText(text, options).findings, {
    get(target, property, receiver) {
      if (property === Symbol.iterator || property === 'map') passes++;
      return Reflect.get(target, property, receiver);
    },
  });
  return { findings, passes: () => passes };
}

describe('the fixes code actions make of one text', () => {
  it('the order of month and day is decided once, for the quick fixes, fix-all\'s title and fix-all\'s edits', () => {
    const { findings, passes } = countedFindings();
    const fixes = new FixesOfText(() => text, findings, options);
    const decided = fixes.decided;
    const deciding = passes();
    assert.ok(deciding > 0);
    assert.equal(fixes.fixAllCount, fixAllFixes(decided.findings).length);
    const edits = fixes.fixAllEdits;
    assert.equal(passes(), deciding, 'fix-all decided the order again instead of taking the decided findings');
    assert.equal(fixes.decided, decided);
    assert.deepEqual(edits, fixAllEdits(text, decideDateOrders(validateText(text, options).findings), options));
    assert.equal(applyEdits(text, edits), text.replace('11/25/1986', '0751125').replace('3/12/1986', '0750312').replace('12/3/1986', '0751203'));
  });

  it('reads the text only for fix-all\'s edits, and makes them once', () => {
    let reads = 0;
    const fixes = new FixesOfText(() => (reads++, text), validateText(text, options).findings, options);
    assert.ok(fixes.decided.findings.length > 0 && fixes.fixAllCount > 0);
    assert.equal(reads, 0);
    assert.equal(fixes.fixAllEdits, fixes.fixAllEdits);
    assert.equal(reads, 1);
  });
});
