// One Vitest configuration for every project. Each Nx project is a Vitest project named after
// it, so `nx test <name>` and `vitest run --project <name>` run the same specs.
// SWC compiles the TypeScript because NestJS needs emitDecoratorMetadata, which esbuild lacks.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = import.meta.dirname;
const projectDirs = ['apps', 'libs', 'libs/shared']
  .flatMap((parent) => readdirSync(join(root, parent)).map((name) => join(parent, name)))
  .filter((dir) => existsSync(join(root, dir, 'project.json')));

// Workspace packages resolve to their TypeScript sources, so specs never need a build first.
const alias = Object.fromEntries(
  projectDirs
    .filter((dir) => existsSync(join(root, dir, 'src/index.ts')))
    .map((dir) => [JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name, join(root, dir, 'src/index.ts')]),
);

const swcPlugin = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
});

const projects: TestProjectInlineConfiguration[] = projectDirs.map((dir) => {
  const { name } = JSON.parse(readFileSync(join(root, dir, 'project.json'), 'utf8'));
  const e2e = dir.endsWith('-e2e');
  return {
    plugins: [swcPlugin],
    resolve: { alias },
    test: {
      name,
      root: join(root, dir),
      include: e2e ? ['src/**/*.e2e-spec.ts'] : ['src/**/*.spec.ts'],
      environment: 'node',
      // End-to-end specs start real processes on real ports: one file at a time.
      fileParallelism: !e2e,
      testTimeout: e2e ? 120_000 : 20_000,
      hookTimeout: e2e ? 180_000 : 30_000,
    },
  };
});

export default defineConfig({
  test: {
    projects,
    passWithNoTests: false,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
