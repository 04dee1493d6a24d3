import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessTokenIssuer, type IssuedAccessToken } from '@acme/auth';
import { PasswordHasher } from '../../domain/password.hasher';
import { invalidCredentials } from '../../domain/user.error';
import { UserRepository } from '../../domain/user.repository';

export interface AuthenticateCommand {
  readonly email: string;
  readonly password: string;
}

/**
 * Exchanges email and password for a signed access token. An unknown email and a wrong
 * password fail alike (INVALID_CREDENTIALS) and take alike long: an unknown email is checked
 * against a throwaway hash, so response time does not reveal who is registered.
 */
@Injectable()
export class AuthenticateUseCase implements OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  /** Computes the throwaway hash at start, so the first unknown email is not slower than the rest. */
  async onModuleInit(): Promise<void> {
    await this.throwawayHash();
  }

  async execute(command: AuthenticateCommand): Promise<IssuedAccessToken> {
    const found = await this.users.findCredentialsByEmail(command.email);
    const matches = await this.passwords.verify(command.password, found?.passwordHash ?? (await this.throwawayHash()));
    if (found === undefined || !matches) throw invalidCredentials();
    return this.tokens.issue(found.user);
  }

  private throwawayHash(): Promise<string> {
    this.dummyHash ??= this.passwords.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}
