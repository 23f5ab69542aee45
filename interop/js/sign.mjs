#!/usr/bin/env node
/**
 * Signs credentials with the JavaScript reference (vc.issue + Data Integrity).
 *
 * stdin: JSON lines. Each line is an unsigned credential, or an envelope
 *   {"credential": {...}, "suite": "eddsa-jcs-2022", "created": "..."} to set
 *   the cryptosuite or proof date for that line.
 * stdout: JSON lines. The FIRST line is {"publicKey": <public Multikey doc>}
 *   (the verification method's id, controller = its did:key, publicKeyMultibase);
 *   then exactly one line per input line, in order:
 *   {"ok": true, "credential": <signed>} or {"ok": false, "error": {name, message}}.
 *   A credential the reference refuses (e.g. a term its contexts do not define:
 *   safe mode) is reported on its line; the batch goes on.
 * Exit status: 0 when every line was signed, 1 when any was refused, 2 on bad usage.
 */
import {createStaticLoader, readDidDocuments} from './lib/loader.mjs';
import {
  describeErrors, loadOrGenerateKey, parseArgs, publicKeyDocument, readJson, secretKeyDocument,
  signCredential, SUITES, stdinLines, writeLine
} from './lib/reference.mjs';
import {writeFileSync} from 'node:fs';

const USAGE = `usage: node interop/js/sign.mjs [--key MULTIKEY.json] [--key-out FILE]
       [--suite ${SUITES.join('|')}] [--created DATETIME] [--issuer-from-key]
       [--did-documents FILE] < unsigned.jsonl
  --key            sign with this Multikey document (needs secretKeyMultibase); default: generate one
  --key-out        write the key's full Multikey document (secret included, mode 0600) to FILE
  --suite          default cryptosuite (default eddsa-rdfc-2022)
  --created        proof "created" date-time (default: now)
  --issuer-from-key  set each credential's issuer (or issuer.id) to the key's controller (did:key)
  --did-documents  JSON file of DID documents (did:web) the loader may serve`;

const options = parseArgs(process.argv.slice(2), {
  key: 'string', 'key-out': 'string', suite: 'string', created: 'string',
  'did-documents': 'string', 'issuer-from-key': 'boolean'
}, USAGE);
const defaultSuite = options.suite || 'eddsa-rdfc-2022';
if(!SUITES.includes(defaultSuite)) {
  process.stderr.write(`unknown suite ${defaultSuite}\n${USAGE}\n`);
  process.exit(2);
}

const documentLoader = createStaticLoader({
  didDocuments: options['did-documents'] ?
    readDidDocuments(options['did-documents']) : undefined
});
const keyPair = await loadOrGenerateKey(
  options.key ? readJson(options.key) : undefined);
if(options['key-out']) {
  writeFileSync(options['key-out'],
    `${JSON.stringify(await secretKeyDocument(keyPair), null, 2)}\n`, {mode: 0o600});
}
writeLine({publicKey: await publicKeyDocument(keyPair)});

let refused = 0;
for await (const line of stdinLines()) {
  try {
    const input = JSON.parse(line);
    const envelope = input && typeof input === 'object' && !('@context' in input) &&
      'credential' in input;
    const credential = envelope ? input.credential : input;
    if(options['issuer-from-key']) {
      if(credential.issuer && typeof credential.issuer === 'object') {
        credential.issuer.id = keyPair.controller;
      } else {
        credential.issuer = keyPair.controller;
      }
    }
    const suite = (envelope && input.suite) || defaultSuite;
    const created = (envelope && input.created) || options.created;
    const signed = await signCredential(
      {credential, keyPair, suite, created, documentLoader});
    writeLine({ok: true, credential: signed});
  } catch(error) {
    refused++;
    writeLine({ok: false, error: describeErrors(error)[0], errors: describeErrors(error)});
  }
}
process.exitCode = refused ? 1 : 0;
