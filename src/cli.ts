// Administration CLI: npm run cli -- demo | import <file> | export [--format json|claimreview] | check | register-commands
// STUB until the CLI work lands.
process.stderr.write('usage: npm run cli -- demo | import <file> | export [--format json|claimreview] | check | register-commands\n');
process.exit(2);
