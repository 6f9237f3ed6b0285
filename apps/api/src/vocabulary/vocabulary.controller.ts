import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Vocabulary } from '@followup/domain';
import { Roles } from '@followup/runtime';
import { VOCABULARY } from './vocabulary.provider';

/** The shared vocabulary, so forms, reports and integrations use the same terms. */
@ApiTags('vocabulary')
@ApiBearerAuth()
@Roles('caseworker', 'leader', 'auditor', 'admin')
@Controller('vocabulary')
export class VocabularyController {
  constructor(@Inject(VOCABULARY) private readonly vocabulary: Vocabulary) {}

  @Get()
  @ApiOperation({ summary: 'Every controlled term with its Nynorsk and English label and a one-line definition' })
  @ApiOkResponse({
    description:
      '{ resultLevels, initiativeKinds, decisionKinds, indicatorDirections, aggregations, closureOutcomes, ' +
      'milestoneStatuses, targetGroups, scorecardMeasures }, each a list of { code, nn, en, definition }',
  })
  get(): Vocabulary {
    return this.vocabulary;
  }
}
