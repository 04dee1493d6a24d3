import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

/** Body of `POST /v1/users`. */
export class CreateUserRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'Plain text over TLS; stored only as a scrypt hash', writeOnly: true })
  @IsString()
  @Length(8, 128)
  password!: string;
}
