import type { Language } from './labels';

const STORAGE_KEY = 'followup.language';

/** The chosen interface language (sent as Accept-Language); Nynorsk unless the user chose otherwise. */
export function currentLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'nb' || stored === 'en' ? stored : 'nn';
}

export function storeLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
}
