// `nhi-imaging --help` names every option the commands take, in both languages: none is accepted unsaid.
import { strict as assert } from 'node:assert';
import { BUILD_OPTIONS, RESEND_OPTIONS } from '../../../server/src/cli/build';
import { CHECK_OPTIONS } from '../../../server/src/cli/args';
import type { OptionSpec } from '../../../server/src/cli/command-line';
import { USAGE } from '../../../server/src/cli/usage';
import { TRANSPORT_FLAGS } from '../../../server/src/lsp/process';
import type { Lang } from '../../../server/src/core/types';

const LANGS: Lang[] = ['en', 'zh-TW'];

/** A command's synopsis: its last line of the help (the first is in the list of commands) and the lines of options continuing it. */
function synopsis(help: string, command: string): string {
  const lines = [...help.matchAll(new RegExp(`^ {2}nhi-imaging ${command} .*\\n(?: {10,}\\[.*\\n)*`, 'gm'))];
  assert.ok(lines.length > 0, `no synopsis of ${command}`);
  return lines[lines.length - 1][0];
}

/** The check options' part of the help, up to the build and resend part. */
function checkOptions(help: string): string {
  const start = help.search(/^check (options:|選項：)$/m);
  const end = help.search(/^build (\/|與) resend/m);
  assert.ok(start > 0 && end > start, 'no check options in the help');
  return help.slice(start, end);
}

/** How each option is written in the help: `--name`, and `-x|--name` (synopsis) or `-x, --name` (option list) with a short one. */
function unsaid(spec: OptionSpec, text: string, shortSeparator: string): string[] {
  return Object.entries(spec)
    .map(([name, { short }]) => (short ? `-${short}${shortSeparator}--${name}` : `--${name}`))
    .filter((written) => !new RegExp(`(?<![\\w-])${written.replace(/[|]/g, '\\|')}(?![\\w-])`).test(text));
}

describe('cli/usage: the help names every option', () => {
  for (const lang of LANGS) {
    it(`check, build and resend (${lang})`, () => {
      const help = USAGE[lang];
      assert.deepEqual(unsaid(CHECK_OPTIONS, checkOptions(help), ', '), []);
      assert.deepEqual(unsaid(BUILD_OPTIONS, synopsis(help, 'build'), '|'), []);
      assert.deepEqual(unsaid(RESEND_OPTIONS, synopsis(help, 'resend'), '|'), []);
    });

    it(`lsp: every transport it is started with (${lang})`, () => {
      const lsp = USAGE[lang].slice(USAGE[lang].indexOf('nhi-imaging lsp'), USAGE[lang].indexOf('nhi-imaging --help'));
      assert.deepEqual(TRANSPORT_FLAGS.filter((flag) => !lsp.includes(flag)), []);
    });
  }

  it('finds an option the help leaves out', () => {
    assert.deepEqual(unsaid({ out: { type: 'string', short: 'o' }, date: { type: 'string' } }, '[--out DIR] [--date-time X]', '|'), ['-o|--out', '--date']);
  });
});
