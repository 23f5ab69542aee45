#!/usr/bin/env node
/**
 * Verifiable Presentations with the JavaScript reference (vc.signPresentation / vc.verify, Data Integrity
 * eddsa-rdfc-2022 and eddsa-jcs-2022, the static loader: bundled contexts + did:key, never the network).
 *
 * stdin: JSON lines, one request each:
 *   {"op": "sign", "presentation": {...unsigned, holder set from the key}, "challenge", "domain",
 *    "suite"?: "eddsa-rdfc-2022"}
 *     -> {"ok": true, "presentation": <signed>, "holder": <did:key>} (a fresh did:key holder per line)
 *   {"op": "verify", "presentation": {...signed}, "challenge", "domain"}
 *     -> {"verified": bool, "presentationVerified": bool, "credentialsVerified": [bool], "errors": [...]}
 *     (embedded credentials' status lists are not fetched: offline, proofs only)
 * stdout: exactly one JSON line per input line, in order.
 * Exit status: 0 when every line succeeded / verified, 1 when any did not, 2 on bad usage.
 */
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  cryptosuite as eddsaRdfc2022CryptoSuite
} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as createJcsSignCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {createStaticLoader} from './lib/loader.mjs';
import {
  collectErrors, describeErrors, loadOrGenerateKey, stdinLines, verifySuites, writeLine
} from './lib/reference.mjs';

const documentLoader = createStaticLoader({});
const suites = verifySuites();

async function statusNotChecked() {
  return {verified: true, checked: false};
}

async function sign({presentation, challenge, domain, suite = 'eddsa-rdfc-2022'}) {
  const keyPair = await loadOrGenerateKey();
  const unsigned = {...structuredClone(presentation), holder: keyPair.controller};
  const cryptosuite = suite === 'eddsa-jcs-2022' ? createJcsSignCryptosuite() : eddsaRdfc2022CryptoSuite;
  const proofSuite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite});
  const signed = await vc.signPresentation({
    presentation: unsigned, suite: proofSuite, challenge, domain, documentLoader
  });
  return {ok: true, presentation: signed, holder: keyPair.controller};
}

async function verify({presentation, challenge, domain}) {
  const result = await vc.verify({
    presentation, challenge, domain, suite: suites, documentLoader, checkStatus: statusNotChecked
  });
  return {
    verified: result.verified === true,
    presentationVerified: result.presentationResult?.verified === true,
    credentialsVerified: (result.credentialResults || []).map(r => r.verified === true),
    errors: collectErrors(result)
  };
}

let failed = 0;
for await (const line of stdinLines()) {
  let answer;
  try {
    const request = JSON.parse(line);
    answer = request.op === 'sign' ? await sign(request) : await verify(request);
  } catch(error) {
    answer = {ok: false, verified: false, errors: describeErrors(error)};
  }
  if(!(answer.ok || answer.verified)) {
    failed++;
  }
  writeLine(answer);
}
process.exitCode = failed ? 1 : 0;
