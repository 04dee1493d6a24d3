/** A registered user as the service hands it out: never with its password hash. */
export interface User {
  /** UUID assigned by the database. */
  readonly id: string;
  /** As registered (case kept); unique case-insensitively. */
  readonly email: string;
  readonly name: string;
  readonly createTime: Date;
}

/** What registering a user stores. */
export interface NewUser {
  readonly email: string;
  readonly name: string;
  /** scrypt hash string from PasswordHasher; the plain password is never stored. */
  readonly passwordHash: string;
}

/** A user with the hash to check a password against; stays inside the service. */
export interface UserCredentials {
  readonly user: User;
  readonly passwordHash: string;
}
