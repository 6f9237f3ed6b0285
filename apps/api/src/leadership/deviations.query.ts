import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';

export class DeviationsQuery {
  @IsDefined({ message: '$property is required' })
  @IsString()
  @MaxLength(64)
  @MinLength(1)
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    description:
      'An ISO 8601 time (compared with recordedAt), or the id of a follow-up decision or course correction ' +
      '(compared from just after the commit that recorded it)',
    examples: { time: { value: '2025-03-01T12:00:00Z' }, decision: { value: '0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } },
  })
  since!: string;
}
