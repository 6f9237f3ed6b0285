import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TABLE_ROLES = ['caseworker', 'leader', 'auditor', 'admin'] as const;
export type TableRole = (typeof TABLE_ROLES)[number];

/** One row of the "Roles per route" table of docs/api.md; `public` routes need no token. */
export interface RouteRule {
  readonly method: string;
  readonly path: string;
  readonly roles: readonly TableRole[] | 'public';
}

const TABLE_HEADING = '### Roles per route';

/** Reads the machine-readable table `| method | path | roles |` under TABLE_HEADING. */
export function readRoleTable(file = join(__dirname, '../../../docs/api.md')): RouteRule[] {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(TABLE_HEADING);
  if (start < 0) throw new Error(`docs/api.md has no "${TABLE_HEADING}" section`);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const after = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
  const rows = lines.slice(first, after < 0 ? undefined : after);
  return rows.slice(2).map((line) => {
    const [method, path, roles] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim().replace(/`/g, ''));
    const listed = roles!.split(',').map((role) => role.trim());
    const unknown = listed.filter((role) => role !== 'public' && !(TABLE_ROLES as readonly string[]).includes(role));
    if (unknown.length) throw new Error(`unknown role(s) ${unknown.join(', ')} in the row for ${method} ${path}`);
    return { method: method!, path: path!, roles: listed[0] === 'public' ? 'public' : (listed as TableRole[]) };
  });
}

/** The table rows, as docs/api.md writes them. */
export const formatRoleTable = (rules: readonly RouteRule[]): string =>
  [
    '| method | path | roles |',
    '| --- | --- | --- |',
    ...rules.map(
      (rule) => `| ${rule.method} | \`${rule.path}\` | ${rule.roles === 'public' ? 'public' : rule.roles.join(', ')} |`,
    ),
  ].join('\n');
