import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DATABASE, type DatabaseHandle } from './database';
import { type DatabaseOptions, openDatabase } from './open-database';

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}

export interface DatabaseModuleAsyncOptions {
  readonly inject?: unknown[];
  readonly useFactory: (...args: never[]) => DatabaseOptions | Promise<DatabaseOptions>;
}

/**
 * Opens the database (migrations applied) before the app starts and closes it on shutdown.
 * Inject the handle with `@Inject(DATABASE) handle: DatabaseHandle`.
 *
 * @example
 * DatabaseModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => ({ url: c.DATABASE_URL, dataDir, migrationsFolder }) })
 */
@Module({})
export class DatabaseModule {
  static forRootAsync(options: DatabaseModuleAsyncOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DATABASE,
          inject: (options.inject ?? []) as never[],
          useFactory: async (...args: never[]) => openDatabase(await options.useFactory(...args)),
        },
        DatabaseCloser,
      ],
      exports: [DATABASE],
    };
  }
}
