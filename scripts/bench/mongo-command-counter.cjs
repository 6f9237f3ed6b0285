// Preloaded (NODE_OPTIONS=--require) into the processes `npm run bench -- --full` starts: counts the
// commands every MongoClient of the process sends (the driver's command monitoring) and the time
// they took, and writes both by command name ({ find: 12, 'find ms': 30.5, ... }) to
// $BENCH_MONGO_COUNTS_DIR/<pid>.json, four times a second and at exit.
'use strict';
const dir = process.env.BENCH_MONGO_COUNTS_DIR;
if (dir) {
  const { writeFileSync } = require('node:fs');
  const { join } = require('node:path');
  const counts = {};
  const { MongoClient } = require('mongodb');
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function (...args) {
    if (!this.commandsCounted) {
      this.commandsCounted = true;
      this.monitorCommands = true;
      this.on('commandStarted', (event) => {
        counts[event.commandName] = (counts[event.commandName] || 0) + 1;
      });
      const took = (event) => {
        const key = `${event.commandName} ms`;
        counts[key] = (counts[key] || 0) + event.duration;
      };
      this.on('commandSucceeded', took);
      this.on('commandFailed', took);
    }
    return connect.apply(this, args);
  };
  const write = () => {
    try {
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(counts));
    } catch {
      // the benchmark has gone: nothing to report to
    }
  };
  setInterval(write, 250).unref();
  process.on('exit', write);
}
