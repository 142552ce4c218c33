// placeholder entry, replaced by the language server
export {};
