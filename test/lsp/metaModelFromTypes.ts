/**
 * The LSP 3.17 meta model, read from the TypeScript declarations npm installs: vscode-languageserver-protocol (each
 * request and notification is a namespace of `method` and `type: ProtocolRequestType<Params, Result, …>` or
 * `ProtocolNotificationType<Params, …>`) and the vscode-languageserver-types it depends on (structures as interfaces,
 * enumerations as namespaces beside type aliases of literal unions, `integer`, `uinteger`, `decimal`, `DocumentUri`,
 * `URI` and `LSPAny` as aliases). A ts.Program over those files and its TypeChecker resolve every name; types are
 * converted from their declarations' syntax, so that an alias such as `uinteger` keeps its name (the checker would see
 * only `number`). The direction of a method is not in the declarations: it is read from the same package at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import type { Enumeration, MetaType, Method, Model, Property, Structure } from './metaModel';

const PROTOCOL_DIR = path.dirname(require.resolve('vscode-languageserver-protocol/package.json'));
const JSONRPC_DIR = path.dirname(require.resolve('vscode-jsonrpc/package.json', { paths: [PROTOCOL_DIR] }));

/** The aliases LSP gives a meaning of their own (a range, a URI, any JSON), checked as base types. */
const BASE_ALIASES = new Set(['integer', 'uinteger', 'decimal', 'DocumentUri', 'URI', 'LSPAny', 'LSPObject']);

const ANY: MetaType = { kind: 'base', name: 'LSPAny' };

/**
 * The base protocol's notifications, which vscode-jsonrpc declares without a namespace of method and direction (and
 * two of them without exporting it): the method, the interface of its parameters in vscode-jsonrpc's connection.d.ts,
 * and the direction the LSP specification gives it. `$/cancelRequest` has no declared parameters:
 * `{ id: integer | string }`, as the specification writes them.
 */
const BASE_PROTOCOL: { method: string; params: string | MetaType; direction: Method['messageDirection'] }[] = [
  { method: '$/cancelRequest', params: { kind: 'literal', value: { properties: [{ name: 'id', type: { kind: 'or', items: [{ kind: 'base', name: 'integer' }, { kind: 'base', name: 'string' }] } }] } }, direction: 'both' },
  { method: '$/progress', params: 'ProgressParams', direction: 'both' },
  { method: '$/setTrace', params: 'SetTraceParams', direction: 'clientToServer' },
  { method: '$/logTrace', params: 'LogTraceParams', direction: 'serverToClient' },
];

type Env = ReadonlyMap<string, MetaType>;

function isProposed(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'proposed' || (tag.tagName.text === 'since' && /^3\.18/.test(String(tag.comment ?? '').trim())));
}

function nameOf(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`a property named by ${ts.SyntaxKind[name.kind]}`);
}

/** The `const` declarations of a namespace. */
function constantsOf(namespace: ts.ModuleDeclaration): (ts.VariableDeclaration & { name: ts.Identifier })[] {
  const body = namespace.body;
  if (!body || !ts.isModuleBlock(body)) return [];
  return body.statements
    .filter(ts.isVariableStatement)
    .flatMap((s) => s.declarationList.declarations.filter((d): d is ts.VariableDeclaration & { name: ts.Identifier } => ts.isIdentifier(d.name)));
}

class Converter {
  readonly model: Model = { requests: [], notifications: [], structures: [], enumerations: [], typeAliases: [] };
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  /** What each declared name became, by its key (a generic's key names its type arguments). */
  private readonly done = new Map<string, MetaType>();
  /** The symbol that took each key: two types of one name are an error, not a silent merge. */
  private readonly owners = new Map<string, ts.Symbol>();

  constructor() {
    this.program = ts.createProgram([path.join(PROTOCOL_DIR, 'lib/common/api.d.ts')], { noLib: true, types: [], noEmit: true, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Node10 });
    this.checker = this.program.getTypeChecker();
  }

  /** The version of vscode-languageserver-types the protocol's declarations import. */
  typesVersion(): string {
    const file = this.program.getSourceFiles().find((f) => /vscode-languageserver-types[\\/]lib[\\/]umd[\\/]main\.d\.ts$/.test(f.fileName));
    if (!file) throw new Error('vscode-languageserver-types is not among the protocol declarations');
    return (JSON.parse(fs.readFileSync(path.join(path.dirname(file.fileName), '../../package.json'), 'utf8')) as { version: string }).version;
  }

  /** The requests and notifications of the protocol package: its namespaces that have a method and a protocol type. */
  readMethods(): void {
    const runtime = require(PROTOCOL_DIR) as Record<string, { method?: unknown; messageDirection?: Method['messageDirection'] }>;
    const api = this.checker.getSymbolAtLocation(this.program.getSourceFile(path.join(PROTOCOL_DIR, 'lib/common/api.d.ts'))!)!;
    for (const exported of this.checker.getExportsOfModule(api)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      const namespace = symbol.declarations?.find(ts.isModuleDeclaration);
      const typeNode = namespace && this.constType(namespace, 'type');
      if (!typeNode || !ts.isTypeReferenceNode(typeNode) || !ts.isIdentifier(typeNode.typeName)) continue;
      const kind = typeNode.typeName.text;
      const args = typeNode.typeArguments ?? [];
      const live = runtime[exported.name];
      // The values of work done progress (`WorkDoneProgress.type`): named in the model, for `$/progress` values.
      if (kind === 'ProgressType') this.convert(args[0], new Map());
      if (!/^Protocol(Request|Notification)Type0?$/.test(kind)) continue;
      if (typeof live?.method !== 'string' || !live.messageDirection) throw new Error(`${exported.name}: no method or direction at run time`);
      const method: Method = { method: live.method, messageDirection: live.messageDirection, ...(isProposed(namespace) ? { proposed: true } : {}) };
      const params = kind.endsWith('0') ? undefined : this.convertOrVoid(args[0], new Map());
      if (params) method.params = params;
      if (kind.startsWith('ProtocolRequest')) {
        method.result = this.convertOrVoid(args[kind.endsWith('0') ? 0 : 1], new Map()) ?? { kind: 'base', name: 'null' };
        this.model.requests.push(method);
      } else {
        this.model.notifications.push(method);
      }
    }
    const connection = this.program.getSourceFile(path.join(JSONRPC_DIR, 'lib/common/connection.d.ts'))!;
    for (const { method, params, direction } of BASE_PROTOCOL) {
      const declared = typeof params === 'string' ? connection.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === params) : undefined;
      if (typeof params === 'string' && !declared) throw new Error(`vscode-jsonrpc declares no ${params}`);
      const type = declared ? this.declared(declared.name, [], new Map()) : (params as MetaType);
      this.model.notifications.push({ method, messageDirection: direction, params: type });
    }
  }

  private constType(namespace: ts.ModuleDeclaration, name: string): ts.TypeNode | undefined {
    return constantsOf(namespace).find((c) => c.name.text === name)?.type;
  }

  /** A type, or undefined for `void` (no parameters; a result of null). */
  private convertOrVoid(node: ts.TypeNode | undefined, env: Env): MetaType | undefined {
    if (!node || node.kind === ts.SyntaxKind.VoidKeyword) return undefined;
    return this.convert(node, env);
  }

  convert(node: ts.TypeNode, env: Env): MetaType {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { kind: 'base', name: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { kind: 'base', name: 'decimal' };
      case ts.SyntaxKind.BooleanKeyword:
        return { kind: 'base', name: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return ANY;
      case ts.SyntaxKind.ObjectKeyword:
        return { kind: 'base', name: 'LSPObject' };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.convert(node.type, env);
    if (ts.isLiteralTypeNode(node)) return this.literal(node);
    if (ts.isUnionTypeNode(node)) {
      const items = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword).map((t) => this.convert(t, env));
      return items.length === 1 ? items[0] : { kind: 'or', items };
    }
    if (ts.isIntersectionTypeNode(node)) return { kind: 'and', items: node.types.map((t) => this.convert(t, env)) };
    if (ts.isArrayTypeNode(node)) return { kind: 'array', element: this.convert(node.elementType, env) };
    if (ts.isTupleTypeNode(node)) return { kind: 'tuple', items: node.elements.map((e) => this.convert(ts.isNamedTupleMember(e) ? e.type : e, env)) };
    if (ts.isTypeLiteralNode(node)) return this.typeLiteral(node, env);
    if (ts.isTypeReferenceNode(node)) return this.reference(node.typeName, node.typeArguments ?? [], env);
    // `typeof DocumentDiagnosticReportKind.Full` and the like: what the checker makes of it, a literal.
    return this.fromType(this.checker.getTypeFromTypeNode(node), node);
  }

  private literal(node: ts.LiteralTypeNode): MetaType {
    const l = node.literal;
    if (ts.isStringLiteral(l) || ts.isNoSubstitutionTemplateLiteral(l)) return { kind: 'stringLiteral', value: l.text };
    if (ts.isNumericLiteral(l)) return { kind: 'integerLiteral', value: Number(l.text) };
    if (ts.isPrefixUnaryExpression(l) && l.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(l.operand)) return { kind: 'integerLiteral', value: -Number(l.operand.text) };
    if (l.kind === ts.SyntaxKind.TrueKeyword || l.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'booleanLiteral', value: l.kind === ts.SyntaxKind.TrueKeyword };
    if (l.kind === ts.SyntaxKind.NullKeyword) return { kind: 'base', name: 'null' };
    throw new Error(`a literal type ${node.getText()}`);
  }

  private fromType(type: ts.Type, node: ts.Node): MetaType {
    if (type.isStringLiteral()) return { kind: 'stringLiteral', value: type.value };
    if (type.isNumberLiteral()) return { kind: 'integerLiteral', value: type.value };
    if (type.isUnion()) return { kind: 'or', items: type.types.map((t) => this.fromType(t, node)) };
    throw new Error(`cannot convert ${node.getText()} (${this.checker.typeToString(type)})`);
  }

  private properties(members: ts.NodeArray<ts.TypeElement>, env: Env): { properties: Property[]; index?: MetaType } {
    const properties: Property[] = [];
    let index: MetaType | undefined;
    for (const member of members) {
      if (ts.isPropertySignature(member)) {
        if (!member.type) throw new Error(`${member.getText()}: a property of no type`);
        properties.push({ name: nameOf(member.name), type: this.convert(member.type, env), ...(member.questionToken ? { optional: true } : {}), ...(isProposed(member) ? { proposed: true } : {}) });
      } else if (ts.isIndexSignatureDeclaration(member)) {
        index = this.convert(member.type, env);
      } else if (!ts.isMethodSignature(member) && !ts.isCallSignatureDeclaration(member)) {
        throw new Error(`a member ${member.getText()}`);
      }
    }
    return { properties, index };
  }

  /** `{ a: T; b?: U }`, or `{ [key: K]: V }` (a map). */
  private typeLiteral(node: ts.TypeLiteralNode, env: Env): MetaType {
    const { properties, index } = this.properties(node.members, env);
    if (index) {
      if (properties.length > 0) throw new Error(`a literal of properties and an index: ${node.getText()}`);
      const signature = node.members.find(ts.isIndexSignatureDeclaration)!;
      return { kind: 'map', key: this.convert(signature.parameters[0].type!, env), value: index };
    }
    return { kind: 'literal', value: { properties } };
  }

  private reference(typeName: ts.EntityName, args: readonly ts.TypeNode[], env: Env): MetaType {
    if (ts.isIdentifier(typeName) && env.has(typeName.text)) return env.get(typeName.text)!;
    let symbol = this.checker.getSymbolAtLocation(typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    if (!symbol) throw new Error(`${typeName.getText()} resolves to nothing`);
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return ANY;
    if (symbol.name === 'Array' || symbol.name === 'ReadonlyArray') return { kind: 'array', element: args[0] ? this.convert(args[0], env) : ANY };
    const declaration = symbol.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isEnumDeclaration(d));
    if (!declaration) throw new Error(`${typeName.getText()} is no interface, type or enum`);
    return this.declared((declaration as ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration).name, args.map((a) => this.convert(a, env)), env);
  }

  /** The interface, alias or enum of this name, registered in the model once per type arguments. */
  declared(name: ts.Identifier, args: MetaType[], env: Env): MetaType {
    const declaration = name.parent as ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration;
    const text = name.text;
    if (BASE_ALIASES.has(text) && ts.isTypeAliasDeclaration(declaration)) return { kind: 'base', name: text };
    if (text === 'LSPArray' && ts.isTypeAliasDeclaration(declaration)) return { kind: 'array', element: ANY };
    const parameters = ts.isEnumDeclaration(declaration) ? [] : (declaration.typeParameters ?? []);
    const bound = new Map(env);
    parameters.forEach((p, i) => bound.set(p.name.text, args[i] ?? (p.default ? this.convert(p.default, env) : ANY)));
    const actual = parameters.map((p) => bound.get(p.name.text)!);
    const key = actual.every((a) => a === ANY || (a.kind === 'base' && a.name === 'LSPAny')) ? text : `${text}<${actual.map((a) => JSON.stringify(a)).join(', ')}>`;
    const symbol = this.checker.getSymbolAtLocation(name)!;
    const owner = this.owners.get(key);
    if (owner && owner !== symbol) throw new Error(`two types named ${key}`);
    const done = this.done.get(key);
    if (done) return done;
    this.owners.set(key, symbol);
    const ref: MetaType = { kind: 'reference', name: key };
    this.done.set(key, ref);

    if (ts.isEnumDeclaration(declaration)) {
      const values = declaration.members.map((m) => ({ name: nameOf(m.name), value: this.checker.getConstantValue(m)! }));
      this.model.enumerations.push({ name: key, type: { kind: 'base', name: typeof values[0].value === 'string' ? 'string' : 'integer' }, values });
    } else if (ts.isInterfaceDeclaration(declaration)) {
      this.structure(key, (symbol.declarations ?? [declaration]).filter(ts.isInterfaceDeclaration), bound);
    } else {
      this.alias(key, declaration, bound);
    }
    return ref;
  }

  private structure(key: string, declarations: ts.InterfaceDeclaration[], env: Env): void {
    const structure: Structure = { name: key, properties: [], extends: [] };
    this.model.structures.push(structure);
    for (const declaration of declarations) {
      const { properties, index } = this.properties(declaration.members, env);
      structure.properties.push(...properties);
      if (index) structure.index = index;
      for (const clause of declaration.heritageClauses ?? []) {
        for (const base of clause.types) {
          if (!ts.isIdentifier(base.expression)) throw new Error(`${key} extends ${base.getText()}`);
          structure.extends!.push(this.reference(base.expression, base.typeArguments ?? [], env));
        }
      }
    }
  }

  /** The constants of the namespace beside an enumeration's alias, by value: their names, and whether 3.18 added them. */
  private enumerationConstants(declaration: ts.TypeAliasDeclaration): Map<unknown, { name: string; proposed: boolean }> {
    const constants = new Map<unknown, { name: string; proposed: boolean }>();
    const namespace = this.checker.getSymbolAtLocation(declaration.name)?.declarations?.find(ts.isModuleDeclaration);
    for (const constant of namespace ? constantsOf(namespace) : []) {
      const type = this.checker.getTypeAtLocation(constant.name);
      if (type.isLiteral()) constants.set(type.value, { name: constant.name.text, proposed: isProposed(constant.parent.parent) });
    }
    return constants;
  }

  /**
   * A type alias: of literals, an enumeration (with the values in their declared order, named and marked proposed
   * by the namespace beside it); of an object literal or an intersection of objects, a structure of that name;
   * otherwise an alias.
   */
  private alias(key: string, declaration: ts.TypeAliasDeclaration, env: Env): void {
    const node = declaration.type;
    const members: readonly ts.TypeNode[] = ts.isUnionTypeNode(node) ? node.types : [node];
    const literals = members.filter((m): m is ts.LiteralTypeNode => ts.isLiteralTypeNode(m) && (ts.isStringLiteral(m.literal) || ts.isNumericLiteral(m.literal)));
    if (literals.length === members.length) {
      const constants = this.enumerationConstants(declaration);
      const values: Enumeration['values'] = literals.map((m) => {
        const value = (this.literal(m) as { value: string | number }).value;
        const constant = constants.get(value);
        return { name: constant?.name ?? m.getText(), value, ...(constant?.proposed ? { proposed: true } : {}) };
      });
      this.model.enumerations.push({ name: key, type: { kind: 'base', name: typeof values[0].value === 'string' ? 'string' : 'integer' }, values });
      return;
    }
    const parts = ts.isIntersectionTypeNode(node) ? node.types : [node];
    if (parts.every((p) => (ts.isTypeLiteralNode(p) && !p.members.some(ts.isIndexSignatureDeclaration)) || (ts.isTypeReferenceNode(p) && ts.isIntersectionTypeNode(node)))) {
      const structure: Structure = { name: key, properties: [], extends: [] };
      this.model.structures.push(structure);
      for (const part of parts) {
        if (ts.isTypeLiteralNode(part)) structure.properties.push(...this.properties(part.members, env).properties);
        else structure.extends!.push(this.convert(part, env));
      }
      return;
    }
    const entry = { name: key, type: ANY };
    this.model.typeAliases.push(entry);
    entry.type = this.convert(node, env);
  }
}

export interface DeclaredModel {
  model: Model;
  /** The npm versions the model was read from. */
  versions: { protocol: string; types: string };
}

/** The meta model of the installed vscode-languageserver-protocol. */
export function modelFromDeclarations(): DeclaredModel {
  const converter = new Converter();
  converter.readMethods();
  const protocol = (JSON.parse(fs.readFileSync(path.join(PROTOCOL_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  return { model: converter.model, versions: { protocol, types: converter.typesVersion() } };
}
