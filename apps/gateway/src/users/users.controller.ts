import { Controller, Get, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from '../common/fastify.types';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { USER_CLIENT, type UserClient } from '../clients/backend-clients';
import { ApiIdParam, IdParam } from '../common/id.params';
import { present } from '../common/present';
import { ApiProblemResponses } from '../errors/api-problem-responses.decorator';
import { CreateUserRequest } from './dto/create-user.request';
import { UserResponse } from './dto/user.response';
import { toCreateUserMessage, toUserResponse } from './user.mapper';
import { ValidBody } from '../validation/validated-params';

/** `/v1/users`: registration and profiles, over UserService. */
@ApiTags('users')
@ApiProblemResponses()
@Controller('v1/users')
export class UsersController {
  constructor(@Inject(USER_CLIENT) private readonly users: UserClient) {}

  @Post()
  @ApiOperation({ summary: 'Register a user' })
  @ApiCreatedResponse({ type: UserResponse })
  async create(@ValidBody() body: CreateUserRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserResponse> {
    const { user } = await this.users.createUser(toCreateUserMessage(body));
    const created = toUserResponse(present(user, 'user'));
    reply.header('location', `/v1/users/${created.id}`);
    return created;
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponse> {
    const { user } = await this.users.getUser({ id: caller.userId });
    return toUserResponse(present(user, 'user'));
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A user by id' })
  @ApiOkResponse({ type: UserResponse })
  @ApiIdParam()
  async get(@IdParam() id: string): Promise<UserResponse> {
    const { user } = await this.users.getUser({ id });
    return toUserResponse(present(user, 'user'));
  }
}
