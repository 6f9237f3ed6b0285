import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { StringList } from './list-fields';

/** Optional target groups (målgrupper): codes of `GET /vocabulary`, checked against it when the command runs. */
export const TargetGroupsField = () =>
  applyDecorators(
    StringList(20, 100, false),
    ApiPropertyOptional({ type: [String], description: 'Target groups: codes from GET /vocabulary (targetGroups)' }),
  );
