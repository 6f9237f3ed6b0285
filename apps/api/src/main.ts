import 'reflect-metadata';
import { startApi } from './bootstrap';

startApi().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
