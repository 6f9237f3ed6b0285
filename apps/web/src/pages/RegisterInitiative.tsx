import { api, must } from '../api/client';
import { KINDS, oneOf } from '../api/enums';
import { ErrorMessage, Loading, useLoad } from '../components/common';
import { ApiForm, compact, Field, text, useEnumOptions } from '../components/forms';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router';
import { loadAllInitiatives } from './Portfolio';

/** POST /initiatives; the parent list offers every initiative that may hold others. */
export function RegisterInitiativePage({ parentId }: { parentId: string | null }) {
  const { t, label } = useI18n();
  const kinds = useEnumOptions('kind', KINDS);
  const { data, error } = useLoad(loadAllInitiatives, []);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const parents = data
    .filter(
      (i) => i.status !== 'closed' && (i.kind === 'focusArea' || i.kind === 'programme' || i.kind === 'agreedDelivery'),
    )
    .map((i) => ({ value: i.id, label: `${i.title} (${label('kind', i.kind)})` }));
  const submit = (d: FormData) =>
    must(
      api.POST('/initiatives', {
        // Version 0: the initiative must not exist yet.
        headers: { 'If-Match': '"0"' },
        body: compact({
          kind: oneOf(d, 'kind', KINDS),
          title: text(d, 'title') ?? '',
          ownerUnit: text(d, 'ownerUnit') ?? '',
          responsible: text(d, 'responsible') ?? '',
          parentId: text(d, 'parentId'),
          description: text(d, 'description'),
          startsAt: text(d, 'startsAt'),
          endsAt: text(d, 'endsAt'),
        }),
      }),
    );
  const done = (result: unknown) => {
    const id = (result as { data: { id: string } }).data.id;
    navigate(`/initiatives/${encodeURIComponent(id)}`);
  };
  return (
    <section className="narrow">
      <h1>{t('registerInitiative')}</h1>
      <ApiForm title={t('registerInitiative')} submitLabel={t('registerInitiative')} onSubmit={submit} onDone={done}>
        <Field
          name="kind"
          label={t('kind')}
          required
          options={kinds}
          defaultValue={parentId ? 'project' : 'focusArea'}
        />
        <Field name="title" label={t('title')} required />
        <Field
          name="parentId"
          label={t('parent')}
          options={[{ value: '', label: t('noParent') }, ...parents]}
          defaultValue={parentId ?? ''}
        />
        <Field name="ownerUnit" label={t('ownerUnit')} required />
        <Field name="responsible" label={t('responsible')} required />
        <Field name="description" label={t('description')} multiline />
        <Field name="startsAt" label={t('startsAt')} type="date" />
        <Field name="endsAt" label={t('endsAt')} type="date" />
      </ApiForm>
    </section>
  );
}
