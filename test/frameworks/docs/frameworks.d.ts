// Stand-ins for the framework APIs the blocks of docs/frameworks.md call, which are not installed
// in this repository: only the signatures those blocks use, as each framework declares them
// (h3 1.x, SvelteKit 2, Nuxt 4, Express 5). scripts/check-doc-blocks.js type-checks the blocks
// against them; calls into nango-connection-status and @nangohq/node are checked against the
// real types.
declare module 'h3' {
  export interface H3Event {
    readonly node: { req: import('node:http').IncomingMessage; res: import('node:http').ServerResponse };
  }
  export function defineEventHandler<T>(handler: (event: H3Event) => T): (event: H3Event) => T;
  /** A Fetch API `Request` for the event (h3 1.x). */
  export function toWebRequest(event: H3Event): Request;
}

declare module '@sveltejs/kit' {
  export interface RequestEvent {
    request: Request;
    url: URL;
    params: Record<string, string>;
  }
  export type RequestHandler = (event: RequestEvent) => Response | Promise<Response>;
}

declare module 'express' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  type Handler = (req: IncomingMessage & { originalUrl: string }, res: ServerResponse, next: (error?: unknown) => void) => void;
  interface Application {
    get(path: string, ...handlers: Handler[]): this;
    post(path: string, ...handlers: Handler[]): this;
    use(...handlers: Handler[]): this;
    listen(port: number, callback?: () => void): unknown;
  }
  function express(): Application;
  export default express;
}

/** Nuxt's auto-imported config helper (nuxt.config.ts), with the Nitro option the docs set. */
declare function defineNuxtConfig(config: {
  nitro?: { externals?: { traceOptions?: { conditions?: string[] } } };
  [option: string]: unknown;
}): unknown;
