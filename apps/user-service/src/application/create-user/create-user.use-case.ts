import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../../domain/password.hasher';
import { type User } from '../../domain/user.entity';
import { UserRepository } from '../../domain/user.repository';

/** A validated registration (the transport checked formats and lengths). */
export interface CreateUserCommand {
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

/** Registers a user with a hashed password; EMAIL_ALREADY_EXISTS when the email is taken. */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async execute(command: CreateUserCommand): Promise<User> {
    // No "does it exist?" read first: the unique index decides, also between concurrent calls.
    const passwordHash = await this.passwords.hash(command.password);
    return this.users.create({ email: command.email, name: command.name, passwordHash });
  }
}
