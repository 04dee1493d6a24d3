// Lint for the whole workspace. Module boundaries are enforced by tags on two dimensions:
// scope (which service owns the code) and type (what kind of project it is).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const scopeConstraints = [
  // A service's code is its own: scope:user may use shared code, never scope:order's.
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:user', onlyDependOnLibsWithTags: ['scope:user', 'scope:shared'] },
  { sourceTag: 'scope:product', onlyDependOnLibsWithTags: ['scope:product', 'scope:shared'] },
  { sourceTag: 'scope:order', onlyDependOnLibsWithTags: ['scope:order', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

function boundaries(typeConstraints) {
  return [
    'error',
    { enforceBuildableLibDependency: false, allow: [], banTransitiveDependencies: true, depConstraints: [...typeConstraints, ...scopeConstraints] },
  ];
}

// Apps never import other apps; they reach other services only through contracts.
const productionTypes = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
];
// Specs may also use the testing libraries; production code may not.
const specTypes = productionTypes.map((c) =>
  c.sourceTag === 'type:app' || c.sourceTag === 'type:util' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] } : c,
);

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'libs/contracts/src/generated/**', '**/.data/**', 'tmp/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    plugins: { '@nx': nx },
    // Tells consistent-type-imports which imports decorator metadata needs at run time, so it
    // never turns a Nest constructor-injected class into a type-only (erased) import.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': boundaries(productionTypes),
    },
  },
  {
    // Specs, and the helpers only specs load (excluded from every build), may use test-only
    // helpers and looser typing of fixtures.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.spec-helper.ts', '**/spec-support/**/*.ts', 'apps/system-e2e/**/*.ts', 'libs/shared/testing/**/*.ts'],
    rules: { 'no-console': 'off', '@nx/enforce-module-boundaries': boundaries(specTypes) },
  },
  {
    // The gateway validates request DTOs per parameter, not with a global pipe (see
    // apps/gateway/src/validation/validated-params.ts): Nest's bare decorators would read a DTO
    // unvalidated.
    files: ['apps/gateway/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.spec-helper.ts', 'apps/gateway/src/validation/validated-params.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['Body', 'Query', 'Param'],
              message: 'Read request input validated: ValidBody() / ValidQuery() (apps/gateway/src/validation/validated-params.ts) or IdParam().',
            },
          ],
        },
      ],
    },
  },
);
