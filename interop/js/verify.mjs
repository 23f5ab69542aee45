#!/usr/bin/env node
/**
 * Verifies credentials with the JavaScript reference (vc.verifyCredential,
 * eddsa-rdfc-2022 and eddsa-jcs-2022, safe mode, the static loader: bundled
 * contexts + did:key + supplied DID documents, never the network).
 *
 * stdin: JSON lines, one signed credential each.
 * stdout: exactly one JSON line per input line, in order:
 *   {"verified": bool, "errors": [{"name", "message"}], "statusChecked": false|null}
 *   `credentialStatus` is not fetched (offline, proofs only): statusChecked is
 *   false when the credential has one, null when it has none.
 * Exit status: 0 when every credential verified, 1 when any did not, 2 on bad usage.
 */
import {createStaticLoader, readDidDocuments} from './lib/loader.mjs';
import {
  describeErrors, parseArgs, stdinLines, verifyCredential, verifySuites, writeLine
} from './lib/reference.mjs';

const USAGE = `usage: node interop/js/verify.mjs [--did-documents FILE] < signed.jsonl
  --did-documents  JSON file of DID documents (did:web) the loader may serve`;

const options = parseArgs(process.argv.slice(2), {'did-documents': 'string'}, USAGE);
const documentLoader = createStaticLoader({
  didDocuments: options['did-documents'] ?
    readDidDocuments(options['did-documents']) : undefined
});
const suites = verifySuites();

let failed = 0;
for await (const line of stdinLines()) {
  let result;
  try {
    const credential = JSON.parse(line);
    result = await verifyCredential({credential, suites, documentLoader});
  } catch(error) {
    result = {
      verified: false, errors: describeErrors(error),
      statusChecked: null
    };
  }
  if(!result.verified) {
    failed++;
  }
  writeLine(result);
}
process.exitCode = failed ? 1 : 0;
