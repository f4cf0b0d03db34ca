// Synthetic Mermaid diagrams for the benchmarks: deterministic for a given size.

/** Labels that exercise inference: technologies, kinds, data classes and protocols. */
const NODE_LABELS = [
  ['[', ']', 'App Service'],
  ['[(', ')]', 'Redis Cache'],
  ['[(', ')]', 'Customer DB'],
  ['[', ']', 'Log Service'],
  ['((', '))', 'API Gateway'],
  ['[', ']', 'Analytics DB'],
  ['[', ']', 'Monitoring Service'],
  ['[', ']', 'Payment Worker'],
];
const EDGE_LABELS = ['', '|HTTPS|', '|gRPC|', '|TCP|', '', '|mTLS|'];

/** n nodes in subgraphs of `zoneSize` (the first a DMZ) and 2n pseudo-random edges. */
export function syntheticDiagram(n, zoneSize = 50) {
  const lines = ['flowchart LR', '  user[User] -->|HTTPS| n0'];
  for (let zone = 0; zone * zoneSize < n; zone++) {
    lines.push(`  subgraph z${zone}[${zone === 0 ? 'DMZ' : `Private ${zone}`}]`);
    for (let i = zone * zoneSize; i < Math.min(n, (zone + 1) * zoneSize); i++) {
      const [open, close, label] = NODE_LABELS[i % NODE_LABELS.length];
      lines.push(`    n${i}${open}${label} ${i}${close}`);
    }
    lines.push('  end');
  }
  let seed = n;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let e = 0; e < 2 * n; e++) {
    const from = next() % n;
    const to = next() % n;
    lines.push(`  n${from} -->${EDGE_LABELS[e % EDGE_LABELS.length]} n${to}`);
  }
  return `${lines.join('\n')}\n`;
}
