export { DATABASE, type Database, type DatabaseHandle } from './database';
export { DatabaseModule, type DatabaseModuleAsyncOptions } from './database.module';
export { type DatabaseOptions, openDatabase } from './open-database';
export { tracePoolQueries } from './trace-queries';
