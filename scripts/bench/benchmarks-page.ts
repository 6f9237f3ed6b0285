import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PAGE = join(__dirname, '..', '..', 'docs', 'benchmarks.md');

/**
 * docs/benchmarks.md: a run's figures replace what stands between `<!-- <marker>:start -->` and
 * `<!-- <marker>:end -->`; what the page says around them (what bounds the figures) stays as
 * written. A page without those markers gets the section appended under `heading`.
 */
export function writeBenchmarkSection(
  marker: string,
  section: { readonly command: string; readonly heading: string; readonly body: readonly string[] },
): void {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const text = [
    start,
    `Last run of \`${section.command}\`: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    ...section.body,
    end,
  ].join('\n');
  const page = existsSync(PAGE) ? readFileSync(PAGE, 'utf8') : '# Benchmarks\n';
  const at = page.indexOf(start);
  const next =
    at < 0
      ? `${page.trimEnd()}\n\n## ${section.heading}\n\n${text}\n`
      : `${page.slice(0, at)}${text}${page.slice(page.indexOf(end) + end.length)}`;
  writeFileSync(PAGE, next);
}

/** Printed lines as a fenced text block. */
export const textBlock = (lines: readonly string[]): string[] => ['```text', ...lines, '```'];
