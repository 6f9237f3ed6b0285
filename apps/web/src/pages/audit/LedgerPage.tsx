import { useState, type FormEvent } from 'react';
import { apiFetch, apiJson } from '../../api/client';
import { ErrorMessage } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { endOfDayInOslo } from './dates';

interface Verification {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly brokenEvents?: number;
  readonly firstBroken?: unknown;
  readonly verifiedAt?: string;
  readonly digestMatches?: boolean;
  readonly detail?: string;
  readonly head?: { position: number; digest: string };
}

/** GET /audit/verify (the ledger check) and GET /audit/export (download). */
export function LedgerPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('ledger')}</h1>
      <Verify />
      <Export />
    </section>
  );
}

function Verify() {
  const { t, number, dateTime } = useI18n();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const digest = String(new FormData(event.currentTarget).get('digest') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      setResult(await apiJson<Verification>(`/audit/verify${digest ? `?digest=${encodeURIComponent(digest)}` : ''}`));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="api-form" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verify')}</h2>
      <div className="field">
        <label htmlFor="verify-digest">{t('savedDigest')}</label>
        <input id="verify-digest" name="digest" />
      </div>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {t('verify')}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <div role="status" aria-live="polite">
        {result && (
          <div className={`result ${result.ok && result.digestMatches !== false ? 'result-ok' : 'result-broken'}`}>
            <p>
              <strong>{result.ok && result.digestMatches !== false ? t('verifyOk') : t('verifyBroken')}</strong>
            </p>
            <p>
              {t('checkedEvents')}: {number(result.checkedEvents)}
              {result.verifiedAt && ` · ${dateTime(result.verifiedAt)}`}
            </p>
            {result.head && <p className="digest">{result.head.digest}</p>}
            {result.detail && <p>{result.detail}</p>}
            {result.firstBroken !== undefined && <pre>{JSON.stringify(result.firstBroken, null, 2)}</pre>}
          </div>
        )}
      </div>
    </form>
  );
}

function Export() {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget);
    const format = String(d.get('format'));
    const query = new URLSearchParams({ format });
    if (d.get('from')) query.set('from', String(d.get('from')));
    if (d.get('to')) query.set('to', endOfDayInOslo(String(d.get('to'))));
    setError(null);
    // The export needs the bearer token, so it is fetched and handed to the browser as a file.
    const response = await apiFetch(`/audit/export?${query}`);
    if (!response.ok) return setError(new Error(`HTTP ${response.status}`));
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: `followup-export.${format}` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="api-form" aria-labelledby="export-title">
      <h2 id="export-title">{t('exportTitle')}</h2>
      <div className="field">
        <label htmlFor="export-from">{t('from')}</label>
        <input id="export-from" name="from" type="date" />
      </div>
      <div className="field">
        <label htmlFor="export-to">{t('to')}</label>
        <input id="export-to" name="to" type="date" />
      </div>
      <div className="field">
        <label htmlFor="export-format">{t('format')}</label>
        <select id="export-format" name="format" defaultValue="ndjson">
          <option value="ndjson">NDJSON</option>
          <option value="csv">CSV</option>
        </select>
      </div>
      <div className="form-actions">
        <button type="submit">{t('download')}</button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
