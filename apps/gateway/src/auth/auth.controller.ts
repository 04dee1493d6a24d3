import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { USER_CLIENT, type UserClient } from '../clients/backend-clients';
import { ApiProblemResponses } from '../errors/api-problem-responses.decorator';
import { AccessTokenResponse } from './dto/access-token.response';
import { IssueTokenRequest } from './dto/issue-token.request';
import { ValidBody } from '../validation/validated-params';

/** `/v1/auth`: credentials for an access token, over UserService.Authenticate. */
@ApiTags('auth')
@ApiProblemResponses()
@Controller('v1/auth')
export class AuthController {
  constructor(@Inject(USER_CLIENT) private readonly users: UserClient) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiOkResponse({ type: AccessTokenResponse })
  async issueToken(@ValidBody() body: IssueTokenRequest): Promise<AccessTokenResponse> {
    const { accessToken, tokenType, expiresIn } = await this.users.authenticate({ email: body.email, password: body.password });
    return { accessToken, tokenType, expiresIn };
  }
}
