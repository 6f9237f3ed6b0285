import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { currentSession, hasRole, onSessionChange, type Session } from './auth/session';
import { Layout } from './components/Layout';
import { I18nProvider, useI18n } from './i18n/i18n';
import { navigate, useRoute, type Route } from './router';
import { AlertsPage } from './pages/Alerts';
import { DecisionLogPage } from './pages/audit/DecisionLogPage';
import { HistoryPage } from './pages/audit/HistoryPage';
import { LedgerPage } from './pages/audit/LedgerPage';
import { DashboardPage } from './pages/Dashboard';
import { InitiativePage } from './pages/initiative/InitiativePage';
import { PortfolioPage } from './pages/Portfolio';
import { RegisterInitiativePage } from './pages/RegisterInitiative';
import { SignInPage } from './pages/SignIn';
import { scorecardRoute } from './pages/scorecard/scorecard-route';
import './styles.css';

function useSession(): Session | null {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onSessionChange(() => setSession(currentSession())), []);
  return session;
}

/** The start page by role: leaders see the dashboard, auditors the history, everyone else the portfolio. */
function home(session: Session): string {
  if (hasRole(session, 'caseworker')) return '/portfolio';
  if (session.roles.includes('leader')) return '/dashboard';
  if (session.roles.includes('auditor')) return '/audit';
  return '/portfolio';
}

function App() {
  const route = useRoute();
  const session = useSession();
  const { t } = useI18n();
  useEffect(() => {
    if (!session && route.path !== '/sign-in') navigate('/sign-in');
    else if (session && (route.path === '/' || route.path === '/sign-in')) navigate(home(session));
  }, [session, route.path]);
  const [title, page] = session ? pageFor(route, session, t) : [t('signIn'), <SignInPage key="sign-in" />];
  // Focus moves to the new page's main region so keyboard and screen-reader users start there.
  const firstPath = useRef(route.path);
  useEffect(() => {
    if (route.path === firstPath.current) return;
    firstPath.current = '';
    if (route.path !== '/sign-in') document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.path]);
  return (
    <Layout session={session} route={route} title={title}>
      {page}
    </Layout>
  );
}

function pageFor(route: Route, session: Session, t: ReturnType<typeof useI18n>['t']): [string, React.ReactNode] {
  const [first, second, third] = route.segments;
  const q = (name: string) => route.query.get(name);
  if (first === 'initiatives' && second === 'new') {
    return [t('registerInitiative'), <RegisterInitiativePage parentId={q('parentId')} />];
  }
  if (first === 'initiatives' && second) return [t('initiative'), <InitiativePage id={second} session={session} />];
  if (first === 'dashboard') return [t('dashboard'), <DashboardPage />];
  if (first === 'alerts') return [t('alerts'), <AlertsPage />];
  if (first === 'audit' && second === 'decisions') {
    const filters = Object.fromEntries([...route.query.entries()].filter(([, v]) => v));
    return [t('decisionLog'), <DecisionLogPage filters={filters} />];
  }
  if (first === 'audit' && second === 'ledger') return [t('ledger'), <LedgerPage />];
  if (first === 'audit') {
    const id = second === 'initiatives' ? (third ?? null) : null;
    return [t('history'), <HistoryPage key={route.path} id={id} asOf={q('asOf')} validAt={q('validAt')} />];
  }
  if (first === 'scorecard') return scorecardRoute(route);
  if (first === 'portfolio' || !first) return [t('portfolio'), <PortfolioPage session={session} />];
  return [t('notFound'), <h1>{t('notFound')}</h1>];
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
