// Starts `policy lsp` for JSON, YAML and Terraform files. The server's
// command (`lattice-policy.explainWitness`, run by the code lenses) is
// registered by vscode-languageclient from the server's capabilities.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('latticePolicy');
  const command = settings.get('path') || 'policy';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  const documents = ['json', 'jsonc', 'yaml', 'terraform'].map((language) => ({
    scheme: 'file',
    language,
  }));
  documents.push({ scheme: 'file', pattern: '**/lattice-policy.toml' });
  client = new LanguageClient('lattice-policy', 'VPC Lattice auth policies', server, {
    documentSelector: documents,
    initializationOptions: { debounceMs: settings.get('debounceMs') },
    synchronize: {
      // Configuration files changed outside the editor re-check every policy.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/lattice-policy.toml'),
    },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
