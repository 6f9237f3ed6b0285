import { resolve } from 'node:path';
import { loadConfig } from './app-config';
import { ConfigError } from './config-error';

describe('process configuration', () => {
  it('has the documented defaults: embedded storage, in-process bus, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      processName: 'api',
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      mongoUrl: null,
      mongoDbName: 'followup',
      kafkaBrokers: [],
      kafkaTopicPrefix: '',
      authJwtSecret: null,
      authJwksUrl: null,
      logLevel: 'log',
      readModelWaitMs: 3000,
      outboxSweepMs: 1000,
      indicatorOnTrack: 0.95,
      indicatorAtRisk: 0.75,
    });
    expect(config.storage).toBe('embedded');
    expect(config.bus).toBe('in-process');
  });

  it('names the process it configures', () => {
    expect(loadConfig({}, 'projector').processName).toBe('projector');
  });

  it('reads every variable from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/followup',
      MONGO_DB: 'county',
      KAFKA_TOPIC_PREFIX: 'test.',
      AUTH_JWT_SECRET: 'a-shared-secret',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      LOG_LEVEL: 'debug',
      READ_MODEL_WAIT_MS: '0',
      OUTBOX_SWEEP_MS: '250',
      INDICATOR_ON_TRACK_RATIO: '0.9',
      INDICATOR_AT_RISK_RATIO: '0.5',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/followup',
      mongoDbName: 'county',
      kafkaTopicPrefix: 'test.',
      authJwtSecret: 'a-shared-secret',
      authJwksUrl: 'https://idp.example/jwks',
      logLevel: 'debug',
      readModelWaitMs: 0,
      outboxSweepMs: 250,
      indicatorOnTrack: 0.9,
      indicatorAtRisk: 0.5,
    });
  });

  it('treats empty and blank values as unset', () => {
    const config = loadConfig({ PORT: '', MONGO_URL: '   ', KAFKA_BROKERS: ' , ', AUTH_JWT_SECRET: ' ', HOST: '' });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      mongoUrl: null,
      kafkaBrokers: [],
      authJwtSecret: null,
    });
    expect(config.storage).toBe('embedded');
    expect(config.bus).toBe('in-process');
  });

  it('stores events in MongoDB when MONGO_URL is set', () => {
    const config = loadConfig({ MONGO_URL: ' mongodb://127.0.0.1:27017 ' });
    expect(config.mongoUrl).toBe('mongodb://127.0.0.1:27017');
    expect(config.storage).toBe('mongodb');
    expect(config.bus).toBe('in-process');
  });

  it('loads the demo portfolio on the embedded default unless DEMO_DATA is false, never with MONGO_URL', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }).demoData).toBe(false);
    expect(loadConfig({ DEMO_DATA: '0' }).demoData).toBe(false);
    expect(loadConfig({ MONGO_URL: 'mongodb://127.0.0.1:27017', DEMO_DATA: 'true' }).demoData).toBe(false);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow('DEMO_DATA must be true or false');
  });

  it('uses the database MONGO_URL names, unless MONGO_DB overrides it', () => {
    expect(loadConfig({ MONGO_URL: 'mongodb://db.example:27017/county?w=majority' }).mongoDbName).toBe('county');
    expect(loadConfig({ MONGO_URL: 'mongodb+srv://u:p@cluster.example/followup_prod' }).mongoDbName).toBe(
      'followup_prod',
    );
    expect(loadConfig({ MONGO_URL: 'mongodb://h1:27017,h2:27017/region?replicaSet=rs0' }).mongoDbName).toBe('region');
    expect(loadConfig({ MONGO_URL: 'mongodb://h1:27017/?w=majority' }).mongoDbName).toBe('followup');
    expect(loadConfig({ MONGO_URL: 'mongodb://h1:27017' }).mongoDbName).toBe('followup');
    expect(loadConfig({ MONGO_URL: 'mongodb://h1:27017/county', MONGO_DB: 'other' }).mongoDbName).toBe('other');
  });

  it('uses Kafka when KAFKA_BROKERS names at least one broker, trimming the list', () => {
    const config = loadConfig({ KAFKA_BROKERS: ' broker-1:9092, ,broker-2:9092 ' });
    expect(config.kafkaBrokers).toEqual(['broker-1:9092', 'broker-2:9092']);
    expect(config.bus).toBe('kafka');
    expect(config.storage).toBe('embedded');
  });

  it('refuses a number that is not one, naming the variable and the value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT must be a number >= 0, got "eighty"');
    expect(() => loadConfig({ READ_MODEL_WAIT_MS: 'Infinity' })).toThrow(/READ_MODEL_WAIT_MS/);
    expect(() => loadConfig({ INDICATOR_ON_TRACK_RATIO: 'high' })).toThrow(/INDICATOR_ON_TRACK_RATIO/);
  });

  it('refuses numbers below their minimum', () => {
    expect(() => loadConfig({ READ_MODEL_WAIT_MS: '-1' })).toThrow(
      'READ_MODEL_WAIT_MS must be a number >= 0, got "-1"',
    );
    expect(() => loadConfig({ OUTBOX_SWEEP_MS: '5' })).toThrow('OUTBOX_SWEEP_MS must be a number >= 10, got "5"');
    expect(loadConfig({ OUTBOX_SWEEP_MS: '10' }).outboxSweepMs).toBe(10);
  });

  it('refuses an at-risk threshold above the on-track threshold', () => {
    expect(() => loadConfig({ INDICATOR_AT_RISK_RATIO: '0.96' })).toThrow(
      'INDICATOR_AT_RISK_RATIO must not exceed INDICATOR_ON_TRACK_RATIO',
    );
    expect(() => loadConfig({ INDICATOR_ON_TRACK_RATIO: '0.7' })).toThrow(ConfigError);
    expect(loadConfig({ INDICATOR_ON_TRACK_RATIO: '0.8', INDICATOR_AT_RISK_RATIO: '0.8' }).indicatorAtRisk).toBe(0.8);
  });

  it('reads GOAL_POLICY: strict by default, advisory when set, anything else refused', () => {
    expect(loadConfig({}).goalPolicy).toBe('strict');
    expect(loadConfig({ GOAL_POLICY: ' advisory ' }).goalPolicy).toBe('advisory');
    expect(() => loadConfig({ GOAL_POLICY: 'lenient' })).toThrow(/GOAL_POLICY must be strict or advisory/);
  });
});
