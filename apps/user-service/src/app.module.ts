import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessTokenIssuer, loadSigningKey } from '@acme/auth';
import { userV1 } from '@acme/contracts';
import { prettyLogs } from '@acme/config';
import { DatabaseModule } from '@acme/database';
import { GrpcExceptionFilter } from '@acme/grpc-server';
import { InterceptorsModule } from '@acme/interceptors';
import { LoggingModule } from '@acme/logging';
import { MetricsModule } from '@acme/metrics';
import { RegistryModule } from '@acme/registry';
import { AuthenticateUseCase } from './application/authenticate/authenticate.use-case';
import { CreateUserUseCase } from './application/create-user/create-user.use-case';
import { GetUserUseCase } from './application/get-user/get-user.use-case';
import { APP_CONFIG, type AppConfig } from './config';
import { APP_VERSION } from './version';
import { PasswordHasher } from './domain/password.hasher';
import { USER_ERROR_DOMAIN } from './domain/user.error';
import { UserRepository } from './domain/user.repository';
import { DrizzleUserRepository } from './infrastructure/drizzle-user.repository';
import { MIGRATIONS_FOLDER } from './infrastructure/migrations-folder';
import { ScryptPasswordHasher } from './infrastructure/scrypt-password.hasher';
import { UserGrpcController } from './transport/user.grpc-controller';

/** All wiring of the user service; `forRoot` takes the config main.ts loaded (or a test built). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot({ service: 'user-service', version: APP_VERSION, level: config.LOG_LEVEL, pretty: prettyLogs(config) }),
        MetricsModule.forRoot({ service: 'user-service', port: config.METRICS_PORT }),
        // Sets each call's CallContext (deadline, cancellation), logs and measures every call.
        InterceptorsModule,
        DatabaseModule.forRootAsync({
          useFactory: () => ({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, migrationsFolder: MIGRATIONS_FOLDER }),
        }),
        // The user service calls no other service: the registry only registers it (consul mode).
        RegistryModule.forRootAsync({ useFactory: () => ({ env: config, healthService: userV1.UserServiceDefinition.fullName }) }),
      ],
      controllers: [UserGrpcController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useValue: new GrpcExceptionFilter(USER_ERROR_DOMAIN) },
        { provide: UserRepository, useClass: DrizzleUserRepository },
        { provide: PasswordHasher, useValue: new ScryptPasswordHasher() },
        {
          provide: AccessTokenIssuer,
          inject: [APP_CONFIG],
          useFactory: async (appConfig: AppConfig) =>
            new AccessTokenIssuer(
              await loadSigningKey({ privateKeyPem: appConfig.JWT_PRIVATE_KEY, privateKeyFile: appConfig.JWT_PRIVATE_KEY_FILE, keyDir: appConfig.JWT_KEY_DIR }),
              { ttlSeconds: appConfig.JWT_TTL_SECONDS },
            ),
        },
        CreateUserUseCase,
        GetUserUseCase,
        AuthenticateUseCase,
      ],
    };
  }
}
