import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { labelsFor, type Language } from './labels';
import { MESSAGES, type MessageKey } from './messages';
import { currentLanguage, storeLanguage } from './language';
import { loadVocabulary } from './vocabulary';

const INDEX: Record<Language, 0 | 1 | 2> = { nn: 0, nb: 1, en: 2 };
const LOCALE: Record<Language, string> = { nn: 'nn-NO', nb: 'nb-NO', en: 'en-GB' };
export const TIME_ZONE = 'Europe/Oslo';

export interface I18n {
  readonly language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
  /** The label of an enum value, e.g. label('kind', 'project'); unknown values are shown as they are. */
  label(enumName: string, value: string | null | undefined): string;
  /** dd.mm.åååå in Europe/Oslo; empty for no value. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
  number(value: number | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(currentLanguage);
  const [vocabulary, setVocabulary] = useState<Record<string, Record<string, string>> | null>(null);
  useEffect(() => {
    document.documentElement.lang = language;
    let active = true;
    setVocabulary(null);
    void loadVocabulary(language).then((loaded) => active && setVocabulary(loaded));
    return () => {
      active = false;
    };
  }, [language]);
  const value = useMemo(() => createI18n(language, vocabulary, setLanguageState), [language, vocabulary]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function createI18n(
  language: Language,
  vocabulary: Record<string, Record<string, string>> | null,
  setLanguageState: (language: Language) => void,
): I18n {
  const labels = labelsFor(language);
  const locale = LOCALE[language];
  const dateFormat = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  // Norwegian number formatting also for the English interface: the figures are the county's.
  const numberFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 4 });
  return {
    language,
    setLanguage: (next) => {
      storeLanguage(next);
      setLanguageState(next);
    },
    t: (key) => MESSAGES[key][INDEX[language]],
    label: (enumName, value) => {
      if (value === null || value === undefined || value === '') return '';
      return vocabulary?.[enumName]?.[value] ?? labels[enumName]?.[value] ?? value;
    },
    date: (value) => (value ? dateFormat.format(new Date(value)) : ''),
    dateTime: (value) => (value ? dateTimeFormat.format(new Date(value)) : ''),
    number: (value) => (value === null || value === undefined ? '' : numberFormat.format(value)),
  };
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
