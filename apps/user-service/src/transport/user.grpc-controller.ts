import { Controller } from '@nestjs/common';
import { userV1 } from '@acme/contracts';
import { AuthenticateUseCase } from '../application/authenticate/authenticate.use-case';
import { CreateUserUseCase } from '../application/create-user/create-user.use-case';
import { GetUserUseCase } from '../application/get-user/get-user.use-case';
import { toAuthenticateResponse, toUserMessage } from './user.mapper';
import { authenticateRequestSchema, createUserRequestSchema, getUserRequestSchema } from './user-request.schemas';
import { validateRequest } from './validate-request';

/** acme.user.v1.UserService: validates, converts and delegates; no business rules here. */
@Controller()
@userV1.UserServiceControllerMethods()
export class UserGrpcController implements userV1.UserServiceController {
  constructor(
    private readonly createUserUseCase: CreateUserUseCase,
    private readonly getUserUseCase: GetUserUseCase,
    private readonly authenticateUseCase: AuthenticateUseCase,
  ) {}

  async createUser(request: userV1.CreateUserRequest): Promise<userV1.CreateUserResponse> {
    const user = await this.createUserUseCase.execute(validateRequest(createUserRequestSchema, request));
    return { user: toUserMessage(user) };
  }

  async getUser(request: userV1.GetUserRequest): Promise<userV1.GetUserResponse> {
    const { id } = validateRequest(getUserRequestSchema, request);
    return { user: toUserMessage(await this.getUserUseCase.execute(id)) };
  }

  async authenticate(request: userV1.AuthenticateRequest): Promise<userV1.AuthenticateResponse> {
    const token = await this.authenticateUseCase.execute(validateRequest(authenticateRequestSchema, request));
    return toAuthenticateResponse(token);
  }
}
