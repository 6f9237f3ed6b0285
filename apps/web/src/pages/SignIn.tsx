import { useState } from 'react';
import { ApiProblem } from '../api/client';
import { devSignIn } from '../auth/dev-sign-in';
import { ApiForm, Field, text } from '../components/forms';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router';

const ROLES = ['caseworker', 'leader', 'auditor', 'admin'] as const;

/** The development sign-in (POST /auth/dev-login). An OIDC sign-in button belongs beside it. */
export function SignInPage() {
  const { t, label } = useI18n();
  const [disabled, setDisabled] = useState(false);
  async function submit(data: FormData) {
    const roles = data.getAll('roles').map(String);
    const units = (text(data, 'units') ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    try {
      await devSignIn.signIn({ name: text(data, 'name'), sub: text(data, 'sub'), roles, units });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) setDisabled(true);
      throw error;
    }
    navigate('/');
  }
  return (
    <section className="narrow">
      <h1>{t('signIn')}</h1>
      <p>{t('devSignInHelp')}</p>
      {disabled && <p role="alert">{t('devSignInOff')}</p>}
      <ApiForm title={t('devSignInTitle')} submitLabel={t('signIn')} onSubmit={submit}>
        <Field name="name" label={t('name')} required />
        <Field name="sub" label={t('userId')} />
        <fieldset className="field" id="form-roles">
          <legend>{t('roles')}</legend>
          {ROLES.map((role) => (
            <div key={role} className="checkbox">
              <input type="checkbox" id={`role-${role}`} name="roles" value={role} />
              <label htmlFor={`role-${role}`}>{label('role', role)}</label>
            </div>
          ))}
        </fieldset>
        <Field name="units" label={t('units')} />
      </ApiForm>
    </section>
  );
}
