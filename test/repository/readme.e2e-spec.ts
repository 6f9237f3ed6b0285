import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`README has no section "${title}"`);
  const next = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe('README', () => {
  it('"How it is built" names only files that exist', () => {
    const paths = [...section('How it is built').matchAll(/`((?:apps|libs|scripts|test|docs)\/[^`]+\.\w+)`/g)].map(
      (m) => m[1]!,
    );
    expect(paths.length).toBeGreaterThanOrEqual(10);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('links only inside the repository', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    const outside = links.filter((link) => !/^https?:/.test(link) && !existsSync(join(root, link)));
    expect(outside).toEqual([]);
    expect(readme).not.toMatch(/\.\.\/shared/);
  });
});
