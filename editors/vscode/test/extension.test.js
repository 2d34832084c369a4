// Loads extension.js with stand-ins for `vscode` and `vscode-languageclient`
// (neither is installed offline) and checks what it asks the client to do:
// start `policy lsp` (the configured binary) over stdio for JSON, YAML and
// Terraform documents and lattice-policy.toml. Run: node test/extension.test.js
'use strict';
const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');

const started = [];
const settings = { path: '/opt/bin/policy', debounceMs: 90 };
const vscode = {
  workspace: {
    getConfiguration(section) {
      assert.equal(section, 'latticePolicy');
      return { get: (key) => settings[key] };
    },
    createFileSystemWatcher: (glob) => ({ glob }),
  },
};
class LanguageClient {
  constructor(id, name, server, options) {
    Object.assign(this, { id, name, server, options, running: false });
    started.push(this);
  }
  start() {
    this.running = true;
    return Promise.resolve();
  }
  stop() {
    this.running = false;
    return Promise.resolve();
  }
}
const client = { LanguageClient, TransportKind: { stdio: 0, ipc: 1 } };

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return client;
  return load.call(this, request, parent, isMain);
};

async function main() {
  const extension = require(path.join(__dirname, '..', 'extension.js'));
  const context = { subscriptions: [] };
  await extension.activate(context);

  assert.equal(started.length, 1);
  const c = started[0];
  assert.equal(c.id, 'lattice-policy');
  assert.deepEqual(c.server, { command: '/opt/bin/policy', args: ['lsp'], transport: 0 });
  const languages = c.options.documentSelector.filter((d) => d.language).map((d) => d.language);
  for (const language of ['json', 'yaml', 'terraform']) {
    assert.ok(languages.includes(language), `${language} in ${languages}`);
  }
  assert.ok(c.options.documentSelector.every((d) => d.scheme === 'file'));
  assert.ok(c.options.documentSelector.some((d) => d.pattern === '**/lattice-policy.toml'));
  assert.deepEqual(c.options.initializationOptions, { debounceMs: 90 });
  assert.equal(c.options.synchronize.fileEvents.glob, '**/lattice-policy.toml');
  assert.ok(context.subscriptions.includes(c), 'the client is disposed with the extension');
  assert.ok(c.running);
  await extension.deactivate();
  assert.ok(!c.running);

  // Without a configured path, `policy` from PATH.
  settings.path = undefined;
  await extension.activate({ subscriptions: [] });
  assert.equal(started[1].server.command, 'policy');

  // The manifest activates on the same languages and declares the client.
  const manifest = require(path.join(__dirname, '..', 'package.json'));
  for (const language of ['json', 'yaml', 'terraform']) {
    assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  }
  assert.equal(manifest.main, './extension.js');
  assert.ok(manifest.dependencies['vscode-languageclient']);
  assert.ok(manifest.contributes.configuration.properties['latticePolicy.path']);
  console.log('ok: extension.js starts `policy lsp` for json, yaml and terraform');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
