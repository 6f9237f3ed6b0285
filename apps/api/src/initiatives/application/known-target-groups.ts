import { invalid, unknownTargetGroups, type Vocabulary } from '@followup/domain';
import type { UnstampedCommand } from './execute-initiative-command';

/**
 * Target groups must be codes of the vocabulary, which a deployment may extend (VOCABULARY_FILE), so the
 * shell checks them before the decider runs: 422 UnknownTargetGroup naming `targetGroups[i]`.
 */
export function requireKnownTargetGroups(vocabulary: Vocabulary, command: UnstampedCommand): void {
  const given = 'targetGroups' in command.data ? command.data.targetGroups : undefined;
  if (!given) return;
  const unknown = unknownTargetGroups(vocabulary, given);
  if (unknown.length === 0) return;
  const known = vocabulary.targetGroups.map((t) => t.code).join(', ');
  throw invalid(
    'UnknownTargetGroup',
    `target group(s) ${unknown.join(', ')} are not in the vocabulary (${known})`,
    unknown.map((code) => ({
      field: `targetGroups[${given.indexOf(code)}]`,
      message: `"${code}" is not a target group of GET /vocabulary`,
    })),
  );
}
