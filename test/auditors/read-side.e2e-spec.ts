import { startApi } from '../support/api-harness';
import { readSideSuite } from '../shared/read-side.suite';

readSideSuite('embedded', startApi);
