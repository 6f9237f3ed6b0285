import { AsyncLocalStorage } from 'node:async_hooks';

/** Who asked for the work being done: every log line written meanwhile carries these ids. */
export interface RequestContext {
  readonly requestId: string;
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts) inside a request's context. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the request being served, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
