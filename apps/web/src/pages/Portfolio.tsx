import { apiJson } from '../api/client';
import type { InitiativeListItem, Page } from '../api/views';
import { hasRole, type Session } from '../auth/session';
import { Badge, ErrorMessage, Loading, RagReasons, useLoad } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';

/** Every initiative, all pages of GET /initiatives. */
export async function loadAllInitiatives(): Promise<InitiativeListItem[]> {
  const all: InitiativeListItem[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
    const page = await apiJson<Page<InitiativeListItem>>(`/initiatives?${query}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** The plan hierarchy as a tree (focus areas at the top; orphans whose parent is not visible too). */
export function PortfolioPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const { data, error } = useLoad(loadAllInitiatives, []);
  return (
    <section>
      <h1>{t('portfolio')}</h1>
      {hasRole(session, 'caseworker') && (
        <p>
          <a className="button" href={href('/initiatives/new')}>
            {t('registerInitiative')}
          </a>
        </p>
      )}
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : <Tree items={data} />}
    </section>
  );
}

function Tree({ items }: { items: readonly InitiativeListItem[] }) {
  const { t } = useI18n();
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string, InitiativeListItem[]>();
  const roots: InitiativeListItem[] = [];
  for (const item of items) {
    if (item.parentId && ids.has(item.parentId)) {
      children.set(item.parentId, [...(children.get(item.parentId) ?? []), item]);
    } else roots.push(item);
  }
  if (roots.length === 0) return <p>{t('empty')}</p>;
  return (
    <ul className="tree" aria-label={t('portfolio')}>
      {roots.map((item) => (
        <Node key={item.id} item={item} childrenOf={children} />
      ))}
    </ul>
  );
}

function Node({ item, childrenOf }: { item: InitiativeListItem; childrenOf: Map<string, InitiativeListItem[]> }) {
  const { label } = useI18n();
  const kids = childrenOf.get(item.id) ?? [];
  return (
    <li>
      <div className="tree-node">
        <span className="kind">{label('kind', item.kind)}</span>
        <a href={href(`/initiatives/${encodeURIComponent(item.id)}`)}>{item.title}</a>
        <Badge enumName="rag" value={item.rag} />
        <Badge enumName="status" value={item.status} />
      </div>
      <RagReasons reasons={item.ragReasons} />
      {kids.length > 0 && (
        <ul>
          {kids.map((kid) => (
            <Node key={kid.id} item={kid} childrenOf={childrenOf} />
          ))}
        </ul>
      )}
    </li>
  );
}
