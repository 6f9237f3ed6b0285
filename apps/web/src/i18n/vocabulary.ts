import { apiFetch } from '../api/client';
import type { Language } from './labels';

/**
 * Enum labels from GET /vocabulary when the server has them ({ [enumName]: { [value]: label } }, or
 * { enums: ... }); null when it answers 404 or anything unexpected, so the built-in labels apply.
 */
export async function loadVocabulary(language: Language): Promise<Record<string, Record<string, string>> | null> {
  try {
    const response = await apiFetch('/vocabulary', { headers: { 'Accept-Language': language } });
    if (!response.ok) return null;
    const body = (await response.json()) as unknown;
    return normalise(body);
  } catch {
    return null;
  }
}

function normalise(body: unknown): Record<string, Record<string, string>> | null {
  if (!body || typeof body !== 'object') return null;
  const source = 'enums' in body && body.enums && typeof body.enums === 'object' ? body.enums : body;
  const result: Record<string, Record<string, string>> = {};
  for (const [enumName, values] of Object.entries(source as Record<string, unknown>)) {
    const labels = labelMap(values);
    if (labels) result[enumName] = labels;
  }
  return Object.keys(result).length ? result : null;
}

/** `{ value: label }`, or `[{ value, label }]`. */
function labelMap(values: unknown): Record<string, string> | null {
  if (Array.isArray(values)) {
    const entries = values
      .filter(
        (v): v is { value: string; label: string } => typeof v?.value === 'string' && typeof v?.label === 'string',
      )
      .map((v) => [v.value, v.label] as const);
    return entries.length ? Object.fromEntries(entries) : null;
  }
  if (values && typeof values === 'object') {
    const entries = Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return entries.length ? Object.fromEntries(entries) : null;
  }
  return null;
}
