// placeholder entry, replaced by the CLI module
process.exitCode = 2;
