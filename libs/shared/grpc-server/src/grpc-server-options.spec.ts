import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userV1 } from '@acme/contracts';
import { freePort } from '@acme/testing';
import { grpcServerOptions } from './grpc-server-options';

@Controller()
class NoopUserController {}

@Module({ controllers: [NoopUserController] })
class NoopModule {}

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
}

// grpcurl-style tools list and describe every service through server reflection (v1).
describe('grpcServerOptions', () => {
  let app: INestMicroservice;
  let client: grpc.Client;

  beforeAll(async () => {
    const port = await freePort();
    app = await NestFactory.createMicroservice<MicroserviceOptions>(NoopModule, {
      ...grpcServerOptions({ url: `127.0.0.1:${port}`, protoFiles: [userV1.SERVICE_PROTO], packages: [userV1.PACKAGE] }),
      logger: false,
    });
    await app.listen();
    const reflectionProto = join(dirname(createRequire(__filename).resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1/reflection.proto');
    const definition = grpc.loadPackageDefinition(loadSync(reflectionProto, { keepCase: false, defaults: true, oneofs: true }));
    const Reflection = (definition['grpc'] as grpc.GrpcObject)['reflection'] as grpc.GrpcObject;
    const ServerReflection = (Reflection['v1'] as grpc.GrpcObject)['ServerReflection'] as grpc.ServiceClientConstructor;
    client = new ServerReflection(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await app?.close();
  });

  const ask = (request: Record<string, string>): Promise<ReflectionResponse> =>
    new Promise((resolve, reject) => {
      const call = (client as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<unknown, ReflectionResponse> }).serverReflectionInfo();
      call.once('data', (response) => {
        resolve(response);
        call.end();
      });
      call.once('error', reject);
      call.write(request);
    });

  it('serves reflection: lists the service and describes its file', async () => {
    const listed = await ask({ listServices: '' });
    expect(listed.listServicesResponse?.service.map((s) => s.name)).toContain('acme.user.v1.UserService');

    const described = await ask({ fileContainingSymbol: 'acme.user.v1.UserService' });
    const files = described.fileDescriptorResponse?.fileDescriptorProto.map((bytes) => Buffer.from(bytes).toString('latin1')) ?? [];
    // @grpc/reflection names files per package; the descriptor carries the package and messages.
    const file = files.join('');
    expect(file).toContain('acme.user.v1');
    expect(file).toContain('CreateUserRequest');
    expect(file).toContain('Authenticate');
  });
});
