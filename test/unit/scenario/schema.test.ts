import Ajv from 'ajv';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioSchema } from '../../../src/frontends/scenario/schema';
import { GOMAXPROCS, LOST_UPDATE } from './examples';

const SCHEMA_FILE = join(__dirname, '../../../media/scenario.schema.json');
const GOLDEN_DIR = join(__dirname, '../../golden');

describe('media/scenario.schema.json', () => {
  it('is the schema built from the parser\'s vocabulary (UPDATE_SCHEMA=1 rewrites it)', () => {
    const built = JSON.stringify(scenarioSchema(), null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCHEMA_FILE, built);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(built);
  });

  it('accepts the worked examples and every golden scenario, and rejects typos', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(scenarioSchema());
    const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.scenario.yaml'));
    for (const text of [LOST_UPDATE, GOMAXPROCS, ...files.map((f) => readFileSync(join(GOLDEN_DIR, f), 'utf8'))]) {
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate(parse('name: x\nruntime: { gomaxproc: 2 }\ntasks: { main: [yield] }\n'))).toBe(false);
    expect(validate(parse('name: x\ntasks: { main: [ { compute: 200 } ] }\n'))).toBe(false);
    expect(validate(parse('name: x\ntasks: { main: [ yeild ] }\n'))).toBe(false);
    expect(validate(parse('name: x\ntasks: { worker: [ yield ] }\n'))).toBe(false);
  });

  it('documents every key with a description, for hovers', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') {
        for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          if (!v.description) missing.push(`${path}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    };
    walk(scenarioSchema(), '$');
    expect(missing).toEqual([]);
  });
});
