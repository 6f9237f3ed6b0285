import { useEffect, useRef, type ReactNode } from 'react';
import { hasRole, signOut, type Session } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { useScorecardTexts } from '../i18n/scorecard-texts';
import type { Language } from '../i18n/labels';
import { href, type Route } from '../router';

const LANGUAGES: readonly { code: Language; name: string }[] = [
  { code: 'nn', name: 'Nynorsk' },
  { code: 'nb', name: 'Bokmål' },
  { code: 'en', name: 'English' },
];

interface LayoutProps {
  readonly session: Session | null;
  readonly route: Route;
  readonly title: string;
  readonly children: ReactNode;
}

/** Skip link, banner with navigation and language switch, one main landmark, footer. */
export function Layout({ session, route, title, children }: LayoutProps) {
  const { t, label } = useI18n();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('appName')}`;
  }, [title, t]);
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipTo(main)}>
        {t('skipToContent')}
      </a>
      <header className="banner">
        <div className="banner-row">
          <a className="brand" href="#/">
            {t('appName')}
          </a>
          <LanguageSwitch />
          {session && (
            <div className="who">
              <span>
                {t('signedInAs')} {session.name} ({session.roles.map((r) => label('role', r)).join(', ')})
              </span>
              <button type="button" onClick={signOut}>
                {t('signOut')}
              </button>
            </div>
          )}
        </div>
        {session && <Navigation session={session} route={route} />}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>{t('appName')}</p>
      </footer>
    </>
  );
}

/** The skip link moves focus to main without changing the hash route. */
const skipTo = (main: React.RefObject<HTMLElement | null>) => (event: React.MouseEvent) => {
  event.preventDefault();
  main.current?.focus();
};

function Navigation({ session, route }: { session: Session; route: Route }) {
  const { t } = useI18n();
  const scorecardText = useScorecardTexts();
  const links: { path: string; text: string; show: boolean }[] = [
    { path: '/portfolio', text: t('portfolio'), show: true },
    { path: '/dashboard', text: t('dashboard'), show: hasRole(session, 'leader') },
    { path: '/scorecard', text: scorecardText('scorecard'), show: hasRole(session, 'leader', 'auditor') },
    { path: '/alerts', text: t('alerts'), show: hasRole(session, 'leader', 'caseworker') },
    { path: '/audit', text: t('history'), show: hasRole(session, 'auditor') },
    { path: '/audit/decisions', text: t('decisionLog'), show: hasRole(session, 'auditor', 'leader') },
    { path: '/audit/ledger', text: t('ledger'), show: hasRole(session, 'auditor') },
  ];
  return (
    <nav aria-label={t('mainNav')}>
      <ul className="nav">
        {links
          .filter((link) => link.show)
          .map((link) => (
            <li key={link.path}>
              <a href={href(link.path)} aria-current={route.path === link.path ? 'page' : undefined}>
                {link.text}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="language">
      <label htmlFor="language-select">{t('language')}</label>
      <select id="language-select" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
