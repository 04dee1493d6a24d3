import { type NewUser, type User, type UserCredentials } from './user.entity';

/** Port to the users' storage; the DI token use cases inject. */
export abstract class UserRepository {
  /**
   * Stores a new user. Rejects with EMAIL_ALREADY_EXISTS when the email is taken, compared
   * case-insensitively, also when two registrations race (the database decides).
   */
  abstract create(user: NewUser): Promise<User>;

  abstract findById(id: string): Promise<User | undefined>;

  /** The user registered with this email (any case) and the password hash to check. */
  abstract findCredentialsByEmail(email: string): Promise<UserCredentials | undefined>;
}
