// The TextMate grammar, tokenised by the vscode-textmate and vscode-oniguruma that VS Code
// 1.100.3 itself ships (taken from the code-server install, see scripts/code-server.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const vscodeModules = join(root, '.cache', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');

interface Token {
  text: string;
  scopes: string[];
}

type Tokenize = (line: string) => Token[];

async function loadTokenizer(): Promise<Tokenize> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const oniguruma = require(join(vscodeModules, 'vscode-oniguruma'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const textmate = require(join(vscodeModules, 'vscode-textmate'));
  const wasm = readFileSync(join(vscodeModules, 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'text.csv.nhi-imaging'
        ? textmate.parseRawGrammar(readFileSync(join(root, 'syntaxes', 'nhi-imaging-csv.tmLanguage.json'), 'utf8'), 'grammar.json')
        : null,
  });
  const grammar = await registry.loadGrammar('text.csv.nhi-imaging');
  assert.ok(grammar, 'grammar loads');
  return (line: string) => {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    return tokens.map((t: { startIndex: number; endIndex: number; scopes: string[] }) => ({
      text: line.slice(t.startIndex, t.endIndex),
      scopes: t.scopes,
    }));
  };
}

const VALID_ROW =
  '3501200000,12,11511,1151125083000,01,0001,1,A123456789,0700101,33070B,1,11511250900,H,DCF3501200000_000000000001.7z,,,';

/** The field number a token's scopes place it in, or null for separators and the like. */
function fieldOf(token: Token): number | null {
  for (const s of token.scopes) {
    const m = /\.field-(\d\d)\.nhi-imaging-csv$/.exec(s);
    if (m) return Number(m[1]);
  }
  return null;
}

function invalidKinds(tokens: Token[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const t of tokens) {
    const s = t.scopes.find((x) => x.startsWith('invalid.illegal.'));
    if (s) out.push([t.text, s.replace('invalid.illegal.', '').replace('.nhi-imaging-csv', '')]);
  }
  return out;
}

describe('TextMate grammar (VS Code 1.100.3 tokenizer)', function () {
  let tokenize: Tokenize;
  before(async function () {
    tokenize = await loadTokenizer();
  });

  it('gives each of the 17 fields its own scope, in order, and nothing invalid on a valid row', function () {
    const tokens = tokenize(VALID_ROW);
    const cells = tokens.filter((t) => fieldOf(t) !== null);
    const values = VALID_ROW.split(',');
    // Empty trailing fields produce no token; every non-empty one is its own field, in order.
    const expected = values.map((v, i) => [v, i + 1] as const).filter(([v]) => v !== '');
    assert.deepEqual(cells.map((t) => [t.text, fieldOf(t)]), expected);
    assert.deepEqual(invalidKinds(tokens), []);
    const commas = tokens.filter((t) => t.scopes.some((s) => s.startsWith('punctuation.separator.comma')));
    assert.equal(commas.map((t) => t.text).join(''), ','.repeat(16));
  });

  it('cycles colour scopes so that neighbouring fields differ', function () {
    const values = VALID_ROW.split(',').map((v, i) => v || `x${i}`);
    const tokens = tokenize(values.join(','));
    const colourOf = (n: number) => {
      const t = tokens.find((x) => fieldOf(x) === n)!;
      return t.scopes.find((s) => s.includes('.field-'))!.split('.field-')[0];
    };
    for (let n = 1; n < 17; n++) assert.notEqual(colourOf(n), colourOf(n + 1), `fields ${n} and ${n + 1}`);
  });

  it('marks leading and trailing spaces inside a field, and only there', function () {
    const row = VALID_ROW.replace(',01,', ', 01 ,');
    const tokens = tokenize(row);
    assert.deepEqual(invalidKinds(tokens), [
      [' ', 'leading-space'],
      [' ', 'trailing-space'],
    ]);
    const spaces = tokens.filter((t) => t.scopes.some((s) => s.includes('-space')));
    assert.ok(spaces.every((t) => fieldOf(t) === 5), 'both spaces are in field 5');
  });

  it('marks a leading space in field 1 and an ideographic space', function () {
    assert.deepEqual(invalidKinds(tokenize(' 3501200000,12')), [[' ', 'leading-space']]);
    assert.deepEqual(invalidKinds(tokenize('3501200000,12\u3000,1')), [['\u3000', 'trailing-space']]);
  });

  it('marks stray quotes and full-width characters', function () {
    const row = VALID_ROW.replace('33070B', '"33070B"').replace('A123456789', 'Ａ123456789');
    assert.deepEqual(invalidKinds(tokenize(row)), [
      ['Ａ', 'non-ascii'],
      ['"', 'quote'],
      ['"', 'quote'],
    ]);
  });

  describe('field 14 of a draft, a path relative to the CSV', function () {
    const ARCHIVE = 'DCF3501200000_000000000001.7z';
    const pathScoped = (tokens: Token[], text: string) =>
      tokens.filter((t) => t.scopes.includes('meta.path.draft.nhi-imaging-csv')).map((t) => t.text).join('') === text;

    it('scopes a path with Chinese, spaces and full-width characters as a path, marking nothing', function () {
      for (const path of ['影像/王小明 CT', '.\\檢查\\ＭＲＩ', 'CT/王.dcm;CT/李.dcm', ' 影像/一 ', '.', '..']) {
        const tokens = tokenize(VALID_ROW.replace(ARCHIVE, path));
        assert.deepEqual(invalidKinds(tokens), [], path);
        assert.ok(pathScoped(tokens, path), `${path} is one path token`);
        assert.ok(tokens.filter((t) => t.scopes.includes('meta.path.draft.nhi-imaging-csv')).every((t) => fieldOf(t) === 14));
      }
    });

    it('still marks a stray quote in a path', function () {
      assert.deepEqual(invalidKinds(tokenize(VALID_ROW.replace(ARCHIVE, '影像/"王"'))), [['"', 'quote'], ['"', 'quote']]);
    });

    it('marks Chinese in an archive name and in a path outside field 14, and takes N/A for no path', function () {
      assert.deepEqual(invalidKinds(tokenize(VALID_ROW.replace(ARCHIVE, 'DCF王_000000000001.7z'))), [['王', 'non-ascii']]);
      for (const nullLiteral of ['N/A', '#n/a', '\\N']) {
        assert.ok(!pathScoped(tokenize(VALID_ROW.replace(ARCHIVE, nullLiteral)), nullLiteral), `${nullLiteral} is no path`);
      }
      const inField13 = VALID_ROW.replace(',H,', ',影像/王,').replace(ARCHIVE, '影像/李');
      assert.deepEqual(invalidKinds(tokenize(inField13)), [['影像', 'non-ascii'], ['王', 'non-ascii']]);
    });
  });

  it('marks fields beyond the 17th as invalid', function () {
    const tokens = tokenize(VALID_ROW + ',extra,more');
    assert.deepEqual(invalidKinds(tokens), [['extra,more', 'extra-field']]);
  });

  it('tokenises short rows and empty lines without errors', function () {
    assert.deepEqual(tokenize('3501200000,12').filter((t) => fieldOf(t) !== null).map(fieldOf), [1, 2]);
    assert.doesNotThrow(() => tokenize(''));
  });
});
