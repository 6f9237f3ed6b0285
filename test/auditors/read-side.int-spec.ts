import { startProductionApi } from '../support/api-harness';
import { readSideSuite } from '../shared/read-side.suite';

jest.setTimeout(60_000);
readSideSuite('MongoDB + Kafka', startProductionApi);
