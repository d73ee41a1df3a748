/**
 * The API app served on an ephemeral loopback port, with each request's wall time recorded: the cost benches
 * (claims and documents) split a path's time between the API and the functions with it.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface TimedApi {
  url: string;
  /** Milliseconds per request served, in order. */
  calls: number[];
  close(): Promise<void>;
}

export async function serveTimed(app: { fetch: (req: Request) => Response | Promise<Response> }): Promise<TimedApi> {
  const calls: number[] = [];
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve(
      {
        fetch: async (req) => {
          const started = performance.now();
          try {
            return await app.fetch(req);
          } finally {
            calls.push(performance.now() - started);
          }
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      (info: AddressInfo) => resolve(info.port),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        // ServerType is a union of http/http2 servers; both have close, only http has closeAllConnections.
        const s = server as unknown as { closeAllConnections?: () => void; close: (cb: () => void) => void };
        s.closeAllConnections?.();
        s.close(() => r());
      }),
  };
}
