import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { type NewUser, type User, type UserCredentials } from '../domain/user.entity';
import { emailAlreadyExists } from '../domain/user.error';
import { UserRepository } from '../domain/user.repository';
import { postgresErrorOf, UNIQUE_VIOLATION } from './postgres-error';
import { EMAIL_UNIQUE_INDEX, users } from './schema';

const userColumns = { id: users.id, email: users.email, name: users.name, createTime: users.createTime };

/** UserRepository on drizzle, for PostgreSQL and PGlite alike. */
@Injectable()
export class DrizzleUserRepository extends UserRepository {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {
    super();
  }

  async create(user: NewUser): Promise<User> {
    let rows: User[];
    try {
      rows = await this.handle.db.insert(users).values(user).returning(userColumns);
    } catch (error) {
      const cause = postgresErrorOf(error);
      if (cause?.code === UNIQUE_VIOLATION && cause.constraint === EMAIL_UNIQUE_INDEX) throw emailAlreadyExists();
      // Neither drizzle's error (its message lists the parameters) nor the driver's (its detail may
      // quote the row) goes on: both could carry the password hash into the log.
      const reason = cause ? `${cause.message} (SQLSTATE ${cause.code})` : error instanceof Error && error.cause instanceof Error ? error.cause.message : 'unknown error';
      throw new Error(`inserting a user failed: ${reason}`);
    }
    const [row] = rows;
    if (row === undefined) throw new Error('inserting a user returned no row');
    return row;
  }

  async findById(id: string): Promise<User | undefined> {
    const [row] = await this.handle.db.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
    return row;
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | undefined> {
    const [row] = await this.handle.db
      .select({ ...userColumns, passwordHash: users.passwordHash })
      .from(users)
      // Same expression as the unique index, so the lookup uses it.
      .where(sql`lower(${users.email}) = lower(${email})`)
      .limit(1);
    if (row === undefined) return undefined;
    const { passwordHash, ...user } = row;
    return { user, passwordHash };
  }
}
