import type * as vscode from 'vscode';

/**
 * The answer to a request the user can cancel, or undefined once they have: the server then answers "Cancelled"
 * or fails, and there is nothing more to tell them.
 */
export async function unlessCancelled<T>(request: Promise<T>, token: vscode.CancellationToken): Promise<T | undefined> {
  try {
    const answer = await request;
    return token.isCancellationRequested ? undefined : answer;
  } catch (e) {
    if (token.isCancellationRequested) return undefined;
    throw e;
  }
}
