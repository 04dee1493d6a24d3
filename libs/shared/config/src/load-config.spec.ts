import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';
import { booleanFlag, port } from './schemas';

const schema = z.object({ PORT: port.default(3000), PRETTY: booleanFlag.default(false) });

describe('loadConfig', () => {
  it('coerces and defaults env strings', () => {
    expect(loadConfig(schema, { PORT: '8080', PRETTY: 'true' })).toEqual({ PORT: 8080, PRETTY: true });
    expect(loadConfig(schema, {})).toEqual({ PORT: 3000, PRETTY: false });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig(schema, { PORT: 'http', PRETTY: 'yes' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { PORT: '70000', PRETTY: 'yes' });
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.split(':')[0])).toEqual(['PORT', 'PRETTY']);
    }
  });
});
