#!/usr/bin/env node
// `sentinel` (the engine) starts without loading the rest of the CLI, unless help is asked for.
const args = process.argv.slice(2);
if (args[0] === 'sentinel' && !args.includes('--help') && !args.includes('-h')) {
  const { sentinelMain } = await import('../dist/src/sentinel/io/sentinel-main.js');
  await sentinelMain(args.slice(1));
} else {
  const { main } = await import('../dist/src/cli/main.js');
  await main(process.argv);
}
