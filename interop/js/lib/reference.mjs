/**
 * The JavaScript reference (Digital Bazaar's vc + Data Integrity stack) wired
 * the way an independent offline verifier would run it: the static loader,
 * eddsa-rdfc-2022 and eddsa-jcs-2022, safe mode (the libraries' default), and
 * no network. Shared by sign.mjs, verify.mjs and bench.mjs.
 */
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  cryptosuite as eddsaRdfc2022CryptoSuite
} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as createJcsSignCryptosuite,
  createVerifyCryptosuite as createJcsVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {createInterface} from 'node:readline';
import {readFileSync} from 'node:fs';

export const SUITES = Object.freeze(['eddsa-rdfc-2022', 'eddsa-jcs-2022']);

function _signCryptosuite(name) {
  if(name === 'eddsa-rdfc-2022') {
    return eddsaRdfc2022CryptoSuite;
  }
  if(name === 'eddsa-jcs-2022') {
    return createJcsSignCryptosuite();
  }
  throw new Error(`Unknown cryptosuite "${name}" (use ${SUITES.join(' or ')}).`);
}

/** One verifying DataIntegrityProof per supported cryptosuite. */
export function verifySuites() {
  return [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
    new DataIntegrityProof({cryptosuite: createJcsVerifyCryptosuite()})
  ];
}

/**
 * Generates a did:key Ed25519 Multikey pair, or imports one from a Multikey
 * JSON document (with `secretKeyMultibase`).
 *
 * @param {object} [keyDocument] - A Multikey document; generate when absent.
 * @returns {Promise<object>} The key pair (with id and controller set).
 */
export async function loadOrGenerateKey(keyDocument) {
  if(keyDocument) {
    if(!keyDocument.secretKeyMultibase) {
      throw new Error('The key document has no "secretKeyMultibase".');
    }
    let {id, controller} = keyDocument;
    if(!controller) {
      controller = `did:key:${keyDocument.publicKeyMultibase}`;
    }
    if(!id) {
      id = `${controller}#${keyDocument.publicKeyMultibase}`;
    } else if(id.startsWith('#')) {
      id = `${controller}${id}`;
    }
    return Ed25519Multikey.from({...keyDocument, id, controller});
  }
  const generated = await Ed25519Multikey.generate();
  const fingerprint = generated.publicKeyMultibase;
  const controller = `did:key:${fingerprint}`;
  const exported = await generated.export(
    {publicKey: true, secretKey: true, includeContext: true});
  return Ed25519Multikey.from(
    {...exported, id: `${controller}#${fingerprint}`, controller});
}

/** The key's public Multikey document (never the secret). */
export async function publicKeyDocument(keyPair) {
  return keyPair.export({publicKey: true, includeContext: true});
}

/** The key's full Multikey document, secret included (canonical 32-byte seed form). */
export async function secretKeyDocument(keyPair) {
  return keyPair.export(
    {publicKey: true, secretKey: true, includeContext: true, canonicalize: true});
}

/**
 * Signs one credential with vc.issue.
 *
 * @param {object} options - Options.
 * @param {object} options.credential - The unsigned credential (not mutated).
 * @param {object} options.keyPair - The Ed25519 Multikey pair.
 * @param {string} [options.suite] - The cryptosuite name.
 * @param {string} [options.created] - The proof's `created` date-time.
 * @param {Function} options.documentLoader - The static loader.
 * @returns {Promise<object>} The signed credential.
 */
export async function signCredential({
  credential, keyPair, suite = 'eddsa-rdfc-2022', created, documentLoader
}) {
  const proofSuite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: _signCryptosuite(suite),
    ...(created ? {date: created} : {})
  });
  return vc.issue({
    credential: structuredClone(credential), suite: proofSuite, documentLoader
  });
}

/**
 * The reference does not fetch status lists here (offline, proofs only): a
 * present `credentialStatus` is accepted and reported as not checked.
 */
async function _statusNotChecked() {
  return {verified: true, checked: false};
}

/**
 * Verifies one credential with vc.verifyCredential and flattens the outcome.
 *
 * @param {object} options - Options.
 * @param {object} options.credential - The signed credential.
 * @param {Array} options.suites - From verifySuites().
 * @param {Function} options.documentLoader - The static loader.
 * @returns {Promise<object>} `{verified, errors: [{name, message}], statusChecked}`.
 */
export async function verifyCredential({credential, suites, documentLoader}) {
  const result = await vc.verifyCredential({
    credential, suite: suites, documentLoader, checkStatus: _statusNotChecked
  });
  return {
    verified: result.verified === true,
    errors: collectErrors(result),
    statusChecked: credential?.credentialStatus ? false : null
  };
}

/**
 * Every distinct error name and message inside an error, following
 * `errors` (jsigs' VerificationError), `cause` and jsonld's `details.cause`,
 * so the real reason (e.g. a refused URL under a jsonld.InvalidUrl) shows.
 */
export function describeErrors(...roots) {
  const seen = new Set();
  const errors = [];
  const visit = error => {
    if(!error) {
      return;
    }
    if(Array.isArray(error)) {
      error.forEach(visit);
      return;
    }
    const entry = {
      name: error.name || 'Error', message: String(error.message ?? error)
    };
    // jsonld safe mode: say which event (e.g. an undefined term) and where
    const event = error.details?.event;
    if(event) {
      entry.event = {code: event.code, message: event.message, details: event.details};
    }
    const key = `${entry.name}: ${entry.message}`;
    if(!seen.has(key)) {
      seen.add(key);
      errors.push(entry);
    }
    visit(error.errors);
    visit(error.cause);
    visit(error.details?.cause);
  };
  roots.forEach(visit);
  return errors;
}

/** All distinct errors inside a vc/jsigs verification result. */
export function collectErrors(result) {
  const roots = [result.error, ...(result.results || []).map(r => r.error)];
  if(result.statusResult && !result.statusResult.verified) {
    roots.push(result.statusResult.error || new Error('status check failed'));
  }
  return describeErrors(...roots);
}

/** Yields every non-empty line of stdin. */
export async function* stdinLines() {
  const lines = createInterface({input: process.stdin, crlfDelay: Infinity});
  for await (const line of lines) {
    if(line.trim() !== '') {
      yield line;
    }
  }
}

/** Writes one JSON value as a line to stdout. */
export function writeLine(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Reads a JSON file. */
export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Minimal `--name value` / `--flag` argument parsing (no dependency).
 *
 * @param {string[]} argv - process.argv.slice(2).
 * @param {object} spec - name -> 'string' | 'boolean'.
 * @param {string} usage - The usage text for errors and --help.
 * @returns {object} The parsed options.
 */
export function parseArgs(argv, spec, usage) {
  const options = {};
  for(let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if(arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if(!name || !(name in spec)) {
      process.stderr.write(`unknown argument: ${arg}\n${usage}\n`);
      process.exit(2);
    }
    if(spec[name] === 'boolean') {
      options[name] = true;
    } else {
      if(i + 1 >= argv.length) {
        process.stderr.write(`--${name} needs a value\n${usage}\n`);
        process.exit(2);
      }
      options[name] = argv[++i];
    }
  }
  return options;
}
