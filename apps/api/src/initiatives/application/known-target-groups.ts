import { invalid, unknownTargetGroups, type Vocabulary } from '@followup/domain';
import type { UnstampedCommand } from './execute-initiative-command';

/**
 * Target groups must be codes of the vocabulary, which a deployment may extend (VOCABULARY_FILE), so the
 * shell checks them before the decider runs: 422 UnknownTargetGroup naming `targetGroups[i]`.
 */
export function requireKnownTargetGroups(vocabulary: Vocabulary, command: UnstampedCommand): void {
  const data = command.data;
  if ('targetGroups' in data && data.targetGroups) {
    const given = data.targetGroups;
    refuseUnknown(vocabulary, given, (code) => `targetGroups[${given.indexOf(code)}]`);
  }
  if ('breakdown' in data && data.breakdown?.targetGroup !== undefined) {
    refuseUnknown(vocabulary, [data.breakdown.targetGroup], () => 'breakdown.targetGroup');
  }
}

function refuseUnknown(vocabulary: Vocabulary, given: readonly string[], fieldOf: (code: string) => string): void {
  const unknown = unknownTargetGroups(vocabulary, given);
  if (unknown.length === 0) return;
  const known = vocabulary.targetGroups.map((t) => t.code).join(', ');
  throw invalid(
    'UnknownTargetGroup',
    `target group(s) ${unknown.join(', ')} are not in the vocabulary (${known})`,
    unknown.map((code) => ({ field: fieldOf(code), message: `"${code}" is not a target group of GET /vocabulary` })),
  );
}
