import { messageBusContract } from '../testing/message-bus.contract';
import { InProcessMessageBus } from './in-process-message-bus';

messageBusContract('in-process', async () => new InProcessMessageBus({ retryDelayMs: 5 }));
