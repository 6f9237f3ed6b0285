import { ApiProperty } from '@nestjs/swagger';
import { DateTimeField } from '@followup/runtime';
import { IsDefined, IsString, MaxLength } from 'class-validator';

export class DeviationsQuery {
  @IsDefined({ message: '$property is required' })
  @IsString()
  @MaxLength(64)
  @ApiProperty({
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
