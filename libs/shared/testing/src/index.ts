export { freePort } from './free-port';
export { itemMigrations } from './item-migrations';
export { promtoolCheckMetrics, sample } from './prometheus';
export { createTestDatabase, type TestDatabase, type TestDatabaseKind, testDatabaseKinds } from './test-database';
export { waitFor } from './wait-for';
