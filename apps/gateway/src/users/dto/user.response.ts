import { ApiProperty } from '@nestjs/swagger';

/** A registered user, as every user route returns it. The password never leaves the user service. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ format: 'date-time', required: false })
  createTime?: string;
}
