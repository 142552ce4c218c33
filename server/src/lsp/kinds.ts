/**
 * A symbol or completion kind the client takes. LSP 3.17: a client that declares no `valueSet` supports only the
 * kinds of the protocol's first version (SymbolKind File-Array, CompletionItemKind Text-Reference, 1-18); one that
 * declares a set handles values outside it gracefully.
 */
export function declaredKind<K extends number>(valueSet: readonly number[] | undefined, kind: K, firstVersionKind: K): K {
  return valueSet === undefined && kind > FIRST_VERSION_KINDS ? firstVersionKind : kind;
}

/** SymbolKind.Array and CompletionItemKind.Reference: the last kind of each in LSP's first version. */
const FIRST_VERSION_KINDS = 18;
