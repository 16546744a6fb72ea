// Summarises a V8 CPU profile (bench --profile-activation writes test-output/bench/activation-N.cpuprofile):
// self time by script and by function, and inclusive time of the extension's own frames.
//
//   node bench/tools/cpuprofile-summary.mjs test-output/bench/activation-1.cpuprofile [script-name-pattern]
import * as fs from 'node:fs';

const [file, pattern = 'extension\\.js$'] = process.argv.slice(2);
if (!file)
  throw new Error(
    'usage: node bench/tools/cpuprofile-summary.mjs FILE.cpuprofile [script-name-pattern]',
  );
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
profile.samples.forEach((id, index) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
);
const script = (node) =>
  (node.callFrame.url || `(${node.callFrame.functionName})`).replace(/.*\//, '');
const ms = (us) => `${(us / 1000).toFixed(2).padStart(8)} ms`;
const byScript = new Map();
const byFunction = new Map();
for (const [id, us] of self) {
  const node = nodes.get(id);
  byScript.set(script(node), (byScript.get(script(node)) ?? 0) + us);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${script(node)}:${node.callFrame.lineNumber}:${node.callFrame.columnNumber}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}
const top = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
console.log(`sampled ${ms([...self.values()].reduce((a, b) => a + b, 0))}\n\nself time by script:`);
for (const [name, us] of top(byScript, 12)) console.log(`${ms(us)}  ${name}`);
console.log('\nself time by function:');
for (const [name, us] of top(byFunction, 20)) console.log(`${ms(us)}  ${name}`);
const inclusive = new Map();
const total = (id) => {
  if (inclusive.has(id)) return inclusive.get(id);
  const node = nodes.get(id);
  const sum =
    (self.get(id) ?? 0) + (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
  inclusive.set(id, sum);
  return sum;
};
const matcher = new RegExp(pattern);
console.log(
  `\ninclusive time of frames in scripts matching /${pattern}/ (minified names; line:column in the bundle):`,
);
for (const node of profile.nodes
  .filter((candidate) => matcher.test(candidate.callFrame.url))
  .sort((a, b) => total(b.id) - total(a.id))
  .slice(0, 20)) {
  console.log(
    `${ms(total(node.id))}  ${node.callFrame.functionName || '(anonymous)'} :${node.callFrame.lineNumber}:${node.callFrame.columnNumber}`,
  );
}
