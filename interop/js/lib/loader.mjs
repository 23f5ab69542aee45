/**
 * A static JSON-LD document loader for the JavaScript reference, built ONLY from
 * the contexts bundled in microcred (src/credcore/contexts/index.json + files/),
 * plus did:key resolution (by @digitalbazaar/did-method-key, offline) and
 * did:web documents handed in explicitly. Anything else is refused: the
 * reference must never reach the network, and must see exactly the contexts an
 * offline verifier of microcred credentials would preload.
 *
 * Each bundled file is checked against the sha256 recorded in index.json, like
 * the Python loader does, so both sides provably read the same bytes.
 */
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export const CONTEXTS_DIR = fileURLToPath(
  new URL('../../../src/credcore/contexts/', import.meta.url));

/** Thrown for every URL the static loader will not serve. */
export class RefusedDocumentError extends Error {
  constructor(url, why) {
    super(`Static document loader refused "${url}": ${why}.`);
    this.name = 'RefusedDocumentError';
    this.url = url;
  }
}

/**
 * Reads the bundled contexts, verifying each file's sha256.
 *
 * @param {string} [dir] - The contexts directory (holding index.json and files/).
 * @returns {Map<string, object>} URL -> parsed context document.
 */
export function loadBundledContexts(dir = CONTEXTS_DIR) {
  const index = JSON.parse(readFileSync(`${dir}/index.json`, 'utf8'));
  const contexts = new Map();
  for(const [url, entry] of Object.entries(index)) {
    const bytes = readFileSync(`${dir}/files/${entry.file}`);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if(digest !== entry.sha256) {
      throw new Error(
        `Bundled context ${url} (${entry.file}) does not match its sha256.`);
    }
    contexts.set(url, Object.freeze(JSON.parse(bytes.toString('utf8'))));
  }
  return contexts;
}

/**
 * Reads did:web (or any other DID) documents supplied in a JSON file: either
 * one DID document, an array of them, or an object mapping DID -> document.
 *
 * @param {string} path - The file.
 * @returns {Map<string, object>} DID -> DID document.
 */
export function readDidDocuments(path) {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  let documents;
  if(Array.isArray(data)) {
    documents = data;
  } else if(typeof data.id === 'string') {
    documents = [data];
  } else {
    documents = Object.values(data);
  }
  const map = new Map();
  for(const doc of documents) {
    if(!doc || typeof doc.id !== 'string' || !doc.id.startsWith('did:')) {
      throw new Error(`${path}: every DID document needs a DID "id".`);
    }
    map.set(doc.id, doc);
  }
  return map;
}

function _document(url, document) {
  return {contextUrl: null, documentUrl: url, document};
}

/** Finds a verification method inside a DID document, with its context. */
function _verificationMethodFrom(didDocument, url) {
  const [did, fragment] = url.split('#');
  const candidates = [
    ...(didDocument.verificationMethod || []),
    ...(didDocument.assertionMethod || []),
    ...(didDocument.authentication || [])
  ].filter(vm => typeof vm === 'object');
  const vm = candidates.find(
    vm => vm.id === url || vm.id === `#${fragment}` ||
      (vm.id.startsWith('#') && `${did}${vm.id}` === url));
  if(!vm) {
    return undefined;
  }
  return {
    '@context': didDocument['@context'],
    ...vm,
    id: url,
    controller: vm.controller || did
  };
}

/**
 * Creates the static document loader.
 *
 * @param {object} [options] - Options.
 * @param {Map<string, object>} [options.contexts] - Bundled contexts.
 * @param {Map<string, object>} [options.didDocuments] - Supplied DID documents
 *   (did:web), keyed by DID.
 * @returns {Function} An async jsonld.js-compatible document loader.
 */
export function createStaticLoader({
  contexts = loadBundledContexts(), didDocuments = new Map()
} = {}) {
  const didKeyDriver = DidKey.driver();
  didKeyDriver.use({
    multibaseMultikeyHeader: 'z6Mk',
    fromMultibase: Ed25519Multikey.from
  });

  return async function staticDocumentLoader(url) {
    if(typeof url !== 'string') {
      throw new RefusedDocumentError(String(url), 'not a string URL');
    }
    const context = contexts.get(url);
    if(context !== undefined) {
      return _document(url, context);
    }
    if(url.startsWith('did:key:')) {
      if(!url.startsWith('did:key:z6Mk')) {
        throw new RefusedDocumentError(url, 'only Ed25519 did:key is accepted');
      }
      // resolves locally: did:key is derived from the public key itself
      const document = await didKeyDriver.get({url});
      return _document(url, document);
    }
    if(url.startsWith('did:')) {
      const did = url.split('#')[0];
      const didDocument = didDocuments.get(did);
      if(didDocument === undefined) {
        throw new RefusedDocumentError(url, 'no DID document was supplied');
      }
      if(!url.includes('#')) {
        return _document(url, didDocument);
      }
      const vm = _verificationMethodFrom(didDocument, url);
      if(vm === undefined) {
        throw new RefusedDocumentError(
          url, 'the supplied DID document has no such verification method');
      }
      return _document(url, vm);
    }
    throw new RefusedDocumentError(
      url, 'not a bundled context, did:key, or supplied DID document ' +
        '(no network access)');
  };
}
