import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `{id}` of a resource path: ids are UUIDs, so anything else is a 400, not a 404. */
export class IdParams {
  @ApiProperty({ format: 'uuid', description: 'Resource id' })
  @IsUUID('all')
  id!: string;
}
