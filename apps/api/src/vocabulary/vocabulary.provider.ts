import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { vocabularyWith, type Vocabulary, type VocabularyTerm } from '@followup/domain';
import { APP_CONFIG, ConfigError, type AppConfig } from '@followup/platform';

export const VOCABULARY = Symbol('VOCABULARY');

const isTerm = (value: unknown): value is VocabularyTerm => {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return ['code', 'nn', 'en', 'definition'].every((key) => typeof t[key] === 'string' && t[key] !== '');
};

/** The extra target groups of the vocabulary file; a file that cannot be used stops the start. */
export function readTargetGroups(file: string): VocabularyTerm[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`VOCABULARY_FILE ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  const groups = (parsed as { targetGroups?: unknown } | null)?.targetGroups;
  if (!Array.isArray(groups) || !groups.every(isTerm)) {
    throw new ConfigError(
      `VOCABULARY_FILE ${file} must hold { "targetGroups": [{ "code", "nn", "en", "definition" }] } with non-empty strings`,
    );
  }
  return groups.map(({ code, nn, en, definition }) => ({ code, nn, en, definition }));
}

export const vocabularyProvider: Provider = {
  provide: VOCABULARY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Vocabulary =>
    vocabularyWith(config.vocabularyFile ? readTargetGroups(config.vocabularyFile) : []),
};
