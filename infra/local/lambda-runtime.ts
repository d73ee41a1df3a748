/**
 * Runs a Lambda handler module the way Lambda would: JSON in, JSON out, errors named by their type.
 * The module is the one the CDK app deploys for that function (named in the template's metadata).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { repositoryRoot } from '../constructs/factflow-function.ts';

type Handler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

export class LocalLambdaRuntime {
  private readonly handlers = new Map<string, Promise<Handler>>();

  /** @param entries function name (logical id) → module path relative to the repository root */
  constructor(private readonly entries: Map<string, string>) {}

  has(functionName: string): boolean {
    return this.entries.has(functionName);
  }

  private load(functionName: string): Promise<Handler> {
    let handler = this.handlers.get(functionName);
    if (!handler) {
      const entry = this.entries.get(functionName);
      if (!entry) throw new Error(`no local handler for function ${functionName}`);
      handler = import(pathToFileURL(path.join(repositoryRoot, entry)).href).then((mod: { handler?: Handler }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${entry} exports no handler`);
        return mod.handler;
      });
      this.handlers.set(functionName, handler);
    }
    return handler;
  }

  async invoke(functionName: string, payload: unknown, timeoutMs = 60_000): Promise<unknown> {
    const handler = await this.load(functionName);
    const deadline = Date.now() + timeoutMs;
    const context = {
      functionName,
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    // A JSON round trip, as Lambda's wire format would do, so no object is shared with the caller.
    const result = await handler(JSON.parse(JSON.stringify(payload ?? null)), context);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  }
}

/** The function name (logical id) in a Lambda ARN or a bare name. */
export function functionNameOf(arnOrName: string): string {
  const match = /:function:([^:]+)/.exec(arnOrName);
  return match ? match[1]! : arnOrName;
}
