// Mocha's spec output, plus the run's counts written as JSON, so `npm test` can add the tiers
// up without parsing text. The output file comes from `--reporter-option output=FILE` (or the
// `output` reporter option in the programmatic API), else from $MMR_MOCHA_SUMMARY.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const reporterOptions = options.reporterOption || options.reporterOptions || {};
    const output = reporterOptions.output || process.env.MMR_MOCHA_SUMMARY;
    const failed = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test) => failed.push(test.fullTitle()));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (!output) return;
      const { passes = 0, failures = 0, pending = 0, tests = 0, duration = 0 } = this.stats;
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(
        output,
        JSON.stringify({ passes, failures, pending, tests, duration, failed }, null, 2) + '\n',
      );
    });
  }
}

module.exports = SummaryReporter;
