// The largest objects of a V8 heap snapshot (bench --heap-snapshot writes
// test-output/bench/after-closing-N.heapsnapshot) and, for each, the shortest path of strong
// references that keeps it alive. Found the bench's own copies of request bodies once.
//
//   node --max-old-space-size=4096 bench/tools/heap-retainers.mjs FILE.heapsnapshot [min-bytes]
import * as fs from 'node:fs';

const [file, minBytes = '500000'] = process.argv.slice(2);
if (!file)
  throw new Error('usage: node bench/tools/heap-retainers.mjs FILE.heapsnapshot [min-bytes]');
const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
const meta = snapshot.snapshot.meta;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const field = (name) => meta.node_fields.indexOf(name);
const edgeField = (name) => meta.edge_fields.indexOf(name);
const [TYPE, NAME, SIZE, EDGES] = [
  field('type'),
  field('name'),
  field('self_size'),
  field('edge_count'),
];
const [EDGE_TYPE, EDGE_NAME, EDGE_TO] = [
  edgeField('type'),
  edgeField('name_or_index'),
  edgeField('to_node'),
];
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const { nodes, edges, strings } = snapshot;
const count = nodes.length / NF;
const retainers = Array.from({ length: count }, () => []);
for (let node = 0, edge = 0; node < count; node++) {
  for (let end = edge + nodes[node * NF + EDGES] * EF; edge < end; edge += EF) {
    if (edgeTypes[edges[edge + EDGE_TYPE]] !== 'weak')
      retainers[edges[edge + EDGE_TO] / NF].push([node, edge]);
  }
}
const describe = (node) =>
  `${nodeTypes[nodes[node * NF + TYPE]]} ${String(strings[nodes[node * NF + NAME]]).slice(0, 60)}`;
const edgeName = (edge) => {
  const type = edgeTypes[edges[edge + EDGE_TYPE]];
  const name = edges[edge + EDGE_NAME];
  return type === 'element' || type === 'hidden' ? `[${name}]` : String(strings[name]).slice(0, 40);
};
const large = [];
for (let node = 0; node < count; node++)
  if (nodes[node * NF + SIZE] >= Number(minBytes)) large.push(node);
large.sort((a, b) => nodes[b * NF + SIZE] - nodes[a * NF + SIZE]);
console.log(`${large.length} objects of ${minBytes} bytes or more`);
for (const target of large.slice(0, 12)) {
  console.log(`\n${(nodes[target * NF + SIZE] / 1048576).toFixed(2)} MB  ${describe(target)}`);
  const previous = new Map([[target, undefined]]);
  const queue = [target];
  let root;
  while (queue.length && root === undefined) {
    const node = queue.shift();
    for (const [holder, edge] of retainers[node]) {
      if (previous.has(holder)) continue;
      previous.set(holder, [node, edge]);
      if (holder === 0 || nodeTypes[nodes[holder * NF + TYPE]] === 'synthetic') {
        root = holder;
        break;
      }
      queue.push(holder);
    }
  }
  const path = [];
  for (let node = root; node !== undefined && node !== target;) {
    const [child, edge] = previous.get(node);
    path.push(`${describe(node)} --${edgeName(edge)}-->`);
    node = child;
  }
  console.log(`  ${path.slice(-12).join('\n  ')}`);
}
