// Preloaded into every process the production tests spawn (`node --require <this> dist/apps/...`).
// The test keeps this process's stdin open; when the test runner goes away in any way (even
// SIGKILL, when no afterAll runs), the pipe closes and the process ends itself, so no API or
// projector outlives its test. It does nothing else: the bundle runs unchanged.
'use strict';
const end = () => process.kill(process.pid, 'SIGKILL');
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
