/**
 * A symbol or completion kind the client takes. LSP 3.17: a client that declares no `valueSet` supports only the
 * kinds of the protocol's first version (SymbolKind File-Array, CompletionItemKind Text-Reference, 1-18); one that
 * declares a set handles values outside it gracefully.
 */
export function declaredKind<K extends number>(valueSet: unknown, kind: K, firstVersionKind: K): K {
  // A valueSet that is no list declares nothing.
  return !Array.isArray(valueSet) && kind > FIRST_VERSION_KINDS ? firstVersionKind : kind;
}

/** SymbolKind.Array and CompletionItemKind.Reference: the last kind of each in LSP's first version. */
const FIRST_VERSION_KINDS = 18;
