// placeholder entry, replaced by the extension client
export function activate(): void {}
export function deactivate(): void {}
