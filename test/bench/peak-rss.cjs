// Preloaded into a measured child process (node --require): reports its peak RSS on exit.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nPEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
