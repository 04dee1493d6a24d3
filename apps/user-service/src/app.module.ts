import { type DynamicModule, Module } from '@nestjs/common';
import { AccessTokenIssuer, loadSigningKey } from '@acme/auth';
import { userV1 } from '@acme/contracts';
import { GrpcServiceModule } from '@acme/grpc-server';
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
        // Logging, metrics, interceptors, error filter, database and registry, registered once.
        GrpcServiceModule.forRoot({
          name: 'user-service',
          version: APP_VERSION,
          config,
          migrationsFolder: MIGRATIONS_FOLDER,
          errorDomain: USER_ERROR_DOMAIN,
          healthService: userV1.UserServiceDefinition.fullName,
        }),
      ],
      controllers: [UserGrpcController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
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
