/**
 * Ends a request with no HTTP response at all, as a dead network path does. Over @hono/node-server the
 * socket is destroyed; in-process (app.fetch) the response body errors instead.
 */
import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';

export type SandboxEnv = {
  Bindings: Partial<HttpBindings>;
  /** requestIds: whether the company honours requestids on this call (fault knob `requestIds`). */
  Variables: { requestIds?: 'replay' | 'ignore' };
};

export function dropConnection(c: Context<SandboxEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return new Response(null, { status: 499 });
  }
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error('qbo-sandbox: connection dropped by fault injection'));
      },
    }),
    { status: 200 },
  );
}
