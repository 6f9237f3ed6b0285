import { useEffect, useState } from 'react';

/** The console routes by the URL fragment (#/initiatives/…), so the server needs no fallback route. */
export interface Route {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

function parse(hash: string): Route {
  const [path = '/', search = ''] = hash.replace(/^#/, '').split('?');
  const clean = path.startsWith('/') ? path : `/${path}`;
  return {
    path: clean,
    segments: clean.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const update = () => setRoute(parse(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const href = (path: string, query?: Record<string, string | undefined>): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value) params.set(name, value);
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ''}`;
};

export function navigate(path: string, query?: Record<string, string | undefined>): void {
  location.hash = href(path, query);
}
