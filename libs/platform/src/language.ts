/** The languages the service answers people in: Norwegian Nynorsk and English (the default). */
export type MessageLanguage = 'nn' | 'en';

/** `nn` when the Accept-Language header prefers Norwegian Nynorsk (nn, nn-NO, no-NN), else `en`. */
export function preferredLanguage(acceptLanguage: string | string[] | undefined): MessageLanguage {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'nn' || tag.startsWith('nn-') || tag === 'no-nn') return 'nn';
    if (tag === 'en' || tag.startsWith('en-') || tag === '*') return 'en';
  }
  return 'en';
}
