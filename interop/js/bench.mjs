#!/usr/bin/env node
/**
 * Measures the JavaScript reference: credentials issued per second (vc.issue)
 * and verified per second (vc.verifyCredential), one at a time on one core,
 * with the static loader and a did:key issuer generated here (the credential's
 * `issuer` / `issuer.id` is set to it).
 *
 * One-shot:  node interop/js/bench.mjs --credential FILE [--seconds N]
 *              [--suite eddsa-rdfc-2022|eddsa-jcs-2022|all]
 *            prints one JSON object: {node, packages, results: [{suite, op,
 *            count, seconds, perSecond}]}
 * Serve:     node interop/js/bench.mjs --credential FILE --serve
 *            reads JSON lines {"op": "issue"|"verify", "suite": ..., "seconds": N}
 *            and answers each with one result line; it stays warm between
 *            rounds, so a driver (bench/credentials.py) can interleave its own
 *            rounds with the reference's. The first line it prints is
 *            {"ready": true, node, packages, warmup}.
 */
import {createStaticLoader} from './lib/loader.mjs';
import {
  loadOrGenerateKey, parseArgs, readJson, signCredential, SUITES, stdinLines,
  verifyCredential, verifySuites, writeLine
} from './lib/reference.mjs';
import {performance} from 'node:perf_hooks';

const USAGE = `usage: node interop/js/bench.mjs --credential FILE [--seconds N]
       [--suite ${SUITES.join('|')}|all] [--serve]`;

const PACKAGES = [
  '@digitalbazaar/vc', '@digitalbazaar/data-integrity',
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite',
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite', '@digitalbazaar/ed25519-multikey',
  'jsonld', 'rdf-canonize'
];

async function packageVersions() {
  const versions = {};
  for(const name of PACKAGES) {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    versions[name] = readJson(url).version;
  }
  return versions;
}

function withIssuer(credential, did) {
  const copy = structuredClone(credential);
  if(copy.issuer && typeof copy.issuer === 'object') {
    copy.issuer.id = did;
  } else {
    copy.issuer = did;
  }
  return copy;
}

async function makeContext(credentialPath) {
  const documentLoader = createStaticLoader();
  const keyPair = await loadOrGenerateKey();
  const credential = withIssuer(readJson(credentialPath), keyPair.controller);
  const signed = {};
  for(const suite of SUITES) {
    signed[suite] = await signCredential(
      {credential, keyPair, suite, documentLoader});
    const check = await verifyCredential({
      credential: signed[suite], suites: verifySuites(), documentLoader
    });
    if(!check.verified) {
      throw new Error(
        `the reference cannot verify its own ${suite} credential: ` +
        JSON.stringify(check.errors));
    }
  }
  return {documentLoader, keyPair, credential, signed};
}

/** Runs `op` sequentially for `seconds`; returns the count and elapsed time. */
async function measure(ctx, {op, suite, seconds}) {
  if(!SUITES.includes(suite)) {
    throw new Error(`unknown suite ${suite}`);
  }
  const {documentLoader, keyPair, credential, signed} = ctx;
  // every operation starts from JSON text, as a service receives it, and
  // gets fresh suites: nothing is cached per document (the driver does the same)
  const unsignedText = JSON.stringify(credential);
  const signedText = JSON.stringify(signed[suite]);
  let once;
  if(op === 'issue') {
    once = () => signCredential({
      credential: JSON.parse(unsignedText), keyPair, suite, documentLoader
    });
  } else if(op === 'verify') {
    once = async () => {
      const result = await verifyCredential({
        credential: JSON.parse(signedText), suites: verifySuites(),
        documentLoader
      });
      if(!result.verified) {
        throw new Error(`verification failed: ${JSON.stringify(result.errors)}`);
      }
    };
  } else {
    throw new Error(`unknown op ${op}`);
  }
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  let now = start;
  while(now < deadline) {
    await once();
    count++;
    now = performance.now();
  }
  const elapsed = (now - start) / 1000;
  return {op, suite, count, seconds: elapsed, perSecond: count / elapsed};
}

const options = parseArgs(process.argv.slice(2), {
  credential: 'string', seconds: 'string', suite: 'string', serve: 'boolean'
}, USAGE);
if(!options.credential) {
  process.stderr.write(`--credential is required\n${USAGE}\n`);
  process.exit(2);
}
const seconds = Number(options.seconds ?? 3);
const suites = !options.suite || options.suite === 'all' ? SUITES : [options.suite];

const ctx = await makeContext(options.credential);
const header = {node: process.version, packages: await packageVersions()};

// warm up the JIT and jsonld's context cache before anything is timed
const warmup = [];
for(const suite of SUITES) {
  for(const op of ['issue', 'verify']) {
    warmup.push(await measure(ctx, {op, suite, seconds: Math.min(0.5, seconds)}));
  }
}

if(options.serve) {
  writeLine({ready: true, ...header, warmup});
  for await (const line of stdinLines()) {
    try {
      const request = JSON.parse(line);
      writeLine(await measure(ctx, {
        op: request.op, suite: request.suite, seconds: Number(request.seconds)
      }));
    } catch(error) {
      writeLine({error: {name: error.name, message: error.message}});
    }
  }
} else {
  const results = [];
  for(const suite of suites) {
    for(const op of ['issue', 'verify']) {
      results.push(await measure(ctx, {op, suite, seconds}));
    }
  }
  writeLine({...header, results});
}
