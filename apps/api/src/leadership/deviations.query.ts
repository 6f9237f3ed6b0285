import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField } from '@followup/runtime';
import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';

export class DeviationsQuery {
  @IsDefined({ message: '$property is required' })
  @IsString()
  @MaxLength(64)
  @MinLength(1)
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    pattern:
      '^([A-Za-z0-9][A-Za-z0-9_-]{0,63}|[1-9]\\d{3}-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])' +
      '(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-](0\\d|1[0-4]):[0-5]\\d))?)$',
    description:
      'An ISO 8601 business time (compared with occurredAt), or the id of a follow-up decision or course correction ' +
      '(compared from just after the commit that recorded it)',
    examples: { time: { value: '2025-03-01T12:00:00Z' }, decision: { value: '0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } },
  })
  since!: string;
}

/** The two times a read can be about: system time (`asOf`) and business time (`validAt`). */
export class SliceQuery {
  @DateTimeField({ optional: true, description: 'As the record stood at this system time' })
  asOf?: string;

  @DateTimeField({ optional: true, description: 'As things stood at this business time (occurredAt)' })
  validAt?: string;
}
