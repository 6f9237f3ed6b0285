import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WriteResponseDto {
  @ApiProperty({ description: 'Initiative id' })
  id!: string;

  @ApiProperty({ description: "The initiative stream's version after the write (also in ETag)" })
  version!: number;
}

export class CreatedPartResponse {
  @ApiProperty({ description: 'Id of what the write created (the initiative itself for POST /initiatives)' })
  id!: string;

  @ApiPropertyOptional({ description: 'Present when a part of an initiative was created' })
  initiativeId?: string;

  @ApiProperty()
  version!: number;
}
