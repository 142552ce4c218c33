/**
 * Checks of JSON values against the LSP 3.17 meta model (read from the installed protocol declarations by
 * metaModelFromTypes.ts), apart from the hand-written checks of lspShapes.ts: a value is checked against a type of
 * the model, and the first mismatch is reported with its JSON path ("$.items[3].range.start.line: …"). Structures
 * are closed: a property the model does not give a structure (or gives it only as a 3.18 proposal) is a mismatch,
 * unless the structure has an index signature, as is a value of an enumeration outside its values unless the
 * enumeration takes custom values.
 */
import { modelFromDeclarations } from './metaModelFromTypes';

export type MetaType =
  | { kind: 'base'; name: string }
  | { kind: 'reference'; name: string }
  | { kind: 'array'; element: MetaType }
  | { kind: 'map'; key: MetaType; value: MetaType }
  | { kind: 'and' | 'or' | 'tuple'; items: MetaType[] }
  | { kind: 'literal'; value: { properties: Property[] } }
  | { kind: 'stringLiteral'; value: string }
  | { kind: 'integerLiteral'; value: number }
  | { kind: 'booleanLiteral'; value: boolean };

export interface Property {
  name: string;
  type: MetaType;
  optional?: boolean;
  proposed?: boolean;
}

export interface Structure {
  name: string;
  properties: Property[];
  extends?: MetaType[];
  mixins?: MetaType[];
  /** The type of the values of properties not named (an index signature); without it the structure is closed. */
  index?: MetaType;
}

export interface Enumeration {
  name: string;
  type: { kind: 'base'; name: string };
  values: { name: string; value: string | number; proposed?: boolean }[];
  supportsCustomValues?: boolean;
}

export interface Method {
  method: string;
  messageDirection: 'clientToServer' | 'serverToClient' | 'both';
  params?: MetaType;
  result?: MetaType;
  proposed?: boolean;
}

export interface Model {
  requests: Method[];
  notifications: Method[];
  structures: Structure[];
  enumerations: Enumeration[];
  typeAliases: { name: string; type: MetaType }[];
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** A URI as LSP's DocumentUri and URI: a scheme, no white space, at most one fragment, and parsed by WHATWG URL. */
function isUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:[^\s#]*(#[^\s#]*)?$/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const BASE: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  integer: (v) => Number.isInteger(v) && (v as number) >= INT_MIN && (v as number) <= INT_MAX,
  uinteger: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= INT_MAX,
  decimal: (v) => typeof v === 'number' && Number.isFinite(v),
  URI: (v) => typeof v === 'string' && isUri(v),
  DocumentUri: (v) => typeof v === 'string' && isUri(v),
  RegExp: (v) => typeof v === 'string',
  LSPAny: () => true,
  LSPObject: (v) => isObject(v),
};

/** A mismatch: where (a JSON path) and what. */
export interface Mismatch {
  path: string;
  message: string;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function depth(m: Mismatch): number {
  return (m.path.match(/[.[]/g) ?? []).length;
}

export class MetaModel {
  private readonly structures = new Map<string, Structure>();
  private readonly enumerations = new Map<string, Enumeration>();
  private readonly aliases = new Map<string, MetaType>();
  private readonly methods = new Map<string, Method>();
  private readonly propertiesCache = new Map<string, Map<string, Property>>();
  private readonly indexCache = new Map<string, MetaType | undefined>();

  constructor(model: Model, readonly source = 'a model of its own') {
    for (const s of model.structures) this.structures.set(s.name, s);
    for (const e of model.enumerations) this.enumerations.set(e.name, e);
    for (const a of model.typeAliases) this.aliases.set(a.name, a.type);
    for (const m of [...model.requests, ...model.notifications]) this.methods.set(m.method, m);
  }

  /** The model of the installed vscode-languageserver-protocol; `source` names the npm versions. */
  static load(): MetaModel {
    const { model, versions } = modelFromDeclarations();
    return new MetaModel(model, `vscode-languageserver-protocol@${versions.protocol}, vscode-languageserver-types@${versions.types}`);
  }

  /** The 3.17 request or notification of this name (none for a 3.18 proposal). */
  method(name: string): Method | undefined {
    const m = this.methods.get(name);
    return m && !m.proposed ? m : undefined;
  }

  /** The 3.17 requests (`'request'`) or notifications a side may send: the client's or the server's. */
  methodsFrom(side: 'client' | 'server', what: 'request' | 'notification'): string[] {
    const direction = side === 'client' ? 'clientToServer' : 'serverToClient';
    return [...this.methods.values()]
      .filter((m) => !m.proposed && (m.messageDirection === direction || m.messageDirection === 'both') && ('result' in m) === (what === 'request'))
      .map((m) => m.method);
  }

  /** The first mismatch of `value` against `type`, or undefined when it is of that type. */
  check(value: unknown, type: MetaType, at = '$'): Mismatch | undefined {
    switch (type.kind) {
      case 'base':
        return BASE[type.name](value) ? undefined : { path: at, message: `${show(value)} is no ${type.name}` };
      case 'stringLiteral':
      case 'integerLiteral':
      case 'booleanLiteral':
        return value === type.value ? undefined : { path: at, message: `${show(value)} is not ${JSON.stringify(type.value)}` };
      case 'array':
        if (!Array.isArray(value)) return { path: at, message: `${show(value)} is no array` };
        for (let i = 0; i < value.length; i++) {
          const m = this.check(value[i], type.element, `${at}[${i}]`);
          if (m) return m;
        }
        return undefined;
      case 'tuple':
        if (!Array.isArray(value) || value.length !== type.items.length) return { path: at, message: `${show(value)} is no tuple of ${type.items.length}` };
        for (let i = 0; i < value.length; i++) {
          const m = this.check(value[i], type.items[i], `${at}[${i}]`);
          if (m) return m;
        }
        return undefined;
      case 'map':
        if (!isObject(value)) return { path: at, message: `${show(value)} is no object (a map)` };
        for (const [key, item] of Object.entries(value)) {
          const m = this.check(key, type.key, `${at}[${JSON.stringify(key)}] (key)`) ?? this.check(item, type.value, `${at}[${JSON.stringify(key)}]`);
          if (m) return m;
        }
        return undefined;
      case 'or': {
        // The alternative that got furthest into the value tells best where it went wrong.
        const misses: Mismatch[] = [];
        for (const item of type.items) {
          const m = this.check(value, item, at);
          if (!m) return undefined;
          misses.push(m);
        }
        const deepest = Math.max(...misses.map(depth));
        if (deepest === depth({ path: at, message: '' })) return { path: at, message: `${show(value)} is none of ${type.items.map(describe).join(' | ')}` };
        const best = misses.filter((m) => depth(m) === deepest && m.path === misses.find((d) => depth(d) === deepest)!.path);
        return { path: best[0].path, message: [...new Set(best.map((m) => m.message))].join('; or ') };
      }
      case 'and':
        return this.checkObject(value, this.mergedProperties(type.items), describe(type), at, this.mergedIndex(type.items));
      case 'literal':
        return this.checkObject(value, new Map(type.value.properties.map((p) => [p.name, p])), 'literal', at, undefined);
      case 'reference':
        return this.checkReference(value, type.name, at);
    }
  }

  private checkReference(value: unknown, name: string, at: string): Mismatch | undefined {
    const alias = this.aliases.get(name);
    if (alias) return this.check(value, alias, at);
    const e = this.enumerations.get(name);
    if (e) {
      if (!BASE[e.type.name](value)) return { path: at, message: `${show(value)} is no ${e.type.name} (${name})` };
      if (e.values.some((v) => !v.proposed && v.value === value) || e.supportsCustomValues) return undefined;
      return { path: at, message: `${show(value)} is no ${name} (${e.values.filter((v) => !v.proposed).map((v) => JSON.stringify(v.value)).join(', ')})` };
    }
    if (!this.structures.has(name)) throw new Error(`the meta model has no type ${name}`);
    return this.checkObject(value, this.propertiesOf(name), name, at, this.indexOf(name));
  }

  private checkObject(value: unknown, properties: Map<string, Property>, what: string, at: string, index: MetaType | undefined): Mismatch | undefined {
    if (!isObject(value)) return { path: at, message: `${show(value)} is no object (${what})` };
    for (const p of properties.values()) {
      if (p.proposed) continue;
      if (!(p.name in value)) {
        if (!p.optional) return { path: `${at}.${p.name}`, message: `missing (${what} requires it)` };
        continue;
      }
      const m = this.check(value[p.name], p.type, `${at}.${p.name}`);
      if (m) return m;
    }
    for (const key of Object.keys(value)) {
      const p = properties.get(key);
      if (!p && index) {
        const m = this.check(value[key], index, `${at}[${JSON.stringify(key)}]`);
        if (m) return m;
        continue;
      }
      if (!p || p.proposed) return { path: `${at}.${key}`, message: `${what} has no property ${key}${p ? ' in LSP 3.17 (a 3.18 proposal)' : ''}` };
    }
    return undefined;
  }

  /** A structure's properties with those of what it extends and mixes in (its own win). */
  private propertiesOf(name: string): Map<string, Property> {
    const cached = this.propertiesCache.get(name);
    if (cached) return cached;
    const s = this.structures.get(name)!;
    const all = this.mergedProperties([...(s.extends ?? []), ...(s.mixins ?? [])]);
    for (const p of s.properties) all.set(p.name, p);
    this.propertiesCache.set(name, all);
    return all;
  }

  private mergedProperties(types: MetaType[]): Map<string, Property> {
    const all = new Map<string, Property>();
    for (const t of types) {
      if (t.kind === 'literal') for (const p of t.value.properties) all.set(p.name, p);
      else if (t.kind === 'reference' && this.structures.has(t.name)) for (const [k, p] of this.propertiesOf(t.name)) all.set(k, p);
      else if (t.kind === 'reference' && this.aliases.has(t.name)) for (const [k, p] of this.mergedProperties([this.aliases.get(t.name)!])) all.set(k, p);
      else if (t.kind === 'and') for (const [k, p] of this.mergedProperties(t.items)) all.set(k, p);
      else throw new Error(`cannot merge the properties of ${describe(t)}`);
    }
    return all;
  }

  /** The index signature of a structure or of what it extends, if any. */
  private indexOf(name: string): MetaType | undefined {
    if (this.indexCache.has(name)) return this.indexCache.get(name);
    const s = this.structures.get(name)!;
    const index = s.index ?? this.mergedIndex([...(s.extends ?? []), ...(s.mixins ?? [])]);
    this.indexCache.set(name, index);
    return index;
  }

  private mergedIndex(types: MetaType[]): MetaType | undefined {
    for (const t of types) {
      const index = t.kind === 'reference' && this.structures.has(t.name) ? this.indexOf(t.name) : t.kind === 'reference' && this.aliases.has(t.name) ? this.mergedIndex([this.aliases.get(t.name)!]) : t.kind === 'and' ? this.mergedIndex(t.items) : undefined;
      if (index) return index;
    }
    return undefined;
  }
}

function describe(type: MetaType): string {
  switch (type.kind) {
    case 'base':
    case 'reference':
      return type.name;
    case 'array':
      return `${describe(type.element)}[]`;
    case 'map':
      return `map<${describe(type.key)}, ${describe(type.value)}>`;
    case 'and':
      return type.items.map(describe).join(' & ');
    case 'or':
      return `(${type.items.map(describe).join(' | ')})`;
    case 'tuple':
      return `[${type.items.map(describe).join(', ')}]`;
    case 'literal':
      return `{ ${type.value.properties.map((p) => p.name).join(', ')} }`;
    default:
      return JSON.stringify(type.value);
  }
}

/** `m` as one line for an assertion message. */
export function mismatchText(m: Mismatch | undefined): string {
  return m ? `${m.path}: ${m.message}` : 'matches';
}
