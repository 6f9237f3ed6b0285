import { createContext, useContext, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiProblem, type FieldProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

const FieldErrors = createContext<Record<string, string>>({});

/** A field's id from its name: `targets[0].at` -> `f-targets-0-at` (stable, so error links can point at it). */
export const fieldId = (form: string, name: string) => `${form}-field-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
const FormIdContext = createContext('form');
/** Field labels by name, so the error summary names fields as the form shows them. */
const FieldLabels = createContext<Map<string, string>>(new Map());

interface ApiFormProps {
  readonly title: string;
  readonly submitLabel: string;
  readonly children: ReactNode;
  /** Sends the request; an ApiProblem's details appear at the fields they name. */
  readonly onSubmit: (data: FormData) => Promise<unknown>;
  readonly onDone?: (result: unknown) => void;
  /** Offered after a 412: reload what the page shows, then try again. */
  readonly onReload?: () => void;
  readonly headingLevel?: 2 | 3;
  /** Shown behind a disclosure button (its title), so a page with many forms stays short. */
  readonly collapsed?: boolean;
}

interface Failure {
  readonly errors: readonly FieldProblem[];
  readonly message: string;
  readonly conflict: boolean;
}

export function ApiForm(props: ApiFormProps) {
  if (!props.collapsed) return <FormBody {...props} />;
  return (
    <details className="form-disclosure">
      <summary>{props.title}</summary>
      <FormBody {...props} />
    </details>
  );
}

function FormBody(props: ApiFormProps) {
  const { t } = useI18n();
  const formId = useId().replace(/:/g, '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const labels = useRef(new Map<string, string>());
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setSaved(false);
    try {
      const result = await props.onSubmit(new FormData(form));
      setFailure(null);
      setSaved(true);
      form.reset();
      props.onDone?.(result);
    } catch (error) {
      const problem = error instanceof ApiProblem ? error : null;
      setFailure({
        errors: problem?.details ?? [],
        conflict: !!problem?.isConflict,
        message: problem ? problem.message : String(error),
      });
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const byField = Object.fromEntries((failure?.errors ?? []).map((e) => [e.field, e.message]));
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${formId}-heading`} className="api-form">
      <Heading id={`${formId}-heading`}>{props.title}</Heading>
      {failure && (
        <div ref={summary} tabIndex={-1} role="alert" className="error-summary">
          <ErrorSummary failure={failure} formId={formId} labels={labels.current} onReload={props.onReload} />
        </div>
      )}
      <FormIdContext.Provider value={formId}>
        <FieldLabels.Provider value={labels.current}>
          <FieldErrors.Provider value={byField}>{props.children}</FieldErrors.Provider>
        </FieldLabels.Provider>
      </FormIdContext.Provider>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        <span role="status" className="saved">
          {saved ? t('saved') : ''}
        </span>
      </div>
    </form>
  );
}

interface ErrorSummaryProps {
  readonly failure: Failure;
  readonly formId: string;
  readonly labels: Map<string, string>;
  readonly onReload: (() => void) | undefined;
}

/** What went wrong, with a link to each field the server named; after a 412, the offer to reload. */
function ErrorSummary({ failure, formId, labels, onReload }: ErrorSummaryProps) {
  const { t } = useI18n();
  return (
    <>
      <p>
        <strong>{failure.conflict ? t('conflict') : t('errorSummary')}</strong>
      </p>
      {!failure.conflict && <p>{failure.message}</p>}
      {failure.errors.length > 0 && (
        <ul>
          {failure.errors.map((e) => (
            <li key={e.field}>
              <a href={`#${fieldId(formId, e.field)}`} onClick={focusField(fieldId(formId, e.field))}>
                {labels.get(e.field) ?? e.field}: {e.message}
              </a>
            </li>
          ))}
        </ul>
      )}
      {failure.conflict && onReload && (
        <button type="button" onClick={onReload}>
          {t('reload')}
        </button>
      )}
    </>
  );
}

/** In-page error links must not change the hash route: move focus instead. */
const focusField = (id: string) => (event: React.MouseEvent) => {
  event.preventDefault();
  document.getElementById(id)?.focus();
};

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'number' | 'date' | 'url';
  readonly required?: boolean;
  readonly defaultValue?: string | number;
  readonly hint?: string;
  readonly multiline?: boolean;
  readonly options?: readonly { value: string; label: string }[];
}

/** A labelled input, textarea or select whose server error (by field name) appears beneath it. */
export function Field(props: FieldProps) {
  const formId = useContext(FormIdContext);
  const error = useContext(FieldErrors)[props.name];
  const { t } = useI18n();
  const id = fieldId(formId, props.name);
  useContext(FieldLabels).set(props.name, props.label);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
    defaultValue: props.defaultValue,
  };
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {!props.required && <span className="optional"> ({t('optional')})</span>}
      </label>
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="error-text">
          {error}
        </p>
      )}
      {props.options ? (
        <select {...common}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : props.multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        // Numbers as text with a decimal keyboard: Norwegian users write decimal commas and spaced thousands.
        <input
          {...common}
          type={props.type === 'number' ? 'text' : (props.type ?? 'text')}
          inputMode={props.type === 'number' ? 'decimal' : undefined}
        />
      )}
    </div>
  );
}

/** Select options for an enum, labelled in the chosen language. */
export function useEnumOptions(enumName: string, values: readonly string[]) {
  const { label } = useI18n();
  return values.map((value) => ({ value, label: label(enumName, value) }));
}

/** FormData helpers: omit empty optional values (the API refuses explicit nulls). */
export const text = (data: FormData, name: string): string | undefined => {
  const value = String(data.get(name) ?? '').trim();
  return value === '' ? undefined : value;
};

export const num = (data: FormData, name: string): number | undefined => {
  const value = text(data, name);
  return value === undefined ? undefined : Number(value.replace(/[\s\u00a0]/g, '').replace(',', '.'));
};

/** Drops undefined entries so optional fields are left out rather than sent empty. */
export const compact = <T extends Record<string, unknown>>(body: T): T =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;
