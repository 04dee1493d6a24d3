import { status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { userV1 } from '@acme/contracts';
import { RemoteError } from '@acme/errors';
import { type GrpcClient, GrpcClients } from '@acme/grpc-client';
import { REGISTRY, type Registry } from '@acme/registry';
import { UserDirectory } from '../domain/user-directory.port';
import { APP_CONFIG, type AppConfig } from '../config';

/** Users through UserService.GetUser on the process's one channel to it. */
@Injectable()
export class UserDirectoryAdapter extends UserDirectory {
  private readonly users: GrpcClient<typeof userV1.UserServiceDefinition>;

  constructor(clients: GrpcClients, @Inject(REGISTRY) registry: Registry, @Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.users = clients.create(userV1.UserServiceDefinition, { ...registry.targetFor('user-service'), defaultTimeoutMs: config.CLIENT_TIMEOUT_MS });
  }

  async exists(userId: string): Promise<boolean> {
    try {
      await this.users.getUser({ id: userId });
      return true;
    } catch (error) {
      // Only "no such user" means absent; UNAVAILABLE and the like go back to the caller as they are.
      if (error instanceof RemoteError && error.status === GrpcStatus.NOT_FOUND) return false;
      throw error;
    }
  }
}
