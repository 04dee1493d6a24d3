import { Injectable } from '@nestjs/common';
import { type User } from '../../domain/user.entity';
import { userNotFound } from '../../domain/user.error';
import { UserRepository } from '../../domain/user.repository';

/** One user by id; USER_NOT_FOUND when there is none. */
@Injectable()
export class GetUserUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (user === undefined) throw userNotFound(id);
    return user;
  }
}
