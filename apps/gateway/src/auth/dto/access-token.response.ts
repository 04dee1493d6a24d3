import { ApiProperty } from '@nestjs/swagger';

/** A signed access token to send as `Authorization: Bearer <accessToken>`. */
export class AccessTokenResponse {
  @ApiProperty({ description: 'Compact JWS' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: string;

  @ApiProperty({ example: 3600, description: 'Lifetime in seconds' })
  expiresIn!: number;
}
