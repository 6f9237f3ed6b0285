import { useCallback, useEffect, useState } from 'react';
import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** Loads data for a page; `reload` fetches again (after a write or a 412). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let active = true;
    setError(null);
    stableLoad().then(
      (value) => active && setData(value),
      (reason: unknown) => active && setError(reason),
    );
    return () => {
      active = false;
    };
  }, [stableLoad, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('loading')}
    </p>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <div role="alert" className="error-summary">
      <p>
        <strong>{problem?.status === 403 ? t('forbidden') : t('requestFailed')}</strong>
      </p>
      <p>{problem ? `${problem.status}: ${problem.message}` : String(error)}</p>
    </div>
  );
}

/** A RAG or status badge: the label in words, never colour alone. */
export function Badge({ enumName, value }: { enumName: string; value: string | null | undefined }) {
  const { label } = useI18n();
  if (!value) return null;
  return <span className={`badge badge-${enumName}-${value}`}>{label(enumName, value)}</span>;
}

/** RAG reasons as the API gives them: strings, or objects with a message/summary/reason. */
export function RagReasons({ reasons }: { reasons: readonly unknown[] | undefined }) {
  const { t } = useI18n();
  if (!reasons || reasons.length === 0) return null;
  return (
    <div className="rag-reasons">
      <span className="visually-hidden">{t('ragReasons')}: </span>
      <ul>
        {reasons.map((reason, index) => (
          <li key={index}>{reasonText(reason)}</li>
        ))}
      </ul>
    </div>
  );
}

function reasonText(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason && typeof reason === 'object') {
    const r = reason as Record<string, unknown>;
    for (const key of ['message', 'summary', 'reason', 'text', 'title']) if (typeof r[key] === 'string') return r[key];
  }
  return JSON.stringify(reason);
}
